package org.byzspark.aggregation;

/**
 * Per-vector arithmetic shared by every rule, in one place: finiteness, norms, distances and
 * clipping, without spurious overflow or underflow (a finite vector of entries near 1e200 has a
 * finite norm) and with NaN and ±Inf handled explicitly.
 *
 * <p>Summation order (see {@link VectorSet}): sums over coordinates run over chunks of {@value
 * VectorSet#CHUNK} consecutive coordinates, each chunk summed sequentially, and the chunk sums are
 * added in chunk order. The order is therefore fixed by d alone, not by threads, CPU vector width
 * or how a sharded set cuts its blocks (blocks are cut at multiples of the chunk).
 */
public final class RowMath {
  private RowMath() {}

  /** The safe range of a plain sum of squares. */
  private static final double SMALL = 0x1p-900;

  private static final double LARGE = 0x1p+900;

  private static final int CHUNK = VectorSet.CHUNK;

  public static boolean isFinite(double[] x) {
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Σ_k x_k² in chunk order (may overflow to +Inf; NaN if x holds a NaN). */
  static double sumOfSquares(double[] x) {
    int d = x.length;
    double s = 0;
    for (int lo = 0; lo < d; lo += CHUNK) {
      int hi = Math.min(d, lo + CHUNK);
      double c = x[lo] * x[lo];
      for (int k = lo + 1; k < hi; k++) {
        c += x[k] * x[k];
      }
      s = lo == 0 ? c : s + c;
    }
    return s;
  }

  /** Σ_k (a_k − b_k)² in chunk order (may overflow; NaN/Inf for non-finite entries). */
  public static double squaredDistance(double[] a, double[] b) {
    int d = a.length;
    double s = 0;
    for (int lo = 0; lo < d; lo += CHUNK) {
      int hi = Math.min(d, lo + CHUNK);
      double t = a[lo] - b[lo];
      double c = t * t;
      for (int k = lo + 1; k < hi; k++) {
        t = a[k] - b[k];
        c += t * t;
      }
      s = lo == 0 ? c : s + c;
    }
    return s;
  }

  /** ‖x‖: NaN if x holds a NaN, else +Inf if it holds ±Inf, else the exact Euclidean norm. */
  public static double norm(double[] x) {
    double s = sumOfSquares(x);
    if (s > SMALL && s < LARGE) {
      return Math.sqrt(s);
    }
    double max = 0;
    boolean inf = false;
    for (double v : x) {
      if (v != v) {
        return Double.NaN;
      }
      double a = Math.abs(v);
      if (a == Double.POSITIVE_INFINITY) {
        inf = true;
      } else if (a > max) {
        max = a;
      }
    }
    if (inf) {
      return Double.POSITIVE_INFINITY;
    }
    if (max == 0) {
      return 0;
    }
    int d = x.length;
    double t = 0;
    for (int lo = 0; lo < d; lo += CHUNK) {
      int hi = Math.min(d, lo + CHUNK);
      double c = 0;
      for (int k = lo; k < hi; k++) {
        double r = x[k] / max;
        c += r * r;
      }
      t += c;
    }
    return max * Math.sqrt(t);
  }

  /**
   * ‖a − b‖, +Inf if either vector holds a NaN or ±Inf (non-finite vectors are infinitely far from
   * everything). The common case is one pass; differences that overflow are computed on halves, so
   * the result is +Inf only when the true distance exceeds {@link Double#MAX_VALUE}.
   */
  public static double distance(double[] a, double[] b) {
    int d = a.length;
    double s = squaredDistance(a, b);
    if (s > SMALL && s < LARGE) {
      return Math.sqrt(s);
    }
    for (int k = 0; k < d; k++) {
      if (!Double.isFinite(a[k]) || !Double.isFinite(b[k])) {
        return Double.POSITIVE_INFINITY;
      }
    }
    boolean halve = !(s < LARGE);
    double max = 0;
    for (int k = 0; k < d; k++) {
      double t = halve ? a[k] * 0.5 - b[k] * 0.5 : a[k] - b[k];
      max = Math.max(max, Math.abs(t));
    }
    if (max == 0) {
      return 0;
    }
    double q = 0;
    for (int lo = 0; lo < d; lo += CHUNK) {
      int hi = Math.min(d, lo + CHUNK);
      double c = 0;
      for (int k = lo; k < hi; k++) {
        double t = (halve ? a[k] * 0.5 - b[k] * 0.5 : a[k] - b[k]) / max;
        c += t * t;
      }
      q += c;
    }
    double r = max * Math.sqrt(q);
    return halve ? 2 * r : r;
  }

  /**
   * x·min(1, c/‖x‖) as a fresh array, for a threshold {@code c >= 0} (possibly +Inf); non-finite x
   * as documented in {@link VectorSet#clip}.
   */
  static double[] clip(double[] x, double c) {
    int d = x.length;
    if (c == Double.POSITIVE_INFINITY) {
      return x.clone();
    }
    double nx = norm(x);
    if (nx <= c) {
      return x.clone();
    }
    double[] out = new double[d];
    if (nx != nx) {
      return out; // NaN inside: zero vector
    }
    if (nx == Double.POSITIVE_INFINITY) {
      int m = 0;
      for (double v : x) {
        if (Double.isInfinite(v)) {
          m++;
        }
      }
      double e = c / Math.sqrt(m);
      for (int k = 0; k < d; k++) {
        if (Double.isInfinite(x[k])) {
          out[k] = Math.copySign(e, x[k]);
        }
      }
      return out;
    }
    double scale = c / nx;
    for (int k = 0; k < d; k++) {
      out[k] = x[k] * scale;
    }
    return out;
  }

  /**
   * Adds to {@code out[0][i]}, {@code out[1][i]}, {@code out[2][i]} the numbers of positive, zero
   * and negative values of {@code x}, which holds the coordinates [offset, offset + x.length) of
   * the space, at the coordinates {@code coords} in that range (global, strictly increasing; all of
   * x when null). NaN counts in none.
   */
  public static void countSigns(double[] x, int offset, int[] coords, int[][] out, int i) {
    int pos = 0;
    int zero = 0;
    int neg = 0;
    if (coords == null) {
      for (double v : x) {
        if (v > 0) {
          pos++;
        } else if (v < 0) {
          neg++;
        } else if (v == 0) {
          zero++;
        }
      }
    } else {
      int end = offset + x.length;
      int q = java.util.Arrays.binarySearch(coords, offset);
      for (q = q < 0 ? -q - 1 : q; q < coords.length && coords[q] < end; q++) {
        double v = x[coords[q] - offset];
        if (v > 0) {
          pos++;
        } else if (v < 0) {
          neg++;
        } else if (v == 0) {
          zero++;
        }
      }
    }
    out[0][i] += pos;
    out[1][i] += zero;
    out[2][i] += neg;
  }

  /** Fails unless the input is non-empty and rectangular; returns d. */
  static int dimension(double[][] vectors) {
    if (vectors == null || vectors.length == 0) {
      throw new IllegalArgumentException("need at least one input vector, got none");
    }
    if (vectors[0] == null) {
      throw new IllegalArgumentException("input vector 0 is null");
    }
    int d = vectors[0].length;
    for (int i = 1; i < vectors.length; i++) {
      if (vectors[i] == null || vectors[i].length != d) {
        throw new IllegalArgumentException(
            "input vector "
                + i
                + " has length "
                + (vectors[i] == null ? "null" : vectors[i].length)
                + ", expected "
                + d);
      }
    }
    return d;
  }
}
