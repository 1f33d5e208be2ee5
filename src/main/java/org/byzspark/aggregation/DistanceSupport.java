package org.byzspark.aggregation;

import java.util.Arrays;

/**
 * Shared helpers of the distance-based rules: (n, f) checks, ranking with the documented
 * tie-breaking, index lists and parameter validation.
 *
 * <p>Ordering convention used by every rule of this package: candidates are ranked by their key
 * (score, distance, norm) ascending; among equal keys a candidate whose row is finite comes first
 * (so a NaN row never wins a tie of +Inf scores against a finite row), then the lowest worker
 * index.
 */
final class DistanceSupport {
  private DistanceSupport() {}

  /**
   * Indices of {@code candidates} sorted by (key ascending, finite rows first, index ascending).
   * NaN keys are treated as +Inf.
   */
  static int[] rank(double[] key, boolean[] finite, int[] candidates) {
    Integer[] idx = new Integer[candidates.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = candidates[i];
    }
    Arrays.sort(
        idx,
        (a, b) -> {
          double ka = Double.isNaN(key[a]) ? Double.POSITIVE_INFINITY : key[a];
          double kb = Double.isNaN(key[b]) ? Double.POSITIVE_INFINITY : key[b];
          int c = Double.compare(ka, kb);
          if (c != 0) {
            return c;
          }
          c = Boolean.compare(!finite[a], !finite[b]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    int[] out = new int[idx.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /**
   * The mean of the given rows as Σ x_i·(1/k) (weights 1/k, divisor 1, rows in worker order): no
   * partial sum exceeds the largest |x_ik| in size, so the mean of finite rows is finite even near
   * the largest double. The zero vector for no row.
   */
  static Point boundedMean(VectorSet x, int[] rows) {
    double[] w = new double[x.size()];
    for (int r : rows) {
      w[r] = 1.0 / rows.length;
    }
    return x.combine(w, null, 1.0);
  }

  /** "a,b,c" of the indices. */
  static String joined(int[] a) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < a.length; i++) {
      sb.append(i == 0 ? "" : ",").append(a[i]);
    }
    return sb.toString();
  }

  static int[] range(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  static int[] sortedCopy(int[] a, int len) {
    int[] out = Arrays.copyOf(a, len);
    Arrays.sort(out);
    return out;
  }
}
