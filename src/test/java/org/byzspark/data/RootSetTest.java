package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.util.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FLTrust's root set: the class-balanced seeded draw, and its exclusion from the workers' data. */
class RootSetTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = LocalSpark.start("root-set-test");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  /** Labels of an unbalanced dataset: class c has 50·(c+1) examples, shuffled. */
  private static int[] unbalanced(int classes, long seed) {
    List<Integer> l = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k < 50 * (c + 1); k++) {
        l.add(c);
      }
    }
    java.util.Collections.shuffle(l, new java.util.Random(seed));
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void balancedSortedDistinctAndSeeded() {
    int[] y = unbalanced(10, 1);
    int[] a = RootSet.choose(y, 10, 100, 7);
    assertEquals(100, a.length);
    assertEquals(100, Arrays.stream(a).distinct().count());
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i - 1] < a[i], "increasing");
    }
    int[] counts = RootSet.classCounts(y, a, 10);
    int[] ten = new int[10];
    Arrays.fill(ten, 10);
    assertArrayEquals(ten, counts, "10 per class despite classes of 50 to 500 examples");
    assertArrayEquals(a, RootSet.choose(y, 10, 100, 7), "a pure function of the seed");
    assertFalse(Arrays.equals(a, RootSet.choose(y, 10, 100, 8)), "another seed, another draw");
    // 103 = 10 per class + one more for classes 0, 1, 2
    assertArrayEquals(
        new int[] {11, 11, 11, 10, 10, 10, 10, 10, 10, 10},
        RootSet.classCounts(y, RootSet.choose(y, 10, 103, 7), 10));
  }

  /** A class with too few examples gives all it has; the others make up the rest evenly. */
  @Test
  void aSmallClassIsUsedUpAndTheOthersFillIn() {
    int[] y = new int[103];
    for (int i = 0; i < 100; i++) {
      y[i] = 1 + i % 2; // 50 of class 1, 50 of class 2
    }
    y[100] = 0;
    y[101] = 0;
    y[102] = 0; // 3 of class 0
    assertArrayEquals(new int[] {3, 9, 8}, RootSet.classCounts(y, RootSet.choose(y, 3, 20, 1), 3));
    assertThrows(IllegalArgumentException.class, () -> RootSet.choose(y, 3, 104, 1));
  }

  /** Each example is drawn with the same frequency within its class over many seeds. */
  @Test
  void uniformWithinAClass() {
    int[] y = new int[40];
    for (int i = 0; i < 40; i++) {
      y[i] = i % 2;
    }
    int[] hits = new int[40];
    int trials = 4000;
    for (int s = 0; s < trials; s++) {
      for (int i : RootSet.choose(y, 2, 4, s)) {
        hits[i]++;
      }
    }
    for (int i = 0; i < 40; i++) {
      // 2 of 20 per class: probability 1/10
      assertEquals(0.1, hits[i] / (double) trials, 0.025, "example " + i);
    }
  }

  private static TrainingData data(int count) {
    SplittableRandom r = new SplittableRandom(5);
    List<Example> train = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // features (index, noise): an example is recognised by its first feature
      train.add(new Example(i, i % 4, new float[] {i, (float) r.nextGaussian()}));
    }
    JavaRDD<Example> rdd = sc.parallelize(train, 3);
    return new TrainingData(rdd, count, sc.parallelize(train.subList(0, 10), 1), 2, 4);
  }

  /**
   * Drawn from the training set: the root examples are collected in index order, and the data left
   * for the workers hold every other example exactly once, renumbered 0..N'−1 in order; dealt to
   * the workers, no worker holds a root example.
   */
  @Test
  void excludedFromTheWorkersShares() {
    TrainingData d = data(403);
    RootSet.Drawn drawn = RootSet.fromTraining(d, 40, 5, 11);
    assertEquals(40, drawn.block().rows());
    assertArrayEquals(new int[] {10, 10, 10, 10}, drawn.classCounts());
    Set<Integer> root = new HashSet<>();
    double[] x = drawn.block().slice(0, 40).x();
    for (int r = 0; r < 40; r++) {
      root.add((int) x[2 * r]);
      assertEquals(((int) x[2 * r]) % 4, drawn.block().label(r), "label follows its example");
      if (r > 0) {
        assertTrue(x[2 * r] > x[2 * (r - 1)], "index order");
      }
    }
    assertEquals(40, root.size());
    TrainingData rest = drawn.rest();
    assertEquals(363, rest.trainCount());
    List<Example> left = new ArrayList<>(rest.train().collect());
    left.sort(java.util.Comparator.comparingLong(Example::index));
    assertEquals(363, left.size());
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < left.size(); i++) {
      Example e = left.get(i);
      assertEquals(i, e.index(), "renumbered 0..N'-1");
      int original = (int) e.features()[0];
      assertFalse(root.contains(original), "root example " + original + " left to the workers");
      assertTrue(seen.add(original));
      assertEquals(original % 4, e.label());
      if (i > 0) {
        assertTrue(original > (int) left.get(i - 1).features()[0], "original order kept");
      }
    }
    // dealt to 5 workers: 363 examples, none of the root set
    int dealt = 0;
    for (DataBlock b : WorkerPartitioner.iid(rest.train(), 363, 5, 2, 11).collect()) {
      double[] bx = b.slice(0, b.rows()).x();
      for (int r = 0; r < b.rows(); r++) {
        assertFalse(root.contains((int) bx[2 * r]));
        dealt++;
      }
    }
    assertEquals(363, dealt);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RootSet.fromTraining(d, 399, 5, 11));
    assertEquals(
        "--root-size: 399 is not allowed with 403 training examples and 5 workers; allowed:"
            + " 1..398 (the root set is taken out of the workers' examples)",
        e.getMessage());
  }

  @Test
  void fromItsOwnDataset() {
    TrainingData d = data(100);
    RootSet.Drawn drawn = RootSet.from(d, 8, 3);
    assertEquals(8, drawn.block().rows());
    assertArrayEquals(new int[] {2, 2, 2, 2}, drawn.classCounts());
    assertEquals(null, drawn.rest());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RootSet.from(d, 101, 3));
    assertEquals(
        "--root-size: 101 is not allowed with 100 examples in --root-data; allowed: 1..100",
        e.getMessage());
  }
}
