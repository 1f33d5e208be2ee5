package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.ParallelCollectionRDD;
import org.byzspark.model.SparseBatch;
import org.byzspark.util.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synthetic dataset: spec parsing, the generator's definition, determinism, no driver data. */
class SyntheticDataTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = LocalSpark.start("synthetic-test");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  /** Every row of the blocks in order, as (label, cols, vals) strings. */
  static List<String> rowsOf(List<DataBlock> blocks) {
    List<String> out = new ArrayList<>();
    for (DataBlock b : blocks) {
      SparseBatch s = b.sliceSparse(0, b.rows());
      for (int r = 0; r < s.rows(); r++) {
        StringBuilder sb = new StringBuilder().append(s.y()[r]).append(':');
        for (int k = s.rowPtr()[r]; k < s.rowPtr()[r + 1]; k++) {
          sb.append(s.cols()[k]).append('=').append(s.vals()[k]).append(' ');
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  @Test
  void parseFillsDefaultsAndIsCanonical() {
    DatasetSpec spec = DatasetSpec.parse("synthetic:nnz=5, examples=1e3,d=10000000", "data");
    assertEquals("synthetic", spec.kind());
    assertEquals(
        "synthetic:d=10000000,examples=1000,nnz=5,test=100,noise=0.0,scale=5.0,seed=1",
        spec.toString());
    assertEquals(10_000_000, spec.knownDim());
    assertEquals(2, spec.knownClasses());
    assertTrue(spec.isSparse());
    assertEquals(spec, DatasetSpec.parse(spec.toString(), "elsewhere"));
    assertEquals(null, spec.augmentation());
  }

  @Test
  void badSpecsNameTheKey() {
    String[][] cases = {
      {
        "synthetic:d=0,examples=5,nnz=1",
        "synthetic key d=0 is not allowed; allowed: an integer in 1..100000000"
      },
      {"synthetic:d=10,examples=0,nnz=1", "synthetic key examples=0 is not allowed"},
      {"synthetic:d=10,examples=5,nnz=0", "synthetic key nnz=0 is not allowed"},
      {"synthetic:d=10,examples=5,nnz=1,test=0", "synthetic key test=0 is not allowed"},
      {"synthetic:d=10,examples=5,nnz=1,scale=-1", "synthetic key scale=-1.0 is not allowed"},
      {"synthetic:d=10,examples=5,nnz=1,seed=x", "synthetic key seed=x is not allowed"},
      {"synthetic:d=10,examples=5,nnz=1,", "synthetic item '' is not KEY=VALUE"},
      {"synthetic", "synthetic item '' is not KEY=VALUE"},
      {"synthetic:d=10,examples=5", "synthetic key nnz is missing"},
    };
    for (String[] c : cases) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse(c[0], "data"), c[0]);
      assertTrue(e.getMessage().startsWith("--dataset: "), e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage() + " should contain " + c[1]);
      assertEquals(1, e.getMessage().lines().count());
    }
  }

  @Test
  void rowsFollowTheDocumentedGenerator() {
    SyntheticData gen = SyntheticData.parse("d=50,examples=40,nnz=7,scale=3,seed=9");
    DataBlock block = gen.rows(0, 40);
    SparseBatch s = block.sliceSparse(0, 40);
    for (int r = 0; r < 40; r++) {
      // exactly nnz distinct increasing columns (DataBlock.sparse checks the order), values ±1
      assertEquals(7, s.rowPtr()[r + 1] - s.rowPtr()[r]);
      for (int k = s.rowPtr()[r]; k < s.rowPtr()[r + 1]; k++) {
        assertEquals(1.0, Math.abs(s.vals()[k]));
      }
    }
    // row 3 recomputed by hand from the class comment's recipe
    java.util.SplittableRandom rng =
        org.byzspark.util.Seeds.rng(9, org.byzspark.util.Seeds.Purpose.SYNTHETIC, 0, 3);
    java.util.TreeSet<Integer> taken = new java.util.TreeSet<>();
    for (int j = 50 - 7; j < 50; j++) {
      int t = rng.nextInt(j + 1);
      taken.add(taken.contains(t) ? j : t);
    }
    int[] cols = taken.stream().mapToInt(Integer::intValue).toArray();
    int[] got = java.util.Arrays.copyOfRange(s.cols(), s.rowPtr()[3], s.rowPtr()[4]);
    assertArrayEquals(cols, got);
    double z = 0;
    for (int k = 0; k < 7; k++) {
      double v = rng.nextBoolean() ? 1 : -1;
      assertEquals(v, s.vals()[s.rowPtr()[3] + k]);
      z += gen.weight(cols[k]) * v;
    }
    double u = rng.nextDouble();
    assertEquals(u < 1 / (1 + Math.exp(-z)) ? 1 : 0, s.y()[3]);
    // w*_j by Box–Muller from (kind 1, j), scaled by S/√K
    java.util.SplittableRandom w =
        org.byzspark.util.Seeds.rng(9, org.byzspark.util.Seeds.Purpose.SYNTHETIC, 1, 4);
    double u1 = ((w.nextLong() >>> 11) + 1) * 0x1.0p-53;
    double u2 = w.nextDouble();
    assertEquals(
        3 / Math.sqrt(7) * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2),
        gen.weight(4),
        1e-12);
  }

  @Test
  void labelsFollowTheLogisticModelAndTheNoise() {
    // with noise 0 the hidden classifier sign(w*·x) agrees with about E[σ(|z|)] ≈ 0.92 of labels
    // (S = 5); with noise 0.5 with about half
    for (double noise : new double[] {0.0, 0.5}) {
      SyntheticData gen =
          SyntheticData.parse("d=1000,examples=4000,nnz=20,noise=" + noise + ",seed=3");
      SparseBatch s = gen.rows(0, 4000).sliceSparse(0, 4000);
      int agree = 0;
      for (int r = 0; r < s.rows(); r++) {
        double z = 0;
        for (int k = s.rowPtr()[r]; k < s.rowPtr()[r + 1]; k++) {
          z += gen.weight(s.cols()[k]) * s.vals()[k];
        }
        agree += (z > 0 ? 1 : 0) == s.y()[r] ? 1 : 0;
      }
      double rate = agree / 4000.0;
      if (noise == 0) {
        assertTrue(rate > 0.88 && rate < 0.95, "agreement " + rate);
      } else {
        assertTrue(rate > 0.46 && rate < 0.54, "agreement " + rate);
      }
    }
  }

  @Test
  void sameRowsWhateverThePartitioning() {
    SyntheticData gen = SyntheticData.parse("d=100000,examples=103,nnz=40,test=57,seed=5");
    List<String> all = rowsOf(List.of(gen.rows(0, 103 + 57)));
    List<String> train = all.subList(0, 103);
    List<String> test = all.subList(103, 160);
    for (int workers : new int[] {1, 3, 8}) {
      List<DataBlock> blocks = gen.workerBlocks(sc, workers).collect();
      assertEquals(workers, blocks.size());
      assertEquals(train, rowsOf(blocks), "workers=" + workers);
      for (int w = 0; w < workers; w++) {
        long expected = gen.workerStart(w + 1, workers) - gen.workerStart(w, workers);
        assertEquals(expected, blocks.get(w).rows());
        assertTrue(expected == 103 / workers || expected == 103 / workers + 1);
      }
    }
    for (int partitions : new int[] {1, 4, 57}) {
      assertEquals(test, rowsOf(gen.testBlocks(sc, partitions).collect()), "p=" + partitions);
    }
    assertEquals(test, rowsOf(gen.testBlocks(sc).collect()));
    // another seed, other rows
    SyntheticData other = SyntheticData.parse("d=100000,examples=103,nnz=40,test=57,seed=6");
    assertNotEquals(all, rowsOf(List.of(other.rows(0, 160))));
  }

  @Test
  void theDriverHoldsOnlyTheGeneratorAndTheWorkerIndices() throws Exception {
    SyntheticData gen = SyntheticData.parse("d=10000000,examples=2000000000,nnz=100");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(gen);
    }
    assertTrue(bytes.size() < 400, "serialised generator: " + bytes.size() + " bytes");
    // the lineage: generated blocks over a parallelised list of the n worker indices, nothing else
    JavaRDD<DataBlock> blocks = gen.workerBlocks(sc, 5);
    assertEquals(1, blocks.rdd().dependencies().size());
    org.apache.spark.rdd.RDD<?> parent = blocks.rdd().dependencies().head().rdd();
    assertTrue(parent instanceof ParallelCollectionRDD, parent.toString());
    assertEquals(0, parent.dependencies().size());
    assertEquals(List.of(0, 1, 2, 3, 4), parent.toJavaRDD().collect());
  }

  @Test
  void sparseSamplingDrawsTheRowsOfDenseSampling() {
    SyntheticData gen = SyntheticData.parse("d=30,examples=50,nnz=4");
    DataBlock sparse = gen.rows(0, 50);
    SparseBatch all = sparse.sliceSparse(0, 50);
    DataBlock dense = new DataBlock(toFloat(all.toDense().x()), all.y(), 30);
    SparseBatch a = sparse.sampleSparse(8, new java.util.SplittableRandom(4), l -> 1 - l);
    org.byzspark.model.Batch b = dense.sample(8, new java.util.SplittableRandom(4), l -> 1 - l);
    assertArrayEquals(b.x(), a.toDense().x());
    assertArrayEquals(b.y(), a.y());
    assertThrows(
        IllegalArgumentException.class,
        () -> sparse.sample(8, new java.util.SplittableRandom(4), IntUnaryOperator.identity()));
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }
}
