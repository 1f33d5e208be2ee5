package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-computed cases and check() messages of monna, phocas, rfa, signguard, clippedclustering. */
class RecentRulesTest {
  static final Round R = Round.offline(13);
  static final double NAN = Double.NaN;

  static Aggregator rule(String name, String... kv) {
    return KrumTest.rule(name, kv);
  }

  // ----- monna -----

  @Test
  void monnaByHand() {
    double[][] x = {{0}, {1}, {3}, {7}, {100}};
    // n − f = 3 nearest to x_0 = 0: 0, 1, 3
    RuleSession s = new RuleSession(rule("monna"));
    assertEquals(4.0 / 3, s.aggregate(x, 2, R)[0], 1e-15);
    assertEquals("selected=0,1,2", s.lastReport());
    // nearest to x_3 = 7: 7, 3 (4 away), 1 (6 away; 0 is 7 away)
    RuleSession t = new RuleSession(rule("monna", "trusted", "3"));
    assertEquals(11.0 / 3, t.aggregate(x, 2, R)[0], 1e-15);
    assertEquals("selected=1,2,3", t.lastReport());
    // a duplicate of the trusted vector does not push it out
    RuleSession u = new RuleSession(rule("monna", "trusted", "2"));
    assertEquals(1, u.aggregate(new double[][] {{1}, {1}, {1}, {5}}, 3, R)[0], 0.0);
    assertEquals("selected=2", u.lastReport());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> rule("monna", "trusted", "5").check(5, 1, 1));
    assertEquals("monna parameter trusted=5 must be in [0, n-1] = [0, 4]", e.getMessage());
    assertTrue(rule("monna").theory(10, 3, 4).lambda().isEmpty());
  }

  /** A non-finite trusted vector: the n−f nearest to the median of the finite rows (2.5). */
  @Test
  void monnaWithANonFiniteTrustedVector() {
    RuleSession s = new RuleSession(rule("monna"));
    double[] out = s.aggregate(new double[][] {{NAN}, {1}, {2}, {3}, {50}}, 2, R);
    assertEquals(2, out[0], 0.0);
    assertEquals("selected=1,2,3", s.lastReport());
  }

  // ----- phocas -----

  @Test
  void phocasByHand() {
    // trimmed mean of 0, 1, 2, 3, 100 with f = 1: (1 + 2 + 3)/3 = 2; the 4 nearest: 2, 1, 3, 0
    RuleSession s = new RuleSession(rule("phocas"));
    assertEquals(1.5, s.aggregate(new double[][] {{0}, {1}, {2}, {3}, {100}}, 1, R)[0], 1e-15);
    assertEquals("selected=0,1,2,3", s.lastReport());
    // 2-D: T = ((1 + 2 + 3)/3, (0 + 1 + 2)/3) = (2, 1); (10, −10) is the farthest
    double[][] y = {{0, 0}, {1, 1}, {2, 2}, {10, -10}, {3, 3}};
    RuleSession t = new RuleSession(rule("phocas"));
    assertArrayEquals(new double[] {1.5, 1.5}, t.aggregate(y, 1, R), 1e-15);
    assertEquals("selected=0,1,2,4", t.lastReport());
    // a NaN row is infinitely far from T
    assertEquals(
        2, rule("phocas").aggregate(new double[][] {{1}, {NAN}, {2}, {3}, {2}}, 1, R)[0], 0.0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("phocas").check(4, 2, 1));
    assertEquals("phocas needs n > 2f, got n=4 f=2", e.getMessage());
    // λ = 2f(1 + λ_T)/(n − f), λ_T = f/(n − f)·min(2√(n − f), √d)
    double lt = 3.0 / 7 * Math.sqrt(5);
    assertEquals(6 * (1 + lt) / 7, rule("phocas").theory(10, 3, 5).lambda().getAsDouble(), 1e-15);
  }

  // ----- rfa -----

  /**
   * 0, 1, 10, one step: v_0 = 11/3, distances 11/3, 8/3, 19/3, v_1 = (1·3/8 + 10·3/19) / (3/11 +
   * 3/8 + 3/19).
   */
  @Test
  void rfaByHand() {
    double expected = (3.0 / 8 + 30.0 / 19) / (3.0 / 11 + 3.0 / 8 + 3.0 / 19);
    RuleSession s = new RuleSession(rule("rfa", "iters", "1"));
    assertEquals(expected, s.aggregate(new double[][] {{0}, {1}, {10}}, 1, R)[0], 1e-14);
    assertEquals("iterations=1", s.lastReport());
    // a non-finite row is rejected first: the same result
    double[][] y = {{0}, {1}, {NAN}, {10}, {Double.NEGATIVE_INFINITY}};
    assertEquals(expected, rule("rfa", "iters", "1").aggregate(y, 2, R)[0], 1e-14);
    // the default 3 steps go further towards the median 1 than one step
    double three = rule("rfa").aggregate(new double[][] {{0}, {1}, {10}}, 1, R)[0];
    assertTrue(Math.abs(three - 1) < Math.abs(expected - 1), "" + three);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("rfa").check(4, 2, 1));
    assertEquals("rfa needs n > 2f, got n=4 f=2", e.getMessage());
    assertTrue(rule("rfa").theory(10, 3, 4).lambda().isEmpty());
  }

  /** Many steps reach the geometric median that gm computes. */
  @Test
  void rfaConvergesToTheGeometricMedian() {
    Random r = new Random(5);
    double[][] x = TestUtil.gaussian(r, 9, 4, 1.0);
    double[] gm = rule("gm", "max-iter", "5000", "tol", "1e-15").aggregate(x, 2, R);
    double[] rfa = rule("rfa", "iters", "2000", "nu", "1e-12").aggregate(x, 2, R);
    assertArrayEquals(gm, rfa, 1e-7);
    double[] three = rule("rfa").aggregate(x, 2, R);
    assertTrue(TestUtil.dist(three, gm) > 1e-6, "three steps are not yet the median");
  }

  // ----- signguard -----

  @Test
  void signguardPieces() {
    assertEquals(2, SignGuard.median(new double[] {3, 1, 2}), 0.0);
    assertEquals(2.5, SignGuard.median(new double[] {4, 1, 3, 2}), 0.0);
    assertEquals(3, SignGuard.median(new double[] {1, NAN, 3}), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, SignGuard.median(new double[] {1, NAN}), 0.0);
    // farthest pair 0, 2; the point 0.1 and 0.05 join 0: the group {0, 1, 3}
    double[][] p = {{0, 0, 0}, {0.1, 0, 0}, {1, 0, 0}, {0.05, 0, 0}};
    assertArrayEquals(new boolean[] {true, true, false, true}, SignGuard.majority(p));
    // two groups of one: the one holding index 0; all points equal: one group
    assertArrayEquals(new boolean[] {true, false}, SignGuard.majority(new double[][] {{0}, {1}}));
    assertArrayEquals(new boolean[] {true, true}, SignGuard.majority(new double[][] {{1}, {1}}));
  }

  /**
   * Four honest rows, a sign-flipped row and a huge row; window = all 4 coordinates. Norms 2, √6,
   * √6, √7, 2, 200: M = √6, band [0.1M, 3M] drops the huge row. Sign fractions (pos, zero, neg):
   * (1,0,0), (.75,.25,0), (.75,.25,0), (1,0,0), (0,0,1), (1,0,0): 2-means from the farthest pair
   * (row 1, row 4) puts only the flipped row apart. Mean of rows 0-3 clipped to √6 (row 3 scaled by
   * √6/√7).
   */
  @Test
  void signguardByHand() {
    double[][] x = {
      {1, 1, 1, 1}, {2, 1, 1, 0}, {1, 2, 0, 1}, {1, 1, 2, 1}, {-1, -1, -1, -1}, {100, 100, 100, 100}
    };
    RuleSession s = new RuleSession(rule("signguard", "sample", "1"));
    double c = Math.sqrt(6) / Math.sqrt(7);
    double[] expected = {(4 + c) / 4, (4 + c) / 4, (2 + 2 * c) / 4, (2 + c) / 4};
    assertArrayEquals(expected, s.aggregate(x, 2, R), 1e-15);
    assertEquals("selected=0,1,2,3", s.lastReport());
    // a NaN row fails the norm band; if every row fails, the zero vector
    RuleSession t = new RuleSession(rule("signguard", "sample", "1", "low", "2.9"));
    assertArrayEquals(new double[4], t.aggregate(x, 2, R), 0.0);
    assertEquals("selected=", t.lastReport());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("signguard", "sample", "0"));
    assertEquals(
        "signguard parameter sample=0 is invalid; allowed: a number in (0, 1]", e.getMessage());
  }

  // ----- clippedclustering -----

  @Test
  void averageLinkageByHand() {
    // 0, 1, 5, 6: (0,1) and (2,3) tie at 1, the lowest pair first; two equal clusters: index 0's
    double[][] d = distances(0, 1, 5, 6);
    int[] c = ClippedClustering.averageLinkage(d);
    assertArrayEquals(new int[] {0, 0, 2, 2}, c);
    assertArrayEquals(new int[] {0, 1}, ClippedClustering.larger(c));
    // 0, 1, 2, 10: {0,1} then 2 joins at (2 + 1)/2 = 1.5 < 8
    int[] e = ClippedClustering.averageLinkage(distances(0, 1, 2, 10));
    assertArrayEquals(new int[] {0, 0, 0, 3}, e);
    assertArrayEquals(new int[] {0, 1, 2}, ClippedClustering.larger(e));
    // average, not single, linkage: after {0,1}, point 2 is 2 and 5 away (average 3.5, single
    // 2), point 3 is 3 and 3.2 away (average 3.1, single 3): point 3 joins
    double[][] h = {{0, 1, 2, 3}, {1, 0, 5, 3.2}, {2, 5, 0, 10}, {3, 3.2, 10, 0}};
    assertArrayEquals(new int[] {0, 0, 2, 0}, ClippedClustering.averageLinkage(h));
  }

  private static double[][] distances(double... p) {
    double[][] d = new double[p.length][p.length];
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < p.length; j++) {
        d[i][j] = Math.abs(p[i] - p[j]);
      }
    }
    return d;
  }

  /**
   * (1,0), (2,0), (0,3), (−4,0): norms 1..4, τ = 2.5; cosine distances 0 (rows 0, 1), 1, 2; {0,1}
   * merges first, then ties at 1 between ({0,1}, 2) and (2, 3): the lower pair; clusters {0,1,2}
   * and {3}. Step 2 with ten times the vectors: history 1,2,3,4,10,20,30,40, τ = 7.
   */
  @Test
  void clippedClusteringByHand() {
    RuleSession s = new RuleSession(rule("clippedclustering"));
    double[][] x = {{1, 0}, {2, 0}, {0, 3}, {-4, 0}};
    assertArrayEquals(new double[] {1, 2.5 / 3}, s.aggregate(x, 1, R), 1e-15);
    assertEquals("tau=2.5 selected=0,1,2", s.lastReport());
    assertArrayEquals(new double[] {1, 2, 3, 4}, s.state().get(ClippedClustering.NORMS), 0.0);
    double[][] y = {{10, 0}, {20, 0}, {0, 30}, {-40, 0}};
    assertArrayEquals(new double[] {14.0 / 3, 7.0 / 3}, s.aggregate(y, 1, new Round(2, 13)), 1e-14);
    assertEquals("tau=7.0 selected=0,1,2", s.lastReport());
    // max-tau caps τ; a NaN row becomes the zero vector (cosine 0, distance 1)
    RuleSession t = new RuleSession(rule("clippedclustering", "max-tau", "0.5"));
    double[][] z = {{1, 0}, {2, 0}, {NAN, 0}, {-4, 0}};
    assertArrayEquals(new double[] {1.0 / 3, 0}, t.aggregate(z, 1, R), 1e-15);
    assertEquals("tau=0.5 selected=0,1,2", t.lastReport());
  }

  // ----- foolsgold -----

  @Test
  void foolsgoldWeightsByHand() {
    // v = (0.5, 0.5, 0.2); row 2 pardoned: 0.2·0.2/0.5 = 0.08; α = 0.5, 0.5, 0.92 → /0.92;
    // 0.5/0.92 / (1 − 0.5/0.92) = 25/21; the largest becomes 0.99 and its logit is clamped to 1
    double[][] cs = {{1, 0.5, 0.2}, {0.5, 1, 0.1}, {0.2, 0.1, 1}};
    double[] w = FoolsGold.weights(cs, 1);
    assertEquals(Math.log(25.0 / 21) + 0.5, w[0], 1e-12);
    assertEquals(w[0], w[1], 0.0);
    assertEquals(1, w[2], 0.0);
    // κ = 0.5 halves the logit before the clamp
    assertEquals(0.5 * (Math.log(25.0 / 21) + 0.5), FoolsGold.weights(cs, 0.5)[0], 1e-12);
    // all parallel: every weight 0
    double[][] ones = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
    assertArrayEquals(new double[3], FoolsGold.weights(ones, 1), 0.0);
  }

  /**
   * Step 1: workers 0 and 1 send (1,0), worker 2 (0,1): 0 and 1 are sybils (weight 0), the output
   * is worker 2's vector. Step 2: histories (1,1), (2,1), (1,1): 0 and 2 now point the same way; 1
   * is pardoned (cos² = 0.9 with both), and alone keeps weight.
   */
  @Test
  void foolsgoldByHand() {
    RuleSession s = new RuleSession(rule("foolsgold"));
    assertArrayEquals(
        new double[] {0, 1}, s.aggregate(new double[][] {{1, 0}, {1, 0}, {0, 1}}, 1, R), 0.0);
    assertEquals("weights=0.0,0.0,1.0", s.lastReport());
    assertArrayEquals(new double[] {1, 0}, s.state().get(FoolsGold.HISTORY + 1), 0.0);
    assertArrayEquals(
        new double[] {1, 1},
        s.aggregate(new double[][] {{0, 1}, {1, 1}, {1, 0}}, 1, new Round(2, 13)),
        0.0);
    assertEquals("weights=0.0,1.0,0.0", s.lastReport());
    assertArrayEquals(new double[] {2, 1}, s.state().get(FoolsGold.HISTORY + 1), 0.0);
    // every history parallel: no trusted worker, the zero vector
    assertArrayEquals(
        new double[] {0, 0},
        rule("foolsgold").aggregate(new double[][] {{1, 0}, {2, 0}, {3, 0}}, 1, R),
        0.0);
  }

  /** Cosines 0.5, 0.2, 0.1 between unit vectors: the weights above; mean and sum scales. */
  @Test
  void foolsgoldScales() {
    double q = Math.sqrt(0.75);
    double[][] x = {{1, 0, 0}, {0.5, q, 0}, {0.2, 0, Math.sqrt(0.96)}};
    double a = Math.log(25.0 / 21) + 0.5;
    double[] sum = new double[3];
    for (int k = 0; k < 3; k++) {
      sum[k] = a * x[0][k] + a * x[1][k] + x[2][k];
    }
    assertArrayEquals(sum, rule("foolsgold", "scale", "sum").aggregate(x, 1, R), 1e-12);
    double[] mean = rule("foolsgold").aggregate(x, 1, R);
    for (int k = 0; k < 3; k++) {
      assertEquals(sum[k] / (2 * a + 1), mean[k], 1e-12);
    }
    // a NaN message has weight 0 and leaves its sender's history as it was
    RuleSession s = new RuleSession(rule("foolsgold"));
    s.aggregate(new double[][] {{1, 0}, {0, 1}, {NAN, 1}}, 1, R);
    assertArrayEquals(new double[] {0, 0}, s.state().get(FoolsGold.HISTORY + 2), 0.0);
    assertTrue(s.lastReport().endsWith(",0.0"), s.lastReport());
  }
}
