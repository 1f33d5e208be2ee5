package org.byzspark.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.ClosureCleaner$;
import org.byzspark.util.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RddOps} against the {@code JavaRDD} operations it replaces, on local[2]: the same elements
 * in the same order (empty partitions and uneven ones included), and function objects that Spark's
 * closure cleaner does not take for Scala closures (so it neither parses class files nor serialises
 * them to check); {@link RddOps#cachedHere} returns the cached objects themselves, once a job has
 * cached them, and releases the blocks' read locks.
 */
class RddOpsTest {
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = LocalSpark.start("RddOpsTest");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  private static JavaRDD<Integer> numbers(int count, int partitions) {
    return sc.parallelize(IntStream.range(0, count).boxed().toList(), partitions);
  }

  @Test
  void collectMapFilterAsJavaRdd() {
    for (int[] shape : new int[][] {{100, 7}, {3, 5}, {0, 2}, {1, 1}}) {
      JavaRDD<Integer> x = numbers(shape[0], shape[1]);
      assertEquals(x.collect(), RddOps.collect(x));
      assertEquals(x.map(v -> v * v + 1).collect(), RddOps.collect(RddOps.map(x, v -> v * v + 1)));
      assertEquals(
          x.filter(v -> v % 3 == 1).collect(), RddOps.collect(RddOps.filter(x, v -> v % 3 == 1)));
      assertEquals(x.getNumPartitions(), RddOps.map(x, v -> v).getNumPartitions());
    }
  }

  @Test
  void zipPartitionsAsJavaRdd() {
    JavaRDD<Integer> a = numbers(40, 6);
    JavaRDD<Integer> b = numbers(12, 6).map(v -> 1000 * v);
    RddOps.Zip<Integer, Integer, String> f =
        (Iterator<Integer> p, Iterator<Integer> q) -> {
          List<String> out = new ArrayList<>();
          while (p.hasNext()) {
            out.add(p.next() + ":" + (q.hasNext() ? q.next() : -1));
          }
          return out.iterator();
        };
    List<String> expected =
        a.zipPartitions(b, (Iterator<Integer> p, Iterator<Integer> q) -> f.call(p, q)).collect();
    assertEquals(expected, RddOps.collect(RddOps.zipPartitions(a, b, f)));
    assertEquals(40, expected.size());
  }

  @Test
  void functionsAreNotScalaClosuresForSparksCleaner() {
    List<Object> fns =
        List.of(
            RddOps.scalaFunction((RddOps.Fn<Integer, Integer>) v -> v),
            RddOps.scalaFunction((RddOps.Zip<Integer, Integer, Integer>) (p, q) -> p),
            RddOps.collectFunction());
    for (Object fn : fns) {
      assertFalse(
          ClosureCleaner$.MODULE$.clean(fn, true, new scala.collection.mutable.HashMap<>()),
          fn.getClass().getName());
    }
  }

  @Test
  void unserialisableCaptureFailsWhenTheJobRuns() {
    Object notSerialisable = new Object();
    JavaRDD<Integer> mapped = RddOps.map(numbers(10, 2), v -> v + notSerialisable.hashCode() * 0);
    SparkException e = assertThrows(SparkException.class, () -> RddOps.collect(mapped));
    assertTrue(String.valueOf(e.getMessage()).contains("serializ"), e.getMessage());
  }

  @Test
  void cachedHereReadsWhatAJobCachedWithoutCopies() {
    JavaRDD<double[]> rows =
        RddOps.map(numbers(9, 3), v -> new double[] {v, v * 0.5, -v})
            .persist(org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
    for (int p = 0; p < 3; p++) {
      assertNull(RddOps.cachedHere(rows, p), "before a job cached partition " + p);
    }
    List<double[]> collected = RddOps.collect(rows); // caches every partition
    List<double[]> here = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      List<double[]> part = RddOps.cachedHere(rows, p);
      assertEquals(3, part.size());
      // the cached objects themselves: a second read returns the same arrays
      List<double[]> again = RddOps.cachedHere(rows, p);
      for (int i = 0; i < part.size(); i++) {
        assertSame(part.get(i), again.get(i));
      }
      here.addAll(part);
    }
    assertEquals(collected.size(), here.size());
    for (int i = 0; i < here.size(); i++) {
      assertArrayEquals(collected.get(i), here.get(i), "element " + i);
      assertNotSame(collected.get(i), here.get(i)); // collect deserialises copies
    }
    // the reads released their locks: the blocks can be removed, and are then gone
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> rows.unpersist(true));
    assertNull(RddOps.cachedHere(rows, 0));
  }
}
