package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

/**
 * fltrust: hand-computed cases, degenerate and non-finite inputs, properties of the paper's rule.
 */
class FlTrustTest {
  static final Round R = Round.offline(5);
  static final double NAN = Double.NaN;
  static final double INF = Double.POSITIVE_INFINITY;

  private static final Aggregator RULE = Aggregators.create("fltrust", Params.empty());

  private static Aggregation run(double[][] x, double[] g0) {
    return RULE.aggregate(
        VectorSet.of(x), 1, R, RuleState.EMPTY.with(RuleState.SERVER_GRADIENT, g0));
  }

  private static double[] trust(Aggregation a) {
    String r = a.report();
    assertTrue(r.startsWith("trust="), r);
    String[] parts = r.substring("trust=".length()).split(",");
    double[] t = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      t[i] = Double.parseDouble(parts[i]);
    }
    return t;
  }

  /**
   * g₀ = (2, 0), ‖g₀‖ = 2. cos: (3,4) → 3/5; (1,0) → 1; (−1,0) → −1 → 0; (0,2) → 0. Rescaled: (3,4)
   * → (1.2, 1.6), (1,0) → (2, 0). Output (0.6·(1.2, 1.6) + 1·(2, 0)) / 1.6 = (1.7, 0.6).
   */
  @Test
  void byHand() {
    double[][] x = {{3, 4}, {1, 0}, {-1, 0}, {0, 2}};
    Aggregation a = run(x, new double[] {2, 0});
    assertArrayEquals(new double[] {1.7, 0.6}, a.value().toArray(), 1e-12);
    assertArrayEquals(new double[] {0.6, 1, 0, 0}, trust(a), 1e-12);
    assertEquals(RuleState.EMPTY, a.state(), "g0 is not carried to the next step");
  }

  /** A second case in 3-d, with the trust scores ≠ 0 and 1: the formula Σ TS_i x̂_i / Σ TS_i. */
  @Test
  void byHandWithDifferentNorms() {
    // g0 = (0, 0, 3); x1 = (0, 4, 4) cos = 1/√2; x2 = (0, 0, 0.5) cos = 1; x3 = (6, 0, 8) cos 0.8
    double[][] x = {{0, 4, 4}, {0, 0, 0.5}, {6, 0, 8}};
    double s = Math.sqrt(0.5);
    double t = s + 1 + 0.8;
    // x̂1 = 3·(0, 1/√2, 1/√2); x̂2 = (0, 0, 3); x̂3 = 3·(0.6, 0, 0.8)
    double[] expected = {0.8 * 3 * 0.6 / t, s * 3 * s / t, (s * 3 * s + 1 * 3 + 0.8 * 3 * 0.8) / t};
    Aggregation a = run(x, new double[] {0, 0, 3});
    assertArrayEquals(expected, a.value().toArray(), 1e-12);
    assertArrayEquals(new double[] {s, 1, 0.8}, trust(a), 1e-12);
  }

  /** Every message pointing away from g₀ (or orthogonal): every trust 0, the zero vector. */
  @Test
  void allZeroTrustGivesTheZeroVector() {
    double[][] x = {{-1, 0}, {-3, 5}, {0, 7}, {-1e-3, -1e-3}};
    Aggregation a = run(x, new double[] {1, 0});
    assertArrayEquals(new double[] {0, 0}, a.value().toArray(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0, 0}, trust(a), 0.0);
  }

  /** g₀ = 0 or non-finite: no trusted direction, the zero vector; never throws. */
  @Test
  void degenerateServerGradient() {
    double[][] x = {{1, 2}, {3, 4}, {5, 6}};
    for (double[] g0 :
        new double[][] {
          {0, 0}, {-0.0, 0}, {NAN, 1}, {INF, 0}, {-INF, 1}, {Double.MAX_VALUE, Double.MAX_VALUE}
        }) {
      Aggregation a = run(x, g0);
      assertArrayEquals(
          new double[] {0, 0}, a.value().toArray(), 0.0, java.util.Arrays.toString(g0));
      assertArrayEquals(new double[] {0, 0, 0}, trust(a), 0.0);
    }
  }

  /** A zero message has no direction: trust 0, and the others' aggregate is unchanged. */
  @Test
  void zeroMessageHasTrustZero() {
    double[][] with = {{0, 0}, {3, 4}, {1, 0}};
    double[][] without = {{3, 4}, {1, 0}};
    Aggregation a = run(with, new double[] {2, 0});
    assertEquals(0, trust(a)[0], 0.0);
    assertArrayEquals(run(without, new double[] {2, 0}).value().toArray(), a.value().toArray(), 0);
  }

  /**
   * Rows with NaN, +Inf or −Inf have trust 0 and change nothing: the same bits as the finite rows
   * alone, wherever the bad rows are.
   */
  @Test
  void nonFiniteRowsHaveTrustZero() {
    double[] g0 = {1, 2, -1};
    double[][] finite = {{1, 1, 0}, {2, 3, -2}, {0.5, 0, 0}};
    double[][] mixed = {
      {NAN, 0, 0},
      {1, 1, 0},
      {INF, 1, 1},
      {2, 3, -2},
      {-INF, -INF, 0},
      {0.5, 0, 0},
      {NAN, INF, -INF}
    };
    Aggregation a = run(mixed, g0);
    double[] t = trust(a);
    for (int i : new int[] {0, 2, 4, 6}) {
      assertEquals(0, t[i], 0.0, "row " + i);
    }
    double[] v = a.value().toArray();
    for (double c : v) {
      assertTrue(Double.isFinite(c));
    }
    assertArrayEquals(run(finite, g0).value().toArray(), v, 0.0);
    // only non-finite rows: the zero vector
    Aggregation b = run(new double[][] {{NAN, 0, 0}, {INF, 0, 0}, {-INF, 1, 1}}, g0);
    assertArrayEquals(new double[3], b.value().toArray(), 0.0);
  }

  /** Huge and tiny messages: rescaled to ‖g₀‖, no overflow, no infinite factor. */
  @Test
  void extremeNormsStayFinite() {
    double[] g0 = {1, 1};
    double[][] x = {{1e300, 1e300}, {1e-300, 1e-300}, {1, 0}};
    Aggregation a = run(x, g0);
    double[] v = a.value().toArray();
    // all three point within 45° of g0: (√2·(1,1)/√2 ·1 + same · 1 + √2·(1,0)·cos45°)/(2 + cos45°)
    double c = Math.sqrt(0.5);
    double[] expected = {(1 + 1 + Math.sqrt(2) * c) / (2 + c), (1 + 1) / (2 + c)};
    assertArrayEquals(expected, v, 1e-12);
    assertArrayEquals(new double[] {1, 1, c}, trust(a), 1e-12);
  }

  /**
   * Properties on random inputs: ‖F‖ ≤ ‖g₀‖; F does not change when a message is multiplied by a
   * positive factor (only its direction counts) nor when g₀ is (the output scales with ‖g₀‖ only);
   * a permutation of the messages gives the same output.
   */
  @Test
  void properties() {
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + r.nextInt(8);
      int d = 1 + r.nextInt(40);
      double[][] x = new double[n][d];
      double[] g0 = new double[d];
      for (int k = 0; k < d; k++) {
        g0[k] = r.nextGaussian();
      }
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < d; k++) {
          x[i][k] = g0[k] * r.nextDouble() + 0.5 * r.nextGaussian();
        }
      }
      double[] v = run(x, g0).value().toArray();
      assertTrue(RowMath.norm(v) <= RowMath.norm(g0) * (1 + 1e-12));
      double[][] scaled = new double[n][];
      for (int i = 0; i < n; i++) {
        double s = Math.pow(10, r.nextInt(-5, 6));
        scaled[i] = x[i].clone();
        for (int k = 0; k < d; k++) {
          scaled[i][k] *= s;
        }
      }
      assertArrayEquals(v, run(scaled, g0).value().toArray(), 1e-9 * (1 + RowMath.norm(g0)));
      double[] g2 = g0.clone();
      for (int k = 0; k < d; k++) {
        g2[k] *= 4;
      }
      double[] v2 = run(x, g2).value().toArray();
      for (int k = 0; k < d; k++) {
        assertEquals(4 * v[k], v2[k], 1e-9 * (1 + Math.abs(v2[k])));
      }
      double[][] reversed = new double[n][];
      for (int i = 0; i < n; i++) {
        reversed[i] = x[n - 1 - i];
      }
      assertArrayEquals(v, run(reversed, g0).value().toArray(), 1e-9 * (1 + RowMath.norm(g0)));
    }
  }

  /** Identical messages parallel to g₀: each one rescaled to ‖g₀‖, i.e. g₀ itself. */
  @Test
  void parallelMessagesGiveTheServerGradient() {
    double[][] x = {{2, 4}, {0.1, 0.2}, {30, 60}};
    assertArrayEquals(new double[] {1, 2}, run(x, new double[] {1, 2}).value().toArray(), 1e-12);
  }

  @Test
  void needsTheServerGradient() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RULE.aggregate(new double[][] {{1}, {2}}, 0, R));
    assertTrue(e.getMessage().startsWith("fltrust needs the server's gradient g0"), e.getMessage());
    IllegalArgumentException d =
        assertThrows(
            IllegalArgumentException.class, () -> run(new double[][] {{1}, {2}}, new double[2]));
    assertEquals("fltrust needs the server's gradient of dimension d = 1, got 2", d.getMessage());
    assertTrue(RULE.usesServerGradient());
    assertTrue(
        Aggregators.pipeline(java.util.List.of("nnm"), "fltrust", Params.empty())
            .usesServerGradient());
    assertTrue(!Aggregators.create("cwtm", Params.empty()).usesServerGradient());
  }

  @Test
  void checkAndTheory() {
    RULE.check(3, 2, 5); // any f < n: the rule does not use f
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RULE.check(3, 3, 5));
    assertEquals("fltrust needs 0 <= f < n, got n=3 f=3", e.getMessage());
    Theory t = RULE.theory(10, 3, 100);
    assertTrue(t.lambda().isEmpty());
    assertTrue(t.note().startsWith("unknown"), t.note());
    assertThrows(
        IllegalArgumentException.class,
        () -> Aggregators.create("fltrust", Params.parse(java.util.List.of("x=1"))));
  }
}
