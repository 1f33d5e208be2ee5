package org.byzspark.fidelity;

/**
 * The ratio of RESAM's Definition 2 ((f, λ)-resilient averaging) measured on one set of messages.
 *
 * <p>Definition 2 of RESAM (§3.2, "Resilient averaging"): for f &lt; n and λ ≥ 0, a rule F is (f,
 * λ)-resilient averaging if for any x_1, ..., x_n and any S ⊆ {1, ..., n} of size n − f,
 *
 * <pre>  ‖F(x_1, ..., x_n) − x̄_S‖ ≤ λ · max_{i,j ∈ S} ‖x_i − x_j‖</pre>
 *
 * with x̄_S the mean of the x_i, i ∈ S. The normalisation is the <em>diameter</em> of the honest
 * set, not the largest distance to its mean (the two differ by at most a factor 2: max_i ‖x_i −
 * x̄_S‖ ≤ diam ≤ 2 · max_i ‖x_i − x̄_S‖). Here S is the set H of the honest (not forged) rows, and
 * the measured ratio is
 *
 * <pre>  ρ = ‖F(x_1, ..., x_n) − x̄_H‖ / max_{i,j ∈ H} ‖x_i − x_j‖</pre>
 *
 * which the definition bounds by λ when |H| = n − f. When the honest rows are all equal (diameter
 * 0), ρ is 0 if F returns them and +∞ otherwise (the definition then demands F = x̄_H, RESAM's
 * "sanity check"). A non-finite aggregate gives ρ = NaN, which no bound holds for. Plain Java.
 */
public final class ResilienceRatio {
  /** Relative slack for rounding when comparing ρ with λ: ρ ≤ λ·(1 + 1e−9) holds. */
  public static final double SLACK = 1e-9;

  private ResilienceRatio() {}

  /**
   * @param distance ‖F − x̄_H‖
   * @param diameter max_{i,j ∈ H} ‖x_i − x_j‖
   * @param ratio ρ = distance / diameter (see the class comment for diameter 0)
   * @param honest |H|
   */
  public record Measure(double distance, double diameter, double ratio, int honest) {
    /** Whether ρ ≤ λ (with {@link #SLACK}); false for a NaN ρ or λ. */
    public boolean holds(double lambda) {
      return ratio <= lambda * (1 + SLACK);
    }
  }

  /**
   * ρ for the messages {@code x} (forged rows flagged in {@code byzantine}) and the rule's output.
   *
   * @throws IllegalArgumentException when no row is honest or the lengths disagree
   */
  public static Measure measure(double[][] x, boolean[] byzantine, double[] aggregate) {
    if (x.length != byzantine.length) {
      throw new IllegalArgumentException(
          x.length + " rows but " + byzantine.length + " Byzantine flags");
    }
    int d = aggregate.length;
    int h = 0;
    double[] mean = new double[d];
    for (int i = 0; i < x.length; i++) {
      if (byzantine[i]) {
        continue;
      }
      if (x[i].length != d) {
        throw new IllegalArgumentException(
            "row " + i + " has " + x[i].length + " values, the aggregate " + d);
      }
      h++;
      for (int j = 0; j < d; j++) {
        mean[j] += x[i][j];
      }
    }
    if (h == 0) {
      throw new IllegalArgumentException("no honest row: the ratio needs at least one");
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= h;
    }
    double diameter = 0;
    for (int i = 0; i < x.length; i++) {
      for (int k = i + 1; k < x.length; k++) {
        if (!byzantine[i] && !byzantine[k]) {
          diameter = Math.max(diameter, distance(x[i], x[k]));
        }
      }
    }
    double distance = distance(aggregate, mean);
    double ratio;
    if (Double.isNaN(distance) || Double.isInfinite(distance)) {
      ratio = Double.NaN;
    } else if (diameter == 0) {
      ratio = distance == 0 ? 0 : Double.POSITIVE_INFINITY;
    } else {
      ratio = distance / diameter;
    }
    return new Measure(distance, diameter, ratio, h);
  }

  /** The Euclidean distance (NaN when either vector has a NaN). */
  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double v = a[j] - b[j];
      s += v * v;
    }
    return Math.sqrt(s);
  }
}
