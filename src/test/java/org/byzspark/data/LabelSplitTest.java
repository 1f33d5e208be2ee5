package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelSplitTest {
  /** 1000 examples, 10 classes of 100, labels interleaved. */
  static int[] labels() {
    int[] y = new int[1000];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 10;
    }
    return y;
  }

  static int[] sizes(int[] a, int n) {
    int[] s = new int[n];
    for (int w : a) {
      s[w]++;
    }
    return s;
  }

  static int classesHeld(int[] hist) {
    return (int) Arrays.stream(hist).filter(c -> c > 0).count();
  }

  @Test
  void iidGivesEqualSharesAndMatchesThePartitioner() {
    int[] a = LabelSplit.parse("iid").assign(labels(), 10, 7, 3);
    for (int s : sizes(a, 7)) {
      assertTrue(s == 142 || s == 143, "size " + s);
    }
    org.byzspark.util.Permutation p = new org.byzspark.util.Permutation(1000, 3);
    for (int i = 0; i < 1000; i++) {
      assertEquals((int) (p.apply(i) * 7 / 1000), a[i]);
    }
  }

  @Test
  void classesKGivesEachWorkerExactlyKClasses() {
    int[] y = labels();
    int[] a = LabelSplit.parse("classes:2").assign(y, 10, 10, 1);
    int[][] h = LabelSplit.histograms(y, a, 10, 10);
    int total = 0;
    for (int[] row : h) {
      assertEquals(2, classesHeld(row), Arrays.toString(row));
      total += Arrays.stream(row).sum();
    }
    assertEquals(1000, total);
    for (int s : sizes(a, 10)) {
      assertEquals(100, s); // every class held by exactly two workers, 50 each
    }
    assertArrayEquals(a, LabelSplit.parse("classes:2").assign(y, 10, 10, 1));
    assertTrue(!Arrays.equals(a, LabelSplit.parse("classes:2").assign(y, 10, 10, 2)));
  }

  @Test
  void extremeShardsAreSortedByLabel() {
    int[] y = labels();
    int[] a = LabelSplit.parse("extreme").assign(y, 10, 20, 1);
    int[][] h = LabelSplit.histograms(y, a, 10, 20);
    for (int w = 0; w < 20; w++) {
      assertEquals(1, classesHeld(h[w]));
      assertEquals(50, h[w][w / 2]);
    }
  }

  @Test
  void dirichletIsSeededAndMoreSkewedForSmallAlpha() {
    int[] y = labels();
    int[] big = LabelSplit.parse("dirichlet:100").assign(y, 10, 5, 1);
    int[] small = LabelSplit.parse("dirichlet:0.3").assign(y, 10, 5, 1);
    assertArrayEquals(small, LabelSplit.parse("dirichlet:0.3").assign(y, 10, 5, 1));
    assertEquals(1000, Arrays.stream(sizes(small, 5)).sum());
    double skewBig = skew(LabelSplit.histograms(y, big, 10, 5));
    double skewSmall = skew(LabelSplit.histograms(y, small, 10, 5));
    assertTrue(skewSmall > 2 * skewBig, skewSmall + " vs " + skewBig);
    // Dirichlet(α) mean is 1/n for every component: check the gamma sampler's mean (shape 0.5)
    java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
    double s = 0;
    for (int i = 0; i < 20000; i++) {
      s += LabelSplit.gamma(0.5, rng);
    }
    assertEquals(0.5, s / 20000, 0.02); // sd of the mean: √0.5/√20000 = 0.005
  }

  /** Mean absolute deviation of the per-worker class counts from the uniform 20. */
  static double skew(int[][] h) {
    double s = 0;
    for (int[] row : h) {
      for (int c : row) {
        s += Math.abs(c - 20);
      }
    }
    return s / 50;
  }

  @Test
  void badSplitsAndEmptyWorkers() {
    for (String bad :
        new String[] {"classes:0", "classes:x", "dirichlet:0", "dirichlet:-1", "shards", "iid:3"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> LabelSplit.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("--split: " + bad), e.getMessage());
    }
    IllegalArgumentException k =
        assertThrows(
            IllegalArgumentException.class,
            () -> LabelSplit.parse("classes:11").assign(labels(), 10, 5, 1));
    assertTrue(k.getMessage().contains("more than the 10 classes"), k.getMessage());
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> LabelSplit.parse("dirichlet:0.001").assign(labels(), 10, 50, 1));
    assertTrue(empty.getMessage().contains("dirichlet:0.001 leaves worker"), empty.getMessage());
    assertTrue(empty.getMessage().contains("n=50"), empty.getMessage());
  }

  @Test
  void gammaByHand() {
    // 8 examples, labels 0,0,0,0,1,1,1,1, n = 2. γ = 0: all sorted by label, worker 0 gets the
    // four 0s; γ = 1: 4 each, drawn IID; γ = 0.5: 2 IID + 2 sorted each, and the sorted half of
    // worker 0 has labels no larger than worker 1's
    int[] y = {0, 0, 0, 0, 1, 1, 1, 1};
    assertArrayEquals(
        new int[] {0, 0, 0, 0, 1, 1, 1, 1}, LabelSplit.parse("gamma:0").assign(y, 2, 2, 7));
    assertArrayEquals(new int[] {4, 4}, sizes(LabelSplit.parse("gamma:1").assign(y, 2, 2, 7), 2));
    assertArrayEquals(new int[] {4, 4}, sizes(LabelSplit.parse("gamma:0.5").assign(y, 2, 2, 7), 2));
  }

  @Test
  void gammaMovesFromExtremeToIid() {
    int[] y = labels();
    int n = 5;
    double previousDominant = 1.01;
    for (double g : new double[] {0, 0.3, 0.5, 0.8, 1}) {
      int[] a = LabelSplit.parse("gamma:" + g).assign(y, 10, n, 1);
      assertArrayEquals(a, LabelSplit.parse("gamma:" + g).assign(y, 10, n, 1), "seeded");
      // equal shares: ⌊γN⌋ = 1000γ IID examples and 1000(1−γ) sorted ones, both divisible by 5
      assertArrayEquals(new int[] {200, 200, 200, 200, 200}, sizes(a, n), "gamma " + g);
      int[][] h = LabelSplit.histograms(y, a, 10, n);
      // heterogeneity falls as γ grows: the mean share of a worker's most frequent class
      double dominant = 0;
      for (int w = 0; w < n; w++) {
        dominant += Arrays.stream(h[w]).max().getAsInt() / 200.0 / n;
        if (g == 0) {
          assertEquals(2, classesHeld(h[w]));
        }
        if (g == 1) {
          assertEquals(10, classesHeld(h[w]));
        }
      }
      assertTrue(dominant < previousDominant, "gamma " + g + ": " + dominant);
      previousDominant = dominant;
    }
    for (String bad : new String[] {"gamma:-0.1", "gamma:1.5", "gamma:x", "gamma"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> LabelSplit.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("--split: " + bad), e.getMessage());
      assertTrue(e.getMessage().contains("gamma must be a number in [0, 1]"), e.getMessage());
    }
  }
}
