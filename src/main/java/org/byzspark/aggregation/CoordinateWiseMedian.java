package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code cwmed}: coordinate-wise median.
 *
 * <h2>Definition</h2>
 *
 * [YIN18]; [RESAM] appendix C.7, eq. 73: {@code [CWMed(x)]_k = Median([x_1]_k, ..., [x_n]_k)}.
 *
 * <p>Even n (a choice; [RESAM] does not fix it): the median is the midpoint of the two middle
 * values, {@code (x_(n/2) + x_(n/2+1)) / 2}, computed without overflow. It satisfies what Lemma 10
 * and Proposition 8 of [RESAM] use (at least n/2 values on each side), so the bound below still
 * holds.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f.
 *
 * <h2>Resilience</h2>
 *
 * [RESAM] Proposition 8, Table 1: {@code λ = n/(2(n−f)) · min{2·sqrt(n−f), sqrt(d)}}.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Values are ordered as by {@link Double#compare} (−Inf first, NaN after +Inf); with f &lt; n/2
 * non-finite values per coordinate both middle values are finite.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * A coordinate-wise reduction ({@link CoordinateWiseRule}) by selection of the middle value(s).
 */
public final class CoordinateWiseMedian extends CoordinateWiseRule {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "cwmed";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(NAME, "coordinate-wise median (Yin et al. 2018; RESAM C.7)");

  public CoordinateWiseMedian(Params params) {
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
      return CoordinateSelect.median(k, n);
    }

    @Override
    protected int[] network(int n) {
      int h = n >>> 1;
      int[] net = SortNet.oddEvenMergeSort(n);
      return (n & 1) == 1
          ? SortNet.pruneForPositions(net, n, h)
          : SortNet.pruneForPositions(net, n, h - 1, h);
    }

    @Override
    protected void finish(
        double[][] v, int w, int n, double[] out, int lo, double[] bad, double[] acc) {
      int h = n >>> 1;
      if ((n & 1) == 1) {
        System.arraycopy(v[h], 0, out, lo, w);
        return;
      }
      double[] a = v[h - 1];
      double[] b = v[h];
      for (int k = 0; k < w; k++) {
        out[lo + k] = CoordinateSelect.midpoint(a[k], b[k]);
      }
    }
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (f < 0 || n <= 2L * f) {
      return Theory.none("cwmed needs n > 2f");
    }
    return Theory.lambda(n / (2.0 * (n - f)) * CoordinateSelect.delta(n, f, d));
  }
}
