package org.byzspark.aggregation;

import static org.byzspark.aggregation.CoordTestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreAggregatorsTest {
  private static final Round R = Round.offline(42);
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  private static double[][] pre(String spec, double[][] x, int f) {
    return Aggregators.createPre(spec).apply(x, f, R);
  }

  private static double[][] col(double... v) {
    double[][] x = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      x[i] = new double[] {v[i]};
    }
    return x;
  }

  // ----- nnm -----

  @Test
  void nnmByHand() {
    // x = 0 1 3 10, f=1: each row averages its 3 nearest (itself included)
    // row 0: itself, 1 (dist 1), 3 (dist 3) -> 4/3
    // row 1: itself, 0 (1), 3 (2) -> 4/3
    // row 2 (3): itself, 1 (2), 0 (3) -> 4/3
    // row 3 (10): itself, 3 (7), 1 (9) -> 14/3
    double[][] y = pre("nnm", col(0, 1, 3, 10), 1);
    assertClose(new double[] {4.0 / 3, 4.0 / 3, 4.0 / 3, 14.0 / 3}, column(y), 1e-15, "nnm");
    // ties by lowest index: x = 0 2 -2 5, f=2 (2 neighbours)
    // row 0: 2 and -2 both at distance 2 -> worker 1 (value 2) -> 1
    // row 1 (2): 0 at 2 -> 1 ; row 2 (-2): 0 at 2 -> -1 ; row 3 (5): 2 at 3 -> 3.5
    y = pre("nnm", col(0, 2, -2, 5), 2);
    assertArrayEquals(new double[] {1, 1, -1, 3.5}, column(y), 0);
    // 2-D distances: (0,0) (3,4) (0,1) (10,10), f=2
    // row 0: nearest other (0,1) at 1 -> (0, .5); row 1 (3,4): (0,1) at sqrt(18) < 5 -> (1.5, 2.5)
    // row 2: (0,0) at 1 -> (0, .5); row 3: (3,4) at sqrt(85) -> (6.5, 7)
    y = pre("nnm", new double[][] {{0, 0}, {3, 4}, {0, 1}, {10, 10}}, 2);
    assertArrayEquals(new double[] {0, .5}, y[0], 0);
    assertArrayEquals(new double[] {1.5, 2.5}, y[1], 0);
    assertArrayEquals(new double[] {0, .5}, y[2], 0);
    assertArrayEquals(new double[] {6.5, 7}, y[3], 0);
  }

  @Test
  void nnmNonFiniteIsInfinitelyFar() {
    // x = 0 NaN 1 2, f=1: row 0 takes itself, 1 (worker 2) and 2 (worker 3): mean 1
    // row 2 (1): 0 and 2 at distance 1 each -> mean 1 ; row 3 (2): 1 at 1, 0 at 2 -> 1
    // row 1 (NaN) keeps itself -> stays NaN
    double[] y = column(pre("nnm", col(0, NAN, 1, 2), 1));
    assertEquals(1, y[0], 0);
    assertTrue(Double.isNaN(y[1]));
    assertEquals(1, y[2], 0);
    assertEquals(1, y[3], 0);
    // huge finite values do not overflow the distance: 1e200 vs 3e200 is nearer than 1e200 vs
    // -1e300
    double[][] z = pre("nnm", col(1e200, 3e200, -1e300), 1);
    assertEquals(2e200, z[0][0], 1e186);
    assertEquals(2e200, z[1][0], 1e186);
  }

  // ----- clip -----

  @Test
  void clipByHand() {
    double[][] x = {{3, 4}, {6, 8}, {0, 0}, {INF, 1}, {-INF, INF}, {NAN, 1}, {1e200, 1e200}};
    double[][] y = pre("clip:c=5", x, 2);
    assertArrayEquals(new double[] {3, 4}, y[0], 0); // norm 5 <= 5: unchanged
    assertArrayEquals(new double[] {3, 4}, y[1], 1e-15); // norm 10 -> halved
    assertArrayEquals(new double[] {0, 0}, y[2], 0);
    assertArrayEquals(new double[] {5, 0}, y[3], 0); // direction of the infinite entry
    double h = 5 / Math.sqrt(2);
    assertArrayEquals(new double[] {-h, h}, y[4], 1e-15);
    assertArrayEquals(new double[] {0, 0}, y[5], 0); // NaN: no direction
    assertArrayEquals(new double[] {h, h}, y[6], 1e-14); // norm sqrt(2)e200, no overflow
    for (double[] row : y) {
      assertTrue(CoordTestSupport.norm(row) <= 5 * (1 + 1e-15));
    }
  }

  @Test
  void clipParameters() {
    assertEquals(
        "clip needs parameter c (the norm threshold, > 0), e.g. clip:c=2",
        assertThrows(IllegalArgumentException.class, () -> Aggregators.createPre("clip"))
            .getMessage());
    assertEquals(
        "clip parameter c=-1 is invalid; allowed: a finite number > 0",
        assertThrows(IllegalArgumentException.class, () -> Aggregators.createPre("clip:c=-1"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Aggregators.createPre("clip:c=0"));
    assertThrows(IllegalArgumentException.class, () -> Aggregators.createPre("clip:c=Infinity"));
    assertEquals(
        "clip parameter c=abc is invalid; allowed: a finite number > 0",
        assertThrows(IllegalArgumentException.class, () -> Aggregators.createPre("clip:c=abc"))
            .getMessage());
    assertEquals(
        "unknown parameter 'k' for clip; allowed: c",
        assertThrows(IllegalArgumentException.class, () -> Aggregators.createPre("clip:c=1,k=2"))
            .getMessage());
  }

  // ----- arc -----

  @Test
  void arcByHand() {
    // n=5 f=1: k = floor(2*1*4/5) = floor(1.6) = 1 ; norms 5 1 10 2 3 -> 2nd largest C = 5
    double[][] x = {{3, 4}, {0, 1}, {6, 8}, {0, 2}, {0, 3}};
    double[][] y = pre("arc", x, 1);
    assertArrayEquals(new double[] {3, 4}, y[0], 0);
    assertArrayEquals(new double[] {0, 1}, y[1], 0);
    assertArrayEquals(new double[] {3, 4}, y[2], 1e-15);
    assertArrayEquals(new double[] {0, 2}, y[3], 0);
    assertArrayEquals(new double[] {0, 3}, y[4], 0);
    // f=0: k=0, nothing clipped
    assertArrayEquals(new double[] {6, 8}, pre("arc", x, 0)[2], 0);
    // n=10 f=3: k = floor(2*3*7/10) = floor(4.2) = 4 ; norms 1..10 -> C = 6 (5th largest)
    double[][] t = col(1, 2, 3, 4, 5, 6, 7, 8, 9, -10);
    assertArrayEquals(
        new double[] {1, 2, 3, 4, 5, 6, 6, 6, 6, -6}, column(pre("arc", t, 3)), 1e-15);
    assertEquals(4, AdaptiveRobustClipping.clippedCount(10, 3));
    assertEquals(1, AdaptiveRobustClipping.clippedCount(4, 1)); // floor(6/4)
    assertEquals(0, AdaptiveRobustClipping.clippedCount(9, 0));
  }

  @Test
  void arcNonFinite() {
    // n=5 f=1, k=1: NaN row counts as the largest norm; C = 3 (2nd largest of Inf 3 1 2 0)
    double[][] y = pre("arc", col(NAN, 3, 1, -2, 0), 1);
    assertArrayEquals(new double[] {0, 3, 1, -2, 0}, column(y), 0);
    // two non-finite rows but k=1: C = +Inf, every row unchanged
    y = pre("arc", col(NAN, -INF, 1, -2, 0), 1);
    assertTrue(Double.isNaN(y[0][0]));
    assertEquals(-INF, y[1][0]);
    // n=10 f=3, k=4: norms Inf(NaN) Inf 9 8 7 6 5 4 3 2 -> 5th largest C = 7
    // NaN row -> 0, -Inf -> -7, 9 and 8 -> 7, the rest unchanged
    double[] z = column(pre("arc", col(NAN, -INF, 9, 8, 7, 6, 5, 4, 3, 2), 3));
    assertArrayEquals(new double[] {0, -7, 7, 7, 7, 6, 5, 4, 3, 2}, z, 0);
  }

  // ----- bucketing -----

  @Test
  void bucketingPartitionsAPermutation() {
    // x_i = 10^i: twice a bucket-of-2 mean is 10^a + 10^b, whose digits show which workers
    int n = 7;
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {Math.pow(10, i)};
    }
    PreAggregator b = Aggregators.createPre("bucketing:s=2");
    assertArrayEquals(new int[] {4, 3}, b.outputShape(7, 3));
    assertArrayEquals(new int[] {4, 4}, b.outputShape(7, 5)); // f' = min(f, buckets)
    double[][] y = b.apply(x, 3, R);
    assertEquals(4, y.length); // ceil(7/2)
    Set<Integer> seen = new HashSet<>();
    for (int r = 0; r < y.length; r++) {
      int size = r < 3 ? 2 : 1;
      long sum = Math.round(y[r][0] * size);
      int digits = 0;
      for (int i = 0; i < n; i++, sum /= 10) {
        long digit = sum % 10;
        assertTrue(digit <= 1, "bucket " + r + " mixes a worker twice");
        if (digit == 1) {
          assertTrue(seen.add(i), "worker " + i + " in two buckets");
          digits++;
        }
      }
      assertEquals(size, digits, "bucket " + r + " size");
    }
    assertEquals(n, seen.size());
    // same round -> same buckets; the permutation changes with the step
    assertTrue(Arrays.deepEquals(y, b.apply(x, 3, R)));
    boolean changed = false;
    for (int step = 2; step < 20 && !changed; step++) {
      changed = !Arrays.deepEquals(y, b.apply(x, 3, new Round(step, 42)));
    }
    assertTrue(changed);
  }

  @Test
  void bucketingEdgeSizesAndUniformity() {
    double[][] x = col(1, 2, 3, 4, 5);
    // s >= n: one bucket, the mean 3
    assertArrayEquals(new double[] {3}, pre("bucketing:s=5", x, 1)[0], 1e-15);
    assertArrayEquals(new double[] {3}, pre("bucketing:s=9", x, 1)[0], 1e-15);
    // s = 1: a permutation of the rows
    double[] p = column(pre("bucketing:s=1", x, 1));
    Arrays.sort(p);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, p, 0);
    // the first bucket holds worker 0 about 1/3 of the time for n=3, s=1
    Bucketing b = new Bucketing(Params.of(java.util.Map.of("s", "1")));
    int[] counts = new int[3];
    int steps = 6000;
    for (int step = 1; step <= steps; step++) {
      counts[indexOf(b.permutation(3, new Round(step, 9)), 0)]++;
    }
    for (int c : counts) {
      assertTrue(Math.abs(c - steps / 3.0) < 200, Arrays.toString(counts));
    }
    assertEquals(
        "bucketing parameter s=0 is invalid; allowed: an integer >= 1",
        assertThrows(IllegalArgumentException.class, () -> Aggregators.createPre("bucketing:s=0"))
            .getMessage());
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  // ----- common contract -----

  @ParameterizedTest
  @ValueSource(strings = {"nnm", "bucketing:s=3", "clip:c=1.5", "arc"})
  void neverModifiesInputAndIsDeterministicAcrossThreads(String spec) throws Exception {
    SplittableRandom r = new SplittableRandom(8);
    double[][] x = CoordTestSupport.gaussian(r, 12, 20_000, 1, 0);
    x[3][5] = NAN;
    x[7][0] = INF;
    double[][] copy = CoordTestSupport.deepCopy(x);
    PreAggregator p = Aggregators.createPre(spec);
    double[][] seq = p.apply(x, 3, R);
    for (int i = 0; i < x.length; i++) {
      assertArrayEquals(copy[i], x[i]);
      for (double[] row : seq) {
        assertNotSame(x[i], row);
      }
    }
    ForkJoinPool one = new ForkJoinPool(1);
    ForkJoinPool four = new ForkJoinPool(4);
    try {
      assertTrue(Arrays.deepEquals(seq, one.submit(() -> p.apply(x, 3, R)).get()));
      assertTrue(Arrays.deepEquals(seq, four.submit(() -> p.apply(x, 3, R)).get()));
    } finally {
      one.shutdown();
      four.shutdown();
    }
  }

  @Test
  void preAggregatorChecks() {
    for (String spec : List.of("nnm", "bucketing", "clip:c=1", "arc")) {
      PreAggregator p = Aggregators.createPre(spec);
      assertThrows(IllegalArgumentException.class, () -> p.check(3, 3, 1));
      assertThrows(IllegalArgumentException.class, () -> p.check(0, 0, 1));
      p.check(3, 1, 1);
    }
    assertEquals(
        "nnm needs 0 <= f < n, got n=3 f=3",
        assertThrows(
                IllegalArgumentException.class, () -> Aggregators.createPre("nnm").check(3, 3, 1))
            .getMessage());
    assertTrue(Aggregators.preNames().containsAll(List.of("nnm", "bucketing", "clip", "arc")));
    assertEquals(
        "unknown parameter 's' for nnm; allowed: none",
        assertThrows(IllegalArgumentException.class, () -> Aggregators.createPre("nnm:s=1"))
            .getMessage());
  }

  // ----- pipeline -----

  @Test
  void pipelineByHand() {
    Aggregator a = Aggregators.pipeline(List.of("nnm"), "cwtm", Params.empty());
    assertEquals("nnm+cwtm", a.name());
    // nnm(0 1 3 10, f=1) = 4/3 4/3 4/3 14/3 (see nnmByHand); cwtm f=1 drops 4/3 and 14/3 -> 4/3
    assertArrayEquals(new double[] {4.0 / 3}, a.aggregate(col(0, 1, 3, 10), 1, R), 1e-15);
    // clip then average: (6,8)->(3,4), (0,1) -> mean (1.5, 2.5)
    Aggregator c = Aggregators.pipeline(List.of("clip:c=5"), "average", Params.empty());
    assertEquals("clip+average", c.name());
    assertArrayEquals(
        new double[] {1.5, 2.5}, c.aggregate(new double[][] {{6, 8}, {0, 1}}, 1, R), 1e-15);
    Aggregator three =
        Aggregators.pipeline(List.of("bucketing:s=2", "nnm", "arc"), "cwmed", Params.empty());
    assertEquals("bucketing+nnm+arc+cwmed", three.name());
  }

  @Test
  void pipelineCheckAndTheoryFollowTheShape() {
    Aggregator a = Aggregators.pipeline(List.of("bucketing:s=2"), "cwtm", Params.empty());
    // n=10 f=3 -> 5 buckets, 3 possibly bad: cwtm needs 5 > 6
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.check(10, 3, 4));
    assertTrue(
        e.getMessage().startsWith("cwtm needs n > 2f, got n=5 f=3 (after pre-aggregation"),
        e.getMessage());
    a.check(10, 2, 4); // 5 > 4
    // theory: cwtm at n'=5 f'=2 d=4: 2/3 * min(2 sqrt 3, 2) = 4/3
    Theory t = a.theory(10, 2, 4);
    assertEquals(4.0 / 3, t.lambda().getAsDouble(), 1e-12);
    assertTrue(t.note().contains("pre-aggregation"), t.note());
    Aggregator n = Aggregators.pipeline(List.of("nnm"), "average", Params.empty());
    assertTrue(n.theory(5, 1, 3).note().startsWith("not robust"));
    assertThrows(IllegalArgumentException.class, () -> n.check(5, 5, 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cwtm", "cwmed", "meamed"})
  void nnmPipelineSanity(String rule) {
    // n-f identical honest rows, f arbitrary others: NNM keeps honest rows at v, the rule returns v
    SplittableRandom r = new SplittableRandom(4);
    Aggregator a = Aggregators.pipeline(List.of("nnm"), rule, Params.empty());
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(12);
      int f = r.nextInt((n + 1) / 2);
      double[] v = CoordTestSupport.gaussian(r, 1, 4, 10, 0)[0];
      double[][] x = new double[n][];
      for (int i = 0; i < n; i++) {
        x[i] = v.clone();
      }
      CoordTestSupport.corrupt(r, x, f, 10);
      assertClose(v, a.aggregate(x, f, R), 1e-12, rule + " " + Arrays.deepToString(x));
    }
  }

  private static double[] column(double[][] y) {
    return CoordTestSupport.column(y, 0);
  }

  /**
   * The one distance of the package (gm, cc, medoid, nnm, clipping): exact, overflow-safe, +Inf for
   * non-finite rows.
   */
  @org.junit.jupiter.api.Test
  void distanceIsExactOverflowSafeAndInfiniteForNonFiniteRows() {
    assertEquals(5.0, RowMath.distance(new double[] {4, 6}, new double[] {1, 2}), 0.0);
    assertEquals(
        Double.POSITIVE_INFINITY,
        RowMath.distance(new double[] {1, Double.NaN}, new double[] {0, 0}),
        0.0);
    assertEquals(
        Double.POSITIVE_INFINITY,
        RowMath.distance(new double[] {0, 0}, new double[] {Double.NEGATIVE_INFINITY, 0}),
        0.0);
    // (1e300, 1e300) − (−1e300, −1e300): the squares overflow, the distance 2√2·1e300 does not
    double got = RowMath.distance(new double[] {1e300, 1e300}, new double[] {-1e300, -1e300});
    assertEquals(2 * Math.sqrt(2) * 1e300, got, 1e286);
  }
}
