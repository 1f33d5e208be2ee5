package org.byzspark.fidelity;

import java.util.OptionalInt;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.train.ByzantineStage;
import org.byzspark.util.Params;

/**
 * AggregaThor's slowdown quantity measured at fixed parameters θ. Plain Java.
 *
 * <p><b>What the theorem compares.</b> The AggregaThor proofs (Theorem 1 (ii) for Multi-Krum,
 * Theorem 2 (ii) for AggregaThor) state: <em>in the absence of Byzantine workers</em>, the rule has
 * a slowdown, "expressed in ratio with averaging", of Ω(√(m̃/n)), with m̃ = n − f − 2 for
 * Multi-Krum and m̃ = n − 2f − 2 for AggregaThor (m̃ the largest m the resilience proof allows; any
 * m ≤ m̃ gives √(m/n) by the same argument). The proof of (ii) is one line: m-Krum is the average
 * of m estimators of the gradient, all from correct workers when none is Byzantine, and "SGD
 * converges in O(1/√m) where m is the number of used estimators". So the quantity behind the
 * theorem is the second moment of the rule's output around the true gradient ∇Q(θ) at fixed θ,
 * against averaging's over all n workers: an average of m i.i.d. estimators has E‖·−∇Q‖² = dσ²/m,
 * the average of n has dσ²/n, their ratio is n/m, and the speed ratio is its inverse square root
 * √(m/n).
 *
 * <p><b>What is measured.</b> For samples s = 1..S, every worker i computes an honest stochastic
 * gradient x_i^(s) at θ ({@link Sampler}); the rule aggregates them (after the Byzantine stage
 * replaces the last f when an attack is given), and
 *
 * <pre>
 *   E_F    = (1/S) Σ_s ‖F(x_1^(s), ..., x_n^(s)) − ∇Q(θ)‖²
 *   E_mean = (1/S) Σ_s ‖(1/n) Σ_i x_i^(s) − ∇Q(θ)‖²      (averaging, all n honest)
 *   R      = E_F / E_mean,    speed ratio = 1/√R
 * </pre>
 *
 * <p>The theorem's reading of R for a rule that averages m honest gradients is R ≈ n/m, i.e. speed
 * ratio √(m/n) ({@link #averagedCount}); the Ω hides a constant, so the comparison R ≤ n/m is an
 * indication, not a bound the paper proves with that constant. Randomised rules and attacks draw
 * from the round (s, seed).
 *
 * <p><b>Bias and variance.</b> The proof's argument is about variance: an average of honest
 * gradients is unbiased. A rule that is not an average of whole gradients (a coordinate-wise
 * median, Bulyan's second phase) may also be biased, and a bias does what no variance does: it
 * changes the expected step. So E_F is also split exactly into the squared bias of the samples'
 * mean output F̄ = (1/S) Σ_s F^(s) and the spread around it,
 *
 * <pre>
 *   E_F = ‖F̄ − ∇Q‖² + (1/S) Σ_s ‖F^(s) − F̄‖²,      gain = ⟨F̄, ∇Q⟩ / ‖∇Q‖²
 * </pre>
 *
 * and the same for averaging. The gain is the fraction of the true gradient the expected step
 * follows: averaging's is 1 up to sampling error, and a rule of gain g takes, for a small learning
 * rate, about 1/g times the steps to make the same expected progress along ∇Q.
 */
public final class Slowdown {
  private Slowdown() {}

  /** The n honest gradients of sample s (s ≥ 1), one row per worker. */
  @FunctionalInterface
  public interface Sampler {
    double[][] draw(long sample);
  }

  /**
   * @param samples S
   * @param ruleError E_F
   * @param meanError E_mean
   * @param ratio R = E_F / E_mean
   */
  public record Estimate(
      int samples,
      double ruleError,
      double meanError,
      double ratio,
      double ruleBias,
      double meanBias,
      double ruleGain,
      double meanGain) {
    /** 1/√R: the speed of the rule relative to averaging the theorem's reading gives. */
    public double speedRatio() {
      return 1 / Math.sqrt(ratio);
    }

    /** The rule's spread around its mean output: E_F − ‖F̄ − ∇Q‖². */
    public double ruleVariance() {
      return ruleError - ruleBias;
    }

    /** Averaging's spread around its mean output. */
    public double meanVariance() {
      return meanError - meanBias;
    }
  }

  /**
   * E_F, E_mean and R over samples 1..S.
   *
   * @param trueGradient ∇Q(θ)
   * @param stage the Byzantine stage forging the last f rows (null: every row honest)
   * @param declaredF the f the rule is told
   * @param seed the run seed (the round of sample s is (s, seed))
   */
  public static Estimate estimate(
      Sampler sampler,
      double[] trueGradient,
      int samples,
      Aggregator rule,
      int declaredF,
      ByzantineStage stage,
      long seed) {
    if (samples < 1) {
      throw new IllegalArgumentException(
          "--samples: " + samples + " is not allowed; allowed: >= 1");
    }
    int d = trueGradient.length;
    double ruleSum = 0;
    double meanSum = 0;
    double[] ruleTotal = new double[d];
    double[] meanTotal = new double[d];
    for (long s = 1; s <= samples; s++) {
      double[][] x = sampler.draw(s);
      int n = x.length;
      double[] mean = new double[d];
      for (double[] row : x) {
        for (int j = 0; j < d; j++) {
          mean[j] += row[j];
        }
      }
      for (int j = 0; j < d; j++) {
        mean[j] /= n;
      }
      Round round = new Round(s, seed);
      VectorSet messages = VectorSet.of(d, x);
      if (stage != null) {
        messages = stage.apply(messages, round, rule.initialState());
      }
      double[] agg =
          rule.aggregate(messages, declaredF, round, rule.initialState()).value().toArray();
      ruleSum += squaredDistance(agg, trueGradient);
      meanSum += squaredDistance(mean, trueGradient);
      for (int j = 0; j < d; j++) {
        ruleTotal[j] += agg[j];
        meanTotal[j] += mean[j];
      }
    }
    double eF = ruleSum / samples;
    double eM = meanSum / samples;
    for (int j = 0; j < d; j++) {
      ruleTotal[j] /= samples;
      meanTotal[j] /= samples;
    }
    double g2 = dot(trueGradient, trueGradient);
    return new Estimate(
        samples,
        eF,
        eM,
        eF / eM,
        squaredDistance(ruleTotal, trueGradient),
        squaredDistance(meanTotal, trueGradient),
        dot(ruleTotal, trueGradient) / g2,
        dot(meanTotal, trueGradient) / g2);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  /**
   * m, the number of honest gradients the rule averages when no worker is Byzantine, for the rules
   * the AggregaThor proofs cover: {@code average} n, {@code krum} 1, {@code multikrum} its m
   * (default n − f), {@code aggregathor} its m (default n − 2f − 2, at least 1); empty for any
   * other rule or with pre-aggregators.
   */
  public static OptionalInt averagedCount(
      String rule, Params params, boolean preAggregators, int n, int f) {
    if (preAggregators) {
      return OptionalInt.empty();
    }
    int m;
    switch (rule) {
      case "average" -> m = n;
      case "krum" -> m = 1;
      case "multikrum" -> m = params.has("m") ? Integer.parseInt(params.getString("m", "")) : n - f;
      case "aggregathor" ->
          m =
              params.has("m")
                  ? Integer.parseInt(params.getString("m", ""))
                  : Math.max(1, n - 2 * f - 2);
      default -> {
        return OptionalInt.empty();
      }
    }
    return OptionalInt.of(m);
  }

  static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double v = a[j] - b[j];
      s += v * v;
    }
    return s;
  }
}
