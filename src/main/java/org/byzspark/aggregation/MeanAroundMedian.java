package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code meamed}: mean around the median.
 *
 * <h2>Definition</h2>
 *
 * [XIE18]; [RESAM] appendix C.4. For each coordinate k, let m_k be the median of the k-th
 * coordinates (the same median as {@link CoordinateWiseMedian}: midpoint of the two middle values
 * for even n) and C_k the n−f indices whose k-th coordinates are closest to m_k; then {@code
 * [MeaMed(x)]_k = 1/(n−f) Σ_{i∈C_k} [x_i]_k}.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f.
 *
 * <h2>Resilience</h2>
 *
 * [RESAM] Proposition 5, Table 1: {@code λ = 2f/(n−f) · min{2·sqrt(n−f), sqrt(d)}}.
 *
 * <h2>Non-finite inputs</h2>
 *
 * A NaN distance (NaN value, or ±Inf around an infinite median) counts as +Inf, so non-finite
 * values are the last chosen; with at most f &lt; n/2 of them the median and the output are finite.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * A coordinate-wise reduction ({@link CoordinateWiseRule}). Ties in |[x_i]_k − m_k| (e.g. m−δ and
 * m+δ) go to the lowest worker index, as in the rest of ByzSpark.
 */
public final class MeanAroundMedian extends CoordinateWiseRule {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "meamed";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "mean of the n-f values closest to the median, per coordinate (Xie et al. 2018; RESAM C.4)");

  public MeanAroundMedian(Params params) {
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
      double m = CoordinateSelect.median(k, n);
      int keep = n - f;
      int[] idx = ws.idx;
      if (f > 0) {
        double[] dist = ws.dist;
        for (int i = 0; i < n; i++) {
          double g = Math.abs(col[off + i] - m);
          dist[i] = g != g ? Double.POSITIVE_INFINITY : g;
          idx[i] = i;
        }
        CoordinateSelect.selectByDistance(idx, dist, 0, n - 1, keep - 1);
      } else {
        for (int i = 0; i < n; i++) {
          idx[i] = i;
        }
      }
      double s = 0;
      for (int j = 0; j < keep; j++) {
        s += col[off + idx[j]];
      }
      return s / keep;
    }

    /**
     * Vectorised path. The network sorts exactly the positions 0..f and n−1−f..n−1 and the middle
     * one(s); the others only as a multiset. Positions [f, n−f) are always kept. For each pair (j,
     * j+n−f), j &lt; f, the value farther from the median is dropped and the other kept; this is
     * the exact rule's choice whenever every dropped value is strictly farther from the median than
     * every kept one (the kept middle values lie between positions f and n−1−f, so their distances
     * are at most those two). When that strict separation fails (a tie at the boundary, which the
     * exact rule breaks by worker index), the lane is recomputed by the exact path.
     */
    @Override
    protected int[] network(int n) {
      if (f == 0) {
        return new int[0];
      }
      int h = n >>> 1;
      int[] singles = new int[2 * (f + 1) + 2];
      int s = 0;
      for (int i = 0; i <= f; i++) {
        singles[s++] = i;
        singles[s++] = n - 1 - i;
      }
      singles[s++] = h;
      singles[s++] = (n & 1) == 1 ? h : h - 1;
      int[] groups = SortNet.groups(n, new int[0], singles);
      return SortNet.pruneForGroups(SortNet.oddEvenMergeSort(n), n, groups);
    }

    @Override
    protected void finish(
        double[][] v, int w, int n, double[] out, int lo, double[] bad, double[] acc) {
      System.arraycopy(v[f], 0, acc, 0, w);
      for (int i = f + 1; i < n - f; i++) { // the always-kept middle [f, n−f), in wire order
        double[] vi = v[i];
        for (int k = 0; k < w; k++) {
          acc[k] += vi[k];
        }
      }
      int keep = n - f;
      if (f == 0) {
        for (int k = 0; k < w; k++) {
          out[lo + k] = acc[k] / keep;
        }
        return;
      }
      int h = n >>> 1;
      double[] hi = v[h];
      double[] lowMid = (n & 1) == 1 ? null : v[h - 1];
      double[] first = v[f];
      double[] last = v[n - 1 - f];
      // lane-wise over the w coordinates, pair j by pair j (each lane adds its pairs in j order)
      double[] med = new double[w];
      double[] maxKept = new double[w];
      double[] minDropped = new double[w];
      for (int k = 0; k < w; k++) {
        double m = lowMid == null ? hi[k] : CoordinateSelect.midpoint(lowMid[k], hi[k]);
        med[k] = m;
        maxKept[k] = Math.max(Math.abs(first[k] - m), Math.abs(last[k] - m));
        minDropped[k] = Double.POSITIVE_INFINITY;
      }
      for (int j = 0; j < f; j++) {
        double[] lowJ = v[j];
        double[] highJ = v[j + keep];
        for (int k = 0; k < w; k++) {
          double a = lowJ[k];
          double b = highJ[k];
          double m = med[k];
          double da = Math.abs(a - m);
          double db = Math.abs(b - m);
          // da, db are never −0.0, and NaN only in lanes the caller recomputes: plain comparisons
          // give the values Math.min/Math.max would
          boolean dropLow = da > db;
          acc[k] += dropLow ? b : a;
          double dropped = dropLow ? da : db;
          double kept = dropLow ? db : da;
          minDropped[k] = dropped < minDropped[k] ? dropped : minDropped[k];
          maxKept[k] = kept > maxKept[k] ? kept : maxKept[k];
        }
      }
      for (int k = 0; k < w; k++) {
        if (bad[k] != 0) {
          continue;
        }
        if (minDropped[k] > maxKept[k]) {
          out[lo + k] = acc[k] / keep;
        } else {
          bad[k] = Double.NaN; // not strictly separated: the exact rule breaks ties by worker index
        }
      }
    }
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (f < 0 || n <= 2L * f) {
      return Theory.none("meamed needs n > 2f");
    }
    return Theory.lambda(2.0 * f / (n - f) * CoordinateSelect.delta(n, f, d));
  }
}
