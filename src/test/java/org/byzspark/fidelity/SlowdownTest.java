package org.byzspark.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.attack.Attacks;
import org.byzspark.train.ByzantineStage;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

/** AggregaThor's slowdown estimator on hand-made gradient samples. */
class SlowdownTest {
  // ∇Q = 1; sample 1: 0, 1, 5 (mean 2, median 1); sample 2: 2, 3, 4 (mean 3, median 3)
  private static final Slowdown.Sampler SAMPLES =
      s -> s == 1 ? new double[][] {{0}, {1}, {5}} : new double[][] {{2}, {3}, {4}};
  private static final double[] GRAD = {1};

  @Test
  void averageHasRatioOneAndTheMedianTheHandComputedOne() {
    Slowdown.Estimate avg =
        Slowdown.estimate(
            SAMPLES, GRAD, 2, Aggregators.create("average", Params.empty()), 0, null, 1);
    assertEquals(2.5, avg.meanError(), 1e-15); // ((2-1)² + (3-1)²)/2
    assertEquals(2.5, avg.ruleError(), 1e-15);
    assertEquals(1.0, avg.ratio(), 1e-15);
    Slowdown.Estimate med =
        Slowdown.estimate(
            SAMPLES, GRAD, 2, Aggregators.create("cwmed", Params.empty()), 0, null, 1);
    assertEquals(2.0, med.ruleError(), 1e-15); // ((1-1)² + (3-1)²)/2
    assertEquals(0.8, med.ratio(), 1e-15);
    assertEquals(1 / Math.sqrt(0.8), med.speedRatio(), 1e-15);
    // mean outputs: averaging (2 + 3)/2 = 2.5, median (1 + 3)/2 = 2; ∇Q = 1
    assertEquals(2.25, avg.meanBias(), 1e-15); // (2.5 − 1)²
    assertEquals(0.25, avg.meanVariance(), 1e-15); // ((2 − 2.5)² + (3 − 2.5)²)/2
    assertEquals(2.5, avg.meanGain(), 1e-15);
    assertEquals(1.0, med.ruleBias(), 1e-15); // (2 − 1)²
    assertEquals(1.0, med.ruleVariance(), 1e-15); // ((1 − 2)² + (3 − 2)²)/2
    assertEquals(2.0, med.ruleGain(), 1e-15);
  }

  /**
   * A coordinate-wise median of sparse gradients: on a coordinate where only a minority of the
   * workers sees a non-zero value the median is 0, so the expected output loses that coordinate.
   */
  @Test
  void aMedianOfSparseGradientsHasAGainBelowOne() {
    // coordinate 0: every worker 1; coordinate 1: one worker of three has 3 (mean 1, median 0)
    Slowdown.Sampler sparse =
        s ->
            new double[][] {
              {1, s % 3 == 0 ? 3 : 0}, {1, s % 3 == 1 ? 3 : 0}, {1, s % 3 == 2 ? 3 : 0}
            };
    double[] grad = {1, 1};
    Slowdown.Estimate med =
        Slowdown.estimate(sparse, grad, 3, Aggregators.create("cwmed", Params.empty()), 0, null, 1);
    assertEquals(0.5, med.ruleGain(), 1e-15); // F̄ = (1, 0): ⟨F̄, ∇Q⟩/‖∇Q‖² = 1/2
    assertEquals(1.0, med.ruleBias(), 1e-15);
    assertEquals(0.0, med.ruleVariance(), 1e-15);
    assertEquals(1.0, med.meanGain(), 1e-15);
    assertEquals(0.0, med.meanError(), 1e-15);
  }

  @Test
  void anAttackReplacesTheLastRowsButNotTheAveragingBaseline() {
    // zero attack on the last row: average of (0, 1, 0) = 1/3 and of (2, 3, 0) = 5/3
    ByzantineStage stage =
        new ByzantineStage(
            Attacks.create("zero", Params.empty()),
            1,
            Aggregators.create("average", Params.empty()),
            1);
    Slowdown.Estimate e =
        Slowdown.estimate(
            SAMPLES, GRAD, 2, Aggregators.create("average", Params.empty()), 1, stage, 1);
    assertEquals(4.0 / 9, e.ruleError(), 1e-15);
    assertEquals(2.5, e.meanError(), 1e-15);
    assertEquals((4.0 / 9) / 2.5, e.ratio(), 1e-15);
  }

  @Test
  void theAveragedCountOfTheRulesTheProofsCover() {
    Params none = Params.empty();
    assertEquals(10, Slowdown.averagedCount("average", none, false, 10, 2).getAsInt());
    assertEquals(1, Slowdown.averagedCount("krum", none, false, 10, 2).getAsInt());
    assertEquals(8, Slowdown.averagedCount("multikrum", none, false, 10, 2).getAsInt());
    assertEquals(
        5,
        Slowdown.averagedCount("multikrum", Params.of(Map.of("m", "5")), false, 10, 2).getAsInt());
    assertEquals(4, Slowdown.averagedCount("aggregathor", none, false, 10, 2).getAsInt());
    assertTrue(Slowdown.averagedCount("cwtm", none, false, 10, 2).isEmpty());
    assertTrue(Slowdown.averagedCount("krum", none, true, 10, 2).isEmpty());
  }
}
