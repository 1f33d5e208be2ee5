package org.byzspark.aggregation;

import java.util.Arrays;

/**
 * Krum scores over a set of active rows: score(i) = sum of the squared distances from x_i to its
 * {@code k} nearest other active rows (Blanchard et al. 2017 with k = n−f−2; RESAM C.5 Krum* with k
 * = n−f−1). The k smallest distances are summed in ascending order (deterministic). The score of a
 * non-finite row is +Inf; a finite row's score is +Inf only when fewer than k of the other rows are
 * at a finite distance.
 *
 * <p>The sum of the k smallest distances is continuous in the distances, so a near tie in the
 * choice of neighbours cannot change a score by more than the rounding of the distances; only the
 * ordering of the scores at the selection boundary matters, and {@link #rank} refines it.
 */
final class KrumScores {
  private KrumScores() {}

  /** Scores indexed by row (entries of inactive rows are +Inf). */
  static double[] scores(Distances pd, int[] active, int k) {
    int n = pd.size();
    double[] s = new double[n];
    Arrays.fill(s, Double.POSITIVE_INFINITY);
    double[] row = new double[active.length];
    int kk = Math.max(0, Math.min(k, active.length - 1));
    for (int i : active) {
      if (!pd.isFinite(i)) {
        continue;
      }
      int len = 0;
      for (int j : active) {
        if (j != i) {
          row[len++] = pd.get(i, j);
        }
      }
      Arrays.sort(row, 0, len);
      double sum = 0;
      for (int q = 0; q < kk; q++) {
        sum += row[q];
      }
      s[i] = sum;
    }
    return s;
  }

  /** Scores of the active rows given the current distances (entries of other rows unused). */
  interface ScoreFunction {
    double[] scores(Distances pd, int[] active);
  }

  /**
   * The active rows ranked by (score, finite first, index). When the scores on both sides of a
   * selection boundary (a number of rows that will be selected) are a near tie, the rows with such
   * scores are recomputed exactly and the ranking is redone.
   *
   * @param out if non-null, receives the scores used for the final ranking
   */
  static int[] rank(Distances pd, int[] active, int k, int boundary, double[][] out) {
    return rankRefined(pd, active, (p, a) -> scores(p, a, k), out, boundary);
  }

  static int[] rankRefined(
      Distances pd, int[] active, ScoreFunction fn, double[][] out, int... boundaries) {
    boolean[] finite = pd.finiteMask();
    double[] s = fn.scores(pd, active);
    int[] ranked = DistanceSupport.rank(s, finite, active);
    boolean[] mark = new boolean[pd.size()];
    int len = 0;
    for (int boundary : boundaries) {
      if (boundary > 0 && boundary < ranked.length) {
        double a = s[ranked[boundary - 1]];
        double b = s[ranked[boundary]];
        if (pd.nearTie(a, b)) {
          for (int i : ranked) {
            if (!mark[i] && (pd.nearTie(s[i], a) || pd.nearTie(s[i], b))) {
              mark[i] = true;
              len++;
            }
          }
        }
      }
    }
    if (len > 0) {
      int[] rows = new int[len];
      int q = 0;
      for (int i = 0; i < mark.length; i++) {
        if (mark[i]) {
          rows[q++] = i;
        }
      }
      if (pd.refineRows(rows)) {
        s = fn.scores(pd, active);
        ranked = DistanceSupport.rank(s, finite, active);
      }
    }
    if (out != null) {
      out[0] = s;
    }
    return ranked;
  }

  /** η(n, f) of the Krum supplement (Proposition 1); NaN unless n > 2f+2. */
  static double eta(int n, int f) {
    if (n <= 2 * f + 2) {
      return Double.NaN;
    }
    double inner =
        n - f + (f * (double) (n - f - 2) + (double) f * f * (n - f - 1)) / (n - 2.0 * f - 2);
    return Math.sqrt(2 * inner);
  }
}
