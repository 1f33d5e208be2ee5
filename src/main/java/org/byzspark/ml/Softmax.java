package org.byzspark.ml;

/** The softmax of a row of class scores, finite for any scores. */
final class Softmax {
  private Softmax() {}

  /**
   * Replaces {@code z} by its softmax: exp(z_i − max) / Σ exp(z_j − max). Scores of +∞ share the
   * probability equally; a NaN score makes every probability NaN; all −∞ gives the uniform row.
   */
  static void inPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      if (Double.isNaN(v)) {
        java.util.Arrays.fill(z, Double.NaN);
        return;
      }
      max = Math.max(max, v);
    }
    if (max == Double.POSITIVE_INFINITY || max == Double.NEGATIVE_INFINITY) {
      double top = max;
      int count = 0;
      for (double v : z) {
        count += v == top ? 1 : 0;
      }
      for (int i = 0; i < z.length; i++) {
        z[i] = z[i] == top ? 1.0 / count : 0.0;
      }
      return;
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.exp(z[i] - max);
      sum += z[i];
    }
    for (int i = 0; i < z.length; i++) {
      z[i] /= sum;
    }
  }
}
