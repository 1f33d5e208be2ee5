package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code cwtm}: coordinate-wise trimmed mean.
 *
 * <h2>Definition</h2>
 *
 * [YIN18]; [RESAM] appendix C.3. For each coordinate k, with τ_k a permutation sorting the k-th
 * coordinates in non-decreasing order, {@code [CWTM(x)]_k = 1/(n−2f) Σ_{j=f+1}^{n−f}
 * [x_{τ_k(j)}]_k}: drop the f largest and the f smallest values and average the n−2f others.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f.
 *
 * <h2>Resilience</h2>
 *
 * [RESAM] Proposition 4, Table 1: (f, λ)-resilient averaging with {@code λ = f/(n−f) ·
 * min{2·sqrt(n−f), sqrt(d)}}.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Values are ordered as by {@link Double#compare} (−Inf first, then +Inf, then NaN last), so with
 * at most f non-finite values per coordinate they are all trimmed and the output is finite.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * A coordinate-wise reduction ({@link CoordinateWiseRule}). Which of several equal values is
 * trimmed does not change the result. Finite coordinates go through a pruned sorting network across
 * coordinates ({@link SortNet}); coordinates with a non-finite value use quickselect on a
 * per-coordinate buffer.
 */
public final class CoordinateWiseTrimmedMean extends CoordinateWiseRule {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "cwtm";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "coordinate-wise trimmed mean, drops f largest and f smallest (Yin et al. 2018; RESAM C.3)");

  public CoordinateWiseTrimmedMean(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority(NAME, n, f, d);
  }

  @Override
  CoordinateReducer reducer(int n, int f) {
    return new Reducer(f);
  }

  /** The per-coordinate computation, for a given f. */
  static final class Reducer extends CoordinateWiseRule.ReducerOfF {
    private static final long serialVersionUID = 1L;

    Reducer(int f) {
      super(f);
    }

    @Override
    protected double reduce(double[] col, int off, int n, Workspace ws) {
      long[] k = ws.keysOf(col, off, n);
      if (f > 0) {
        CoordinateSelect.select(k, 0, n - 1, f); // k[0..f) are the f smallest
        CoordinateSelect.select(k, f, n - 1, n - f - 1); // k(n-f-1..n) are the f largest
      }
      double s = 0;
      for (int i = f; i < n - f; i++) {
        s += CoordinateSelect.value(k[i]);
      }
      return s / (n - 2 * f);
    }

    @Override
    protected int[] network(int n) {
      // only the multisets of [0, f), [f, n−f) and [n−f, n) matter
      int[] groups = SortNet.groups(n, new int[] {f, n - f}, new int[0]);
      return SortNet.pruneForGroups(SortNet.oddEvenMergeSort(n), n, groups);
    }

    @Override
    protected void finish(
        double[][] v, int w, int n, double[] out, int lo, double[] bad, double[] acc) {
      System.arraycopy(v[f], 0, acc, 0, w);
      for (int i = f + 1; i < n - f; i++) { // kept values added in wire order
        double[] vi = v[i];
        for (int k = 0; k < w; k++) {
          acc[k] += vi[k];
        }
      }
      double m = n - 2 * f;
      for (int k = 0; k < w; k++) {
        out[lo + k] = acc[k] / m;
      }
    }
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (f < 0 || n <= 2L * f) {
      return Theory.none("cwtm needs n > 2f");
    }
    return Theory.lambda((double) f / (n - f) * CoordinateSelect.delta(n, f, d));
  }
}
