package org.byzspark.aggregation;

import static org.byzspark.aggregation.CoordTestSupport.assertClose;
import static org.byzspark.aggregation.CoordTestSupport.rule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoordinateWiseRulesTest {
  private static final Round R = Round.offline(7);
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  private static double[] agg(String name, double[][] x, int f) {
    return rule(name).aggregate(x, f, R);
  }

  // ----- hand-computed cases -----

  @Test
  void averageByHand() {
    // (1+3+5)/3 = 3 ; (2+4-6)/3 = 0
    double[][] x = {{1, 2}, {3, 4}, {5, -6}};
    assertArrayEquals(new double[] {3, 0}, agg("average", x, 1), 1e-15);
    // a single row is returned as is
    assertArrayEquals(new double[] {0.1, -7}, agg("average", new double[][] {{0.1, -7}}, 0));
    // NaN propagates, no exception
    double[] out = agg("average", new double[][] {{1, 1}, {NAN, 1}}, 1);
    assertTrue(Double.isNaN(out[0]));
    assertEquals(1.0, out[1]);
  }

  private static final double[][] FIVE = {{1, 10}, {2, -5}, {100, 0}, {3, 4}, {-50, 6}};

  @Test
  void cwtmByHand() {
    // coord 0: sorted -50 1 2 3 100, drop one each end -> (1+2+3)/3 = 2
    // coord 1: sorted -5 0 4 6 10 -> (0+4+6)/3 = 10/3
    assertArrayEquals(new double[] {2, 10.0 / 3}, agg("cwtm", FIVE, 1), 1e-15);
    // f=2: only the median remains: coord 0 -> 2, coord 1 -> 4
    assertArrayEquals(new double[] {2, 4}, agg("cwtm", FIVE, 2), 0);
    // f=0 is the mean: (1+2+100+3-50)/5 = 11.2 ; (10-5+0+4+6)/5 = 3
    assertArrayEquals(new double[] {11.2, 3}, agg("cwtm", FIVE, 0), 1e-12);
    // non-finite: -Inf 1 2 3 NaN (NaN sorts last), f=2 -> 2
    assertArrayEquals(
        new double[] {2}, agg("cwtm", new double[][] {{1}, {NAN}, {-INF}, {2}, {3}}, 2), 0);
    // n=7 f=2: 5 9 -1 NaN 7 +Inf 0 -> sorted -1 0 5 7 9 Inf NaN -> middle 5 7 9 -> 7
    assertArrayEquals(
        new double[] {7},
        agg("cwtm", new double[][] {{5}, {9}, {-1}, {NAN}, {7}, {INF}, {0}}, 2),
        0);
  }

  @Test
  void cwmedByHand() {
    // odd n: coord 0 median of -50 1 2 3 100 = 2 ; coord 1 of -5 0 4 6 10 = 4
    assertArrayEquals(new double[] {2, 4}, agg("cwmed", FIVE, 1), 0);
    // even n: 1 7 3 100 -> sorted 1 3 7 100 -> (3+7)/2 = 5
    assertArrayEquals(new double[] {5}, agg("cwmed", new double[][] {{1}, {7}, {3}, {100}}, 1), 0);
    // -Inf 5 NaN 1 3 -> sorted -Inf 1 3 5 NaN -> 3
    assertArrayEquals(
        new double[] {3}, agg("cwmed", new double[][] {{-INF}, {5}, {NAN}, {1}, {3}}, 2), 0);
    // even n, huge middle values: (1e308 + 1.5e308)/2 = 1.25e308, no overflow
    assertArrayEquals(
        new double[] {1.25e308},
        agg("cwmed", new double[][] {{1e308}, {1.5e308}, {-INF}, {INF}}, 1),
        1e293);
  }

  @Test
  void meamedByHand() {
    // 0 10 1 2 3, f=2: median 2, distances 2 8 1 0 1 -> keep {2, 1, 3} -> 2
    assertArrayEquals(
        new double[] {2}, agg("meamed", new double[][] {{0}, {10}, {1}, {2}, {3}}, 2), 0);
    // tie by lowest index: 0 4 1 3, f=1: median (1+3)/2 = 2, distances 2 2 1 1
    // keep 1, 3 and the lower index of the tie (worker 0, value 0) -> (0+1+3)/3 = 4/3
    assertArrayEquals(
        new double[] {4.0 / 3}, agg("meamed", new double[][] {{0}, {4}, {1}, {3}}, 1), 1e-15);
    // swap workers 0 and 1: now worker 0 holds 4 -> (4+1+3)/3 = 8/3
    assertArrayEquals(
        new double[] {8.0 / 3}, agg("meamed", new double[][] {{4}, {0}, {1}, {3}}, 1), 1e-15);
    // NaN 1 2 +Inf 3, f=2: sorted 1 2 3 Inf NaN -> median 3; distances Inf 2 1 Inf 0
    // keep 3 2 1 -> 2
    assertArrayEquals(
        new double[] {2}, agg("meamed", new double[][] {{NAN}, {1}, {2}, {INF}, {3}}, 2), 0);
    // 2-D, f=1 so n-f = 4 values are kept per coordinate:
    //   coord 0 of FIVE: 1 2 100 3 -50, median 2, distances 1 0 98 1 52
    //     -> keep 2, 1, 3, -50 (100 is the farthest) -> (2+1+3-50)/4 = -11
    //   coord 1: 10 -5 0 4 6, median 4, distances 6 9 4 0 2 -> keep 4 6 0 10 -> 20/4 = 5
    assertArrayEquals(new double[] {-11, 5}, agg("meamed", FIVE, 1), 1e-15);
  }

  // ----- check() and constructor messages -----

  @Test
  void checkMessages() {
    assertEquals(
        "cwtm needs n > 2f, got n=4 f=2",
        assertThrows(IllegalArgumentException.class, () -> rule("cwtm").check(4, 2, 3))
            .getMessage());
    assertEquals(
        "cwmed needs n > 2f, got n=2 f=1",
        assertThrows(IllegalArgumentException.class, () -> rule("cwmed").check(2, 1, 3))
            .getMessage());
    assertEquals(
        "meamed needs f >= 0, got f=-1",
        assertThrows(IllegalArgumentException.class, () -> rule("meamed").check(3, -1, 3))
            .getMessage());
    assertEquals(
        "average needs n >= 1, got n=0",
        assertThrows(IllegalArgumentException.class, () -> rule("average").check(0, 0, 3))
            .getMessage());
    assertEquals(
        "average needs 0 <= f < n, got n=3 f=3",
        assertThrows(IllegalArgumentException.class, () -> rule("average").check(3, 3, 3))
            .getMessage());
    for (String r : CoordTestSupport.RULES) {
      rule(r).check(5, 2, 10); // fine for all
      assertThrows(IllegalArgumentException.class, () -> rule(r).check(5, 1, -1));
    }
    // aggregate refuses invalid (n, f) and ragged input, with a message
    assertThrows(IllegalArgumentException.class, () -> agg("cwtm", new double[][] {{1}, {2}}, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> agg("cwmed", new double[][] {{1, 2}, {3}}, 0));
    assertTrue(e.getMessage().contains("length"), e.getMessage());
  }

  @Test
  void registryAndParams() {
    assertTrue(Aggregators.names().containsAll(CoordTestSupport.RULES));
    for (String r : CoordTestSupport.RULES) {
      assertEquals(r, rule(r).name());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Aggregators.create(r, Params.of(Map.of("q", "1"))));
      assertEquals("unknown parameter 'q' for " + r + "; allowed: none", e.getMessage());
    }
  }

  @Test
  void theoryMatchesTable1() {
    // n=10 f=3 d=100: Δ = min(2·sqrt(7), 10) = 2·sqrt(7)
    double delta = 2 * Math.sqrt(7);
    assertEquals(3.0 / 7 * delta, rule("cwtm").theory(10, 3, 100).lambda().getAsDouble(), 1e-12);
    assertEquals(6.0 / 7 * delta, rule("meamed").theory(10, 3, 100).lambda().getAsDouble(), 1e-12);
    assertEquals(10.0 / 14 * delta, rule("cwmed").theory(10, 3, 100).lambda().getAsDouble(), 1e-12);
    // small d: Δ = sqrt(d) = 2
    assertEquals(3.0 / 7 * 2, rule("cwtm").theory(10, 3, 4).lambda().getAsDouble(), 1e-12);
    assertTrue(rule("average").theory(10, 3, 4).lambda().isEmpty());
    assertEquals("not robust", rule("average").theory(10, 3, 4).note());
    assertTrue(rule("cwtm").theory(4, 2, 4).lambda().isEmpty());
  }

  // ----- contract -----

  @ParameterizedTest
  @ValueSource(strings = {"average", "cwtm", "cwmed", "meamed"})
  void neverModifiesInputAndReturnsFreshArray(String r) {
    double[][] x = {{1, NAN}, {INF, 2}, {3, 4}, {-1, 0}, {2, 2}};
    double[][] copy = CoordTestSupport.deepCopy(x);
    double[] out = agg(r, x, 2);
    for (int i = 0; i < x.length; i++) {
      assertArrayEquals(copy[i], x[i]);
      assertNotSame(out, x[i]);
    }
    double[][] one = {{1, 2}};
    double[] o1 = rule(r).aggregate(one, 0, R);
    assertNotSame(one[0], o1);
    o1[0] = 99;
    assertEquals(1, one[0][0]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cwtm", "cwmed", "meamed"})
  void sanityIdenticalHonestRowsWinWhateverTheOthers(String r) {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + rnd.nextInt(15);
      int f = rnd.nextInt((n + 1) / 2);
      int d = 1 + rnd.nextInt(6);
      double[] v = CoordTestSupport.gaussian(rnd, 1, d, Math.pow(10, rnd.nextInt(7) - 3), 0)[0];
      double[][] x = new double[n][];
      for (int i = 0; i < n; i++) {
        x[i] = v.clone();
      }
      CoordTestSupport.corrupt(rnd, x, f, 1);
      double[] out = agg(r, x, f);
      assertClose(v, out, 1e-12, r + " n=" + n + " f=" + f + " x=" + Arrays.deepToString(x));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"average", "cwtm", "cwmed", "meamed"})
  void matchesFullSortReferenceIncludingTiesAndNonFinite(String r) {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + rnd.nextInt(40);
      int f = rnd.nextInt((n + 1) / 2);
      int d = 1 + rnd.nextInt(5);
      double[][] x = new double[n][d];
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          // small integers: lots of exact ties; some non-finite values
          int c = rnd.nextInt(20);
          row[k] = c == 0 ? NAN : c == 1 ? INF : c == 2 ? -INF : rnd.nextInt(7) - 3;
        }
      }
      assertClose(
          CoordTestSupport.reference(r, x, f),
          agg(r, x, f),
          1e-12,
          r + " n=" + n + " f=" + f + " " + Arrays.deepToString(x));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"average", "cwtm", "cwmed", "meamed"})
  void sameBitsWithOneOrFourThreads(String r) throws Exception {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 9;
    int d = 50_003; // many blocks, last one partial
    double[][] x = CoordTestSupport.gaussian(rnd, n, d, 1, 0.5);
    x[2][17] = NAN;
    x[4][40_000] = INF;
    int f = 3;
    double[] seq = agg(r, x, f);
    ForkJoinPool one = new ForkJoinPool(1);
    ForkJoinPool four = new ForkJoinPool(4);
    try {
      double[] a = one.submit(() -> agg(r, x, f)).get();
      double[] b = four.submit(() -> agg(r, x, f)).get();
      for (int k = 0; k < d; k++) {
        assertEquals(
            Double.doubleToRawLongBits(seq[k]), Double.doubleToRawLongBits(a[k]), "k=" + k);
        assertEquals(
            Double.doubleToRawLongBits(seq[k]), Double.doubleToRawLongBits(b[k]), "k=" + k);
      }
    } finally {
      one.shutdown();
      four.shutdown();
    }
    // and it is the right answer, not just a repeatable one
    assertClose(CoordTestSupport.reference(r, x, f), seq, 1e-12, r);
  }

  @Test
  void pipelineFactoryWithoutPreIsTheRule() {
    Aggregator a = Aggregators.pipeline(List.of(), "cwtm", Params.empty());
    assertEquals("cwtm", a.name());
  }
}
