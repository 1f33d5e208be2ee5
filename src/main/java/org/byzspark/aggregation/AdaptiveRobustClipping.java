package org.byzspark.aggregation;

import java.util.Arrays;
import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code arc}: adaptive robust clipping, a pre-aggregator.
 *
 * <h2>Definition</h2>
 *
 * [ARC]. Definition used: {@code k = ⌊2·(f/n)·(n−f)⌋} (computed exactly in integers as
 * ⌊2f(n−f)/n⌋); C is the (k+1)-th largest of the norms ‖x_1‖, ..., ‖x_n‖; every vector is clipped
 * to C: {@code x_i ← x_i · min(1, C/‖x_i‖)}. So the k largest-norm vectors are scaled down to norm
 * C and the others are unchanged. With k = 0 nothing is clipped. Output shape (n, f) unchanged.
 *
 * <h2>Requirement</h2>
 *
 * n ≥ 1, 0 ≤ f &lt; n.
 *
 * <h2>Resilience</h2>
 *
 * Not a rule: no λ of its own.
 *
 * <h2>Non-finite inputs</h2>
 *
 * A NaN norm ranks as +Inf (largest). If C is finite, a row with ±Inf entries becomes its limit
 * direction scaled to C and a row with NaN the zero vector (as in {@code clip}); if more than k
 * rows are non-finite, C = +Inf and every row passes unchanged.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * Norms from the set, selection of the (k+1)-th largest, then a per-row scaling.
 */
public final class AdaptiveRobustClipping implements PreAggregator {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "arc";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "adaptive robust clipping: clip to the (k+1)-th largest norm, k = floor(2f(n-f)/n) (Allouah et al. 2024)");

  public AdaptiveRobustClipping(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic(NAME, n, f, d);
  }

  /** k = ⌊2(f/n)(n−f)⌋, the number of vectors ARC clips. */
  static int clippedCount(int n, int f) {
    return (int) (2L * f * (n - f) / n);
  }

  /** The threshold C for these vectors: the (k+1)-th largest norm, NaN counted as +Inf. */
  static double threshold(VectorSet x, int f) {
    int n = x.size();
    double[] norms = x.norms();
    for (int i = 0; i < n; i++) {
      if (norms[i] != norms[i]) {
        norms[i] = Double.POSITIVE_INFINITY;
      }
    }
    Arrays.sort(norms); // n values; ascending
    return norms[n - 1 - clippedCount(n, f)];
  }

  @Override
  public VectorSet apply(VectorSet x, int f, Round round) {
    int n = x.size();
    check(n, f, x.dimension());
    double[] c = new double[n];
    Arrays.fill(c, threshold(x, f));
    return x.clip(c);
  }
}
