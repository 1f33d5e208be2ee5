package org.byzspark.aggregation;

/**
 * Selection helpers shared by the coordinate-wise rules: a total order on doubles encoded as longs,
 * Wirth/Hoare quickselect on small buffers, and an overflow-safe midpoint.
 *
 * <p>The order is that of {@link Double#compare}: {@code -Inf < finite < +Inf < NaN} (NaN is
 * canonicalised first, so every NaN is the largest value), and {@code -0.0 < 0.0}. Trimming the f
 * largest values therefore removes NaN before anything else.
 */
final class CoordinateSelect {
  private CoordinateSelect() {}

  /** A long whose signed order is the {@link Double#compare} order of {@code v}. */
  static long key(double v) {
    long b = Double.doubleToLongBits(v); // canonical NaN 0x7ff8... sorts above +Inf
    return b ^ ((b >> 63) & Long.MAX_VALUE);
  }

  /** The inverse of {@link #key}. */
  static double value(long k) {
    return Double.longBitsToDouble(k ^ ((k >> 63) & Long.MAX_VALUE));
  }

  /**
   * Rearranges {@code a[lo..hi]} (inclusive) so that {@code a[k]} holds the value of rank k, every
   * element left of k is {@code <=} it and every element right of it is {@code >=} it.
   */
  static void select(long[] a, int lo, int hi, int k) {
    while (hi - lo > 12) {
      int mid = (lo + hi) >>> 1;
      long x = a[lo];
      long y = a[mid];
      long z = a[hi];
      long pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (pivot < a[j]) {
          j--;
        }
        if (i <= j) {
          long t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return; // a[j+1..i-1] all equal the pivot
      }
    }
    for (int i = lo + 1; i <= hi; i++) { // insertion sort of the small remaining range
      long t = a[i];
      int j = i - 1;
      while (j >= lo && a[j] > t) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = t;
    }
  }

  /** True when (dist[a], a) comes strictly before (dist[b], b): ties go to the lowest index. */
  private static boolean before(double[] dist, int a, int b) {
    double da = dist[a];
    double db = dist[b];
    return da < db || (da == db && a < b);
  }

  /**
   * Like {@link #select(long[], int, int, int)} on an array of worker indices ordered by
   * (dist[index], index); {@code dist} must hold no NaN.
   */
  static void selectByDistance(int[] idx, double[] dist, int lo, int hi, int k) {
    while (hi - lo > 12) {
      int mid = (lo + hi) >>> 1;
      int x = idx[lo];
      int y = idx[mid];
      int z = idx[hi];
      int pivot;
      if (before(dist, x, y)) {
        pivot = before(dist, y, z) ? y : (before(dist, x, z) ? z : x);
      } else {
        pivot = before(dist, x, z) ? x : (before(dist, y, z) ? z : y);
      }
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (before(dist, idx[i], pivot)) {
          i++;
        }
        while (before(dist, pivot, idx[j])) {
          j--;
        }
        if (i <= j) {
          int t = idx[i];
          idx[i] = idx[j];
          idx[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      int t = idx[i];
      int j = i - 1;
      while (j >= lo && before(dist, t, idx[j])) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = t;
    }
  }

  /** (a + b) / 2 without overflow; exactly a when a == b. */
  static double midpoint(double a, double b) {
    if (a == b) {
      return a;
    }
    double m = (a + b) * 0.5;
    if (Double.isInfinite(m) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
      m = a * 0.5 + b * 0.5;
    }
    return m;
  }

  /**
   * The median of {@code keys[0..n)} as a double, permuting {@code keys}: the middle value for odd
   * n, the midpoint of the two middle values for even n.
   */
  static double median(long[] keys, int n) {
    int h = n >>> 1;
    if ((n & 1) == 1) {
      select(keys, 0, n - 1, h);
      return value(keys[h]);
    }
    select(keys, 0, n - 1, h - 1);
    long hi = keys[h];
    for (int i = h + 1; i < n; i++) {
      if (keys[i] < hi) {
        hi = keys[i];
      }
    }
    return midpoint(value(keys[h - 1]), value(hi));
  }

  /** Δ = min{2·sqrt(n−f), sqrt(d)} of RESAM Table 1 / Lemma 5. */
  static double delta(int n, int f, int d) {
    return Math.min(2 * Math.sqrt(n - f), Math.sqrt(d));
  }
}
