package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.byzspark.util.Seeds;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of the covariance rules (caf, smea, dnc) and of their n×n arithmetic. */
class CovarianceRulesTest {
  static final Round R = Round.offline(5);

  static Aggregator rule(String name, String... kv) {
    return KrumTest.rule(name, kv);
  }

  // ----- Spectral -----

  @Test
  void powerIterationFindsTheTopEigenpair() {
    // [[2, 1], [1, 2]]: eigenvalues 3 (vector (1, 1)/√2) and 1
    Spectral.Eigen e = Spectral.top(new double[][] {{2, 1}, {1, 2}}, new double[] {0.9, -0.2});
    assertEquals(3, e.value(), 1e-11);
    assertEquals(Math.abs(e.vector()[0]), Math.abs(e.vector()[1]), 1e-6);
    assertEquals(1, Math.hypot(e.vector()[0], e.vector()[1]), 1e-15);
    // the zero matrix: eigenvalue 0 at once, no NaN
    Spectral.Eigen z = Spectral.top(new double[2][2], new double[] {0.5, 0.5});
    assertEquals(0, z.value(), 0.0);
    assertEquals(1, z.iterations());
  }

  @Test
  void centringAndProjectionsMatchTheDefinitions() {
    // rows 0, 1, 2, 10 in 1-D centred at 0: G_ij = x_i x_j; weights 1, 1, 1, 0: mean 1
    double[] x = {0, 1, 2, 10};
    double[][] g = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        g[i][j] = x[i] * x[j];
      }
    }
    double[] w = {1, 1, 1, 0};
    double[][] k = Spectral.centred(g, w);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals((x[i] - 1) * (x[j] - 1), k[i][j], 1e-12);
      }
    }
    int[] pos = Caf.positive(w);
    assertArrayEquals(new int[] {0, 1, 2}, pos);
    Spectral.Eigen e = Spectral.top(Spectral.weighted(k, w, pos), new double[] {1, 0.5, -0.25});
    // the covariance of 0, 1, 2 is 2/3; projections on v = ±1 are ±(x_j − 1)
    assertEquals(2.0 / 3, e.value(), 1e-12);
    double[] p = Spectral.projections(k, w, pos, e.vector(), e.value());
    for (int j = 0; j < 4; j++) {
      assertEquals(Math.abs(x[j] - 1), Math.abs(p[j]), 1e-9);
    }
  }

  // ----- caf -----

  /**
   * 0, 1, 2, 10 with f = 1 (rounds while Σc &gt; 2). Round 1: μ = 3.25, λ = 15.6875, τ = (x −
   * 3.25)² = 10.5625, 5.0625, 1.5625, 45.5625: c = 35, 40.5, 44, 0 (/45.5625), Σc = 2.62. Round 2:
   * μ = (40.5 + 88)/119.5 = 257/239, λ = 0.655 (smaller): best; τ_max is row 0's, Σc = 1.14 ≤ 2.
   */
  @Test
  void cafByHand() {
    RuleSession s = new RuleSession(rule("caf"));
    double[][] x = {{0}, {1}, {2}, {10}};
    assertEquals(257.0 / 239, s.aggregate(x, 1, R)[0], 1e-12);
    assertEquals("rounds=2 chosen=2", s.lastReport());
    // a NaN row has weight 0 from the start but n still counts it: Σc ≤ 3 after round 1
    RuleSession t = new RuleSession(rule("caf"));
    double[][] y = {{0}, {1}, {2}, {10}, {Double.NaN}};
    assertEquals(3.25, t.aggregate(y, 1, R)[0], 1e-12);
    assertEquals("rounds=1 chosen=1", t.lastReport());
    // f = 0: the plain mean
    assertEquals(3.25, rule("caf").aggregate(x, 0, R)[0], 1e-12);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("caf").check(4, 2, 1));
    assertEquals("caf needs n > 2f, got n=4 f=2", e.getMessage());
    assertTrue(rule("caf").theory(10, 3, 5).lambda().isEmpty());
    assertTrue(rule("caf").theory(10, 3, 5).note().startsWith("unknown"));
  }

  /**
   * Far outliers (1e6) reach weight 0 in the first rounds; the maximum of τ runs over positive
   * weights only, so the filter goes on with the honest rows and ends (at most n rounds).
   */
  @Test
  void cafTerminatesWithFarOutliers() {
    Random r = new Random(3);
    int n = 9;
    int f = 4;
    double[][] x = TestUtil.gaussian(r, n, 3, 1.0);
    double[][] honest = java.util.Arrays.copyOf(x, n - f);
    for (int i = n - f; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        x[i][k] = 1e6 * r.nextGaussian();
      }
    }
    RuleSession s = new RuleSession(rule("caf"));
    double[] out = s.aggregate(x, f, R);
    assertTrue(TestUtil.allFinite(out));
    int rounds = Integer.parseInt(s.lastReport().split(" ")[0].substring("rounds=".length()));
    assertTrue(rounds <= n, s.lastReport());
    int[] all = DistanceSupport.range(n - f);
    double diam = TestUtil.diam(honest, all);
    assertTrue(TestUtil.dist(out, TestUtil.meanOf(honest, all)) <= diam, s.lastReport());
  }

  /** All inputs equal: λ = 0 in the first round, whose mean (the input) is returned, finite. */
  @Test
  void cafWithEqualInputs() {
    double[] h = {1.5, -2, 3};
    double[][] x = {h, h, h, h, h};
    RuleSession s = new RuleSession(rule("caf"));
    assertArrayEquals(h, s.aggregate(x, 2, R), 1e-15); // Σ h/5, up to rounding
    assertEquals("rounds=1 chosen=1", s.lastReport());
  }

  /** Identical honest rows and two Byzantine rows: the all-honest weights are reached, λ = 0. */
  @Test
  void cafWithIdenticalHonestRows() {
    double[] h = {1, -2, 0.5};
    double[][] x = {h, {4, 0, 1}, h, h, h, {-3, 5, 2}, h};
    assertArrayEquals(h, rule("caf").aggregate(x, 2, R), 1e-12);
  }

  // ----- smea -----

  @Test
  void smeaByHand() {
    // 0, 1, 2, 10, f = 1: {0, 1, 2} has variance 2/3, every subset with 10 much more
    RuleSession s = new RuleSession(rule("smea"));
    assertEquals(1, s.aggregate(new double[][] {{0}, {1}, {2}, {10}}, 1, R)[0], 1e-15);
    assertEquals("selected=0,1,2", s.lastReport());
    // 2-D: remove the row that stretches the cloud most: (0,0), (1,0), (0,1), (1,1), (3,-1)
    RuleSession t = new RuleSession(rule("smea"));
    double[][] y = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {3, -1}};
    assertArrayEquals(new double[] {0.5, 0.5}, t.aggregate(y, 1, R), 1e-15);
    assertEquals("selected=0,1,2,3", t.lastReport());
  }

  /**
   * Identical honest vectors form the only subset of covariance 0; it is chosen even when a
   * Byzantine row sits next to them.
   */
  @Test
  void smeaFindsIdenticalHonestVectors() {
    double[] h = {1, -2, 0.5};
    double[] b = {1.001, -2, 0.5};
    RuleSession s = new RuleSession(rule("smea"));
    assertArrayEquals(h, s.aggregate(new double[][] {h, b, h, h, h}, 1, R), 0.0);
    assertEquals("selected=0,2,3,4", s.lastReport());
    // NaN rows belong to no subset; with fewer usable rows than n−f, their mean
    RuleSession t = new RuleSession(rule("smea"));
    double nan = Double.NaN;
    double[] out = t.aggregate(new double[][] {{1}, {nan}, {3}, {nan}, {5}}, 1, R);
    assertEquals(3, out[0], 0.0);
    assertEquals("selected=0,2,4", t.lastReport());
  }

  @Test
  void smeaRefusesLargeSearches() {
    rule("smea").check(25, 5, 10);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("smea").check(25, 8, 10));
    assertEquals(
        "smea would search C(n, f) = C(25, 8) = 1081575 subsets, above max-subsets=100000;"
            + " raise max-subsets or use another rule",
        e.getMessage());
    rule("smea", "max-subsets", "2000000").check(25, 8, 10);
    e = assertThrows(IllegalArgumentException.class, () -> rule("smea").check(6, 3, 1));
    assertEquals("smea needs n > 2f, got n=6 f=3", e.getMessage());
    assertEquals(Math.sqrt(3.0 / 4), rule("smea").theory(10, 3, 5).lambda().getAsDouble(), 0.0);
  }

  // ----- dnc -----

  @Test
  void dncSampleIsUniformWithoutReplacement() {
    int[] s = DivideAndConquer.sample(100, 10, new SplittableRandom(1));
    assertEquals(10, s.length);
    for (int q = 1; q < s.length; q++) {
      assertTrue(s[q] > s[q - 1]);
    }
    assertArrayEquals(new int[] {0, 1, 2}, DivideAndConquer.sample(3, 3, new SplittableRandom(2)));
    int[] hits = new int[20];
    SplittableRandom r = new SplittableRandom(9);
    for (int t = 0; t < 20_000; t++) {
      for (int k : DivideAndConquer.sample(20, 5, r)) {
        hits[k]++;
      }
    }
    for (int h : hits) {
      assertEquals(5000, h, 300); // 20,000 · 5/20, standard deviation ~61
    }
  }

  @Test
  void dncByHand() {
    // 1-D, all coordinates: scores (x − 3.25)², 10 is dropped in every iteration
    RuleSession s = new RuleSession(rule("dnc"));
    assertEquals(1, s.aggregate(new double[][] {{0}, {1}, {2}, {10}}, 1, R)[0], 1e-15);
    assertEquals("kept=0,1,2", s.lastReport());
    // 2-D: the unit square and (5, 5): the top direction is (1, 1), (5, 5) scores highest
    RuleSession t = new RuleSession(rule("dnc", "iters", "2"));
    double[][] y = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {5, 5}};
    assertArrayEquals(new double[] {0.5, 0.5}, t.aggregate(y, 1, R), 1e-15);
    assertEquals("kept=0,1,2,3", t.lastReport());
    // c = 2 removes 2f rows per iteration; c = 0 keeps all
    assertEquals(
        1,
        rule("dnc", "c", "2").aggregate(new double[][] {{0}, {1}, {2}, {10}, {-7}}, 1, R)[0],
        1e-15);
    assertEquals(
        1.2,
        rule("dnc", "c", "0").aggregate(new double[][] {{0}, {1}, {2}, {10}, {-7}}, 1, R)[0],
        1e-15);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("dnc", "c", "1.5").check(3, 2, 1));
    assertEquals("dnc needs n - ceil(c*f) >= 1, got n=3 f=2 c=1.5", e.getMessage());
  }

  /**
   * (0, 0), (1, 3), (3, 1), f = 2, b = 1 of d = 2: one row is kept per iteration, the one nearest
   * the mean on the sampled coordinate: (1, 3) on coordinate 0 (values 0, 1, 3, mean 4/3), (3, 1)
   * on coordinate 1. When the two iterations sample different coordinates no row is kept by both,
   * and the rows kept most often, (1, 3) and (3, 1), are averaged.
   */
  @Test
  void dncWhenNoRowIsKeptByEveryIteration() {
    double[][] x = {{0, 0}, {1, 3}, {3, 1}};
    Aggregator dnc = rule("dnc", "iters", "2", "b", "1");
    boolean differ = false;
    boolean same = false;
    for (long step = 1; step <= 50 && !(differ && same); step++) {
      Round round = new Round(step, 5);
      int c1 = DivideAndConquer.sample(2, 1, Seeds.rng(5, Seeds.Purpose.DNC, step, 1, 0))[0];
      int c2 = DivideAndConquer.sample(2, 1, Seeds.rng(5, Seeds.Purpose.DNC, step, 2, 0))[0];
      Aggregation a = dnc.aggregate(VectorSet.of(x), 2, round, RuleState.EMPTY);
      if (c1 != c2) {
        differ = true;
        assertArrayEquals(new double[] {2, 2}, a.value().toArray(), 0.0);
        assertEquals("kept=1,2 in=1/2", a.report());
      } else {
        same = true;
        int kept = c1 == 0 ? 1 : 2;
        assertArrayEquals(x[kept], a.value().toArray(), 0.0);
        assertEquals("kept=" + kept, a.report());
      }
    }
    assertTrue(differ && same);
  }
}
