package org.byzspark.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RESAM Definition 2's ratio on hand-made messages. */
class ResilienceRatioTest {
  @Test
  void handComputedRatioUsesTheHonestDiameter() {
    // honest (0,0), (2,0), (0,2): mean (2/3, 2/3), diameter |(2,0)-(0,2)| = 2√2; forged (10,10)
    double[][] x = {{0, 0}, {2, 0}, {0, 2}, {10, 10}};
    boolean[] byz = {false, false, false, true};
    ResilienceRatio.Measure m = ResilienceRatio.measure(x, byz, new double[] {1, 1});
    assertEquals(3, m.honest());
    assertEquals(2 * Math.sqrt(2), m.diameter(), 1e-15);
    assertEquals(Math.sqrt(2) / 3, m.distance(), 1e-15); // |(1,1) - (2/3,2/3)|
    assertEquals(1.0 / 6, m.ratio(), 1e-15);
    assertTrue(m.holds(1.0 / 6));
    assertTrue(m.holds(0.2));
    assertFalse(m.holds(0.16));
  }

  @Test
  void averageWithoutByzantineIsExactlyTheHonestMeanSoTheBoundZeroIsTight() {
    double[][] x = {{1, 4}, {3, -2}, {5, 7}, {-1, 0}};
    boolean[] none = new boolean[4];
    double[] avg = {2, 2.25};
    ResilienceRatio.Measure m = ResilienceRatio.measure(x, none, avg);
    assertEquals(0.0, m.ratio());
    assertTrue(m.holds(0)); // λ = 0 is attained: the definition's bound with f = 0
  }

  @Test
  void averageIsNotResilientTheRatioGrowsWithTheForgedValue() {
    // honest 0 and 1 (mean 0.5, diameter 1), forged b: average = (1 + b)/3, ratio |(1+b)/3 - 1/2|
    boolean[] byz = {false, false, true};
    for (double b : new double[] {5.5, 11.5, 101.5}) {
      double avg = (1 + b) / 3;
      ResilienceRatio.Measure m =
          ResilienceRatio.measure(new double[][] {{0}, {1}, {b}}, byz, new double[] {avg});
      assertEquals((1 + b) / 3 - 0.5, m.ratio(), 1e-12);
    }
  }

  @Test
  void equalHonestRowsGiveZeroOrInfinityAndANonFiniteAggregateNaN() {
    double[][] x = {{1, 1}, {1, 1}, {Double.NaN, 3}};
    boolean[] byz = {false, false, true};
    assertEquals(0.0, ResilienceRatio.measure(x, byz, new double[] {1, 1}).ratio());
    ResilienceRatio.Measure off = ResilienceRatio.measure(x, byz, new double[] {1, 2});
    assertEquals(Double.POSITIVE_INFINITY, off.ratio());
    assertFalse(off.holds(1e6));
    ResilienceRatio.Measure nan = ResilienceRatio.measure(x, byz, new double[] {Double.NaN, 1});
    assertTrue(Double.isNaN(nan.ratio()));
    assertFalse(nan.holds(Double.POSITIVE_INFINITY));
  }

  @Test
  void noHonestRowIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ResilienceRatio.measure(new double[][] {{1}}, new boolean[] {true}, new double[] {1}));
  }
}
