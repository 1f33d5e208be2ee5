package org.byzspark.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The least-squares slope, its t interval, and BRSGD's running-minimum fit, by hand. */
class RateFitTest {
  @Test
  void anExactLineGivesTheExactSlopeAndAZeroWidthInterval() {
    RateFit.Fit f = RateFit.fit(new double[] {1, 2, 3, 4}, new double[] {3, 5, 7, 9});
    assertEquals(2.0, f.slope());
    assertEquals(1.0, f.intercept());
    assertEquals(0.0, f.stdError());
    assertEquals(2.0, f.lower());
    assertEquals(2.0, f.upper());
  }

  @Test
  void aNoisyCaseMatchesTheHandComputation() {
    // x̄ = 2, ȳ = 2.1, Sxx = 10, Sxy = 10: b = 1, a = 0.1; residuals -0.1, 0.4, -0.6, 0.4, -0.1:
    // SSE = 0.7, s² = 0.7/3, se = √(0.7/30); t_{0.975,3} = 3.182446305 (tables)
    RateFit.Fit f = RateFit.fit(new double[] {0, 1, 2, 3, 4}, new double[] {0, 1.5, 1.5, 3.5, 4});
    assertEquals(1.0, f.slope(), 1e-14);
    assertEquals(0.1, f.intercept(), 1e-14);
    double se = Math.sqrt(0.7 / 30);
    assertEquals(se, f.stdError(), 1e-14);
    assertEquals(3.182446305, f.t(), 1e-8);
    assertEquals(1 - 3.182446305 * se, f.lower(), 1e-8);
    assertEquals(1 + 3.182446305 * se, f.upper(), 1e-8);
    assertTrue(f.covers(0.6));
    assertFalse(f.covers(0.5));
  }

  @Test
  void tQuantilesMatchTheTables() {
    assertEquals(12.70620474, RateFit.tQuantile975(1), 1e-7);
    assertEquals(4.30265273, RateFit.tQuantile975(2), 1e-7);
    assertEquals(2.57058184, RateFit.tQuantile975(5), 1e-7);
    assertEquals(2.22813885, RateFit.tQuantile975(10), 1e-7);
    assertEquals(2.04227246, RateFit.tQuantile975(30), 1e-7);
    // ν → ∞: the normal's 1.959964
    assertEquals(1.959964, RateFit.tQuantile975(100000), 1e-4);
    // the Cauchy case in closed form: P(|T| ≤ 1) = 1/2 for ν = 1
    assertEquals(0.5, RateFit.centralProbability(1, 1), 1e-15);
  }

  @Test
  void twoPointsGiveASlopeWithoutInterval() {
    RateFit.Fit f = RateFit.fit(new double[] {0, 2}, new double[] {1, 0});
    assertEquals(-0.5, f.slope());
    assertTrue(Double.isNaN(f.lower()));
    assertThrows(
        IllegalArgumentException.class, () -> RateFit.fit(new double[] {1}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> RateFit.fit(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
  }

  @Test
  void brsgdFitsTheRunningMinimumFromKmin() {
    long[] k = {10, 20, 30, 40, 80};
    double[] g = {0.4, 0.5, Double.NaN, 0.7, 0.25};
    // running minimum 0.4, 0.4, (skipped), 0.4, 0.25; K >= 20: (20, .4), (40, .4), (80, .25)
    RateFit.Fit f = RateFit.brsgd(k, g, 20);
    RateFit.Fit hand =
        RateFit.fit(
            new double[] {Math.log(20), Math.log(40), Math.log(80)},
            new double[] {Math.log(0.4), Math.log(0.4), Math.log(0.25)});
    assertEquals(3, f.points());
    assertEquals(hand.slope(), f.slope());
    assertEquals(hand.upper(), f.upper());
    // a pure power law M_K = 3·K^-0.125 (p = 0.75) is fitted exactly
    long[] ks = {20, 40, 80, 160, 320};
    double[] pl = new double[ks.length];
    for (int i = 0; i < ks.length; i++) {
      pl[i] = 3 * Math.pow(ks[i], RateFit.predictedSlope(0.75));
    }
    RateFit.Fit p = RateFit.brsgd(ks, pl, 1);
    assertEquals(-0.125, p.slope(), 1e-12);
    assertTrue(p.upper() - p.lower() < 1e-10);
  }
}
