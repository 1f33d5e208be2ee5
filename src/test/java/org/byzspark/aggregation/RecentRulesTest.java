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
}
