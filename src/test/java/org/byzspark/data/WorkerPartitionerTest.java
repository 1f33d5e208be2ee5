package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.model.Batch;
import org.byzspark.util.LocalSpark;
import org.byzspark.util.Permutation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IID dealing: by a shuffle of the examples as read, or by index in each worker's task. */
class WorkerPartitionerTest {
  static JavaSparkContext sc;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    sc = LocalSpark.start("worker-partitioner-test");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  @Test
  void readingByIndexGivesTheBlocksOfTheShuffleWithoutOne() throws Exception {
    Path dir = tmp.resolve("idx");
    Synthetic.writeMnistLike(dir, 997, 40, 5, 6, 11);
    TrainingData data = IdxDataset.MNIST.load(sc, dir.toString(), 3);
    assertNotNull(data.byIndex(), "the IDX files are read by index");
    for (int workers : new int[] {1, 7, 15}) {
      for (long seed : new long[] {3, 42}) {
        JavaRDD<DataBlock> shuffled =
            WorkerPartitioner.iid(data.train(), data.trainCount(), workers, data.dim(), seed);
        Dealt dealt =
            WorkerPartitioner.iid(sc, data.byIndex(), data.trainCount(), workers, data.dim(), seed);
        JavaRDD<DataBlock> direct = dealt.blocks();
        assertEquals(workers, direct.getNumPartitions());
        // the indices travel in the broadcast plan, not in the partitions every task ships
        for (org.apache.spark.Partition p : direct.rdd().partitions()) {
          int bytes = serializedSize(p);
          assertTrue(bytes < 1024, "partition " + p.index() + " is " + bytes + " bytes");
        }
        assertFalse(direct.toDebugString().contains("Shuffled"), direct.toDebugString());
        assertTrue(shuffled.toDebugString().contains("Shuffled"), shuffled.toDebugString());
        List<DataBlock> a = shuffled.collect();
        List<DataBlock> b = direct.collect();
        assertEquals(workers, b.size());
        int rows = 0;
        for (int w = 0; w < workers; w++) {
          Batch x = a.get(w).slice(0, a.get(w).rows());
          Batch y = b.get(w).slice(0, b.get(w).rows());
          assertEquals(x.rows(), y.rows(), "worker " + w);
          assertArrayEquals(x.y(), y.y(), "worker " + w);
          assertArrayEquals(x.x(), y.x(), "worker " + w);
          rows += y.rows();
          assertTrue(
              Math.abs(y.rows() - 997.0 / workers) < 1, "equal shares: " + y.rows() + " rows");
        }
        assertEquals(997, rows);
        dealt.plan().destroy();
      }
    }
  }

  private static int serializedSize(Object o) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.size();
  }

  @Test
  void everyIndexBelongsToExactlyOneWorkerInIncreasingOrder() {
    Permutation perm = new Permutation(1000, 5);
    Set<Long> seen = new HashSet<>();
    List<long[]> all = WorkerPartitioner.indices(perm, 6, 1000);
    assertEquals(6, all.size());
    for (int w = 0; w < 6; w++) {
      long[] ix = all.get(w);
      assertTrue(ix.length == 166 || ix.length == 167, "share " + ix.length);
      for (int k = 0; k < ix.length; k++) {
        assertTrue(k == 0 || ix[k] > ix[k - 1]);
        assertEquals(w, (int) (perm.apply(ix[k]) * 6 / 1000));
        assertTrue(seen.add(ix[k]));
      }
    }
    assertEquals(1000, seen.size());
  }

  @Test
  void tooFewExamplesAreRefusedTheSameWayByBothPaths() throws Exception {
    Path dir = tmp.resolve("tiny");
    Synthetic.writeMnistLike(dir, 4, 2, 2, 2, 1);
    TrainingData data = IdxDataset.MNIST.load(sc, dir.toString(), 3);
    String expected = "--workers: 5 workers need at least as many training examples, got 4";
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () -> WorkerPartitioner.iid(data.train(), 4, 5, data.dim(), 1))
            .getMessage());
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () -> WorkerPartitioner.iid(sc, data.byIndex(), 4, 5, data.dim(), 1))
            .getMessage());
  }

  @Test
  void transformedDataHaveNoReaderByIndex() throws Exception {
    Path dir = tmp.resolve("binary");
    Synthetic.writeMnistLike(dir, 200, 20, 2, 2, 1);
    TrainingData data = IdxDataset.MNIST.load(sc, dir.toString(), 3);
    // a two-class subset renumbers the examples: its dealing goes through the shuffle
    assertNull(SplitDealing.binary(data, 0, 1).byIndex());
  }
}
