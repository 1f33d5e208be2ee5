package org.byzspark.aggregation;

import java.util.Arrays;

/**
 * Runs a {@link CoordinateReducer} over coordinates: the one implementation behind {@link
 * VectorSet#coordinateWise}, in memory over all d coordinates, or over the coordinate range of one
 * block of a sharded set. Every coordinate is computed by the same sequential code from the same n
 * values whatever the block, the range or the thread, so the bits depend on nothing else.
 *
 * <p>Without a network, the n×w slab of a block is copied column-wise into a small buffer (the n
 * values of one coordinate become contiguous), then reduced coordinate by coordinate. With a
 * network, the rows' segments are copied into n lane arrays (noting lanes with a non-finite value),
 * the network runs lane-wise, {@link CoordinateReducer#finish} reads the result, and the lanes with
 * a non-finite input, or that finish rejects, are recomputed exactly from the original column.
 *
 * <p>With the {@code jdk.incubator.vector} module the network runs in {@link LaneNetVector}: groups
 * of 32 coordinates, values as order keys, integer min/max (one instruction each with AVX-512) in
 * an L1-sized scratch array, instead of {@code Math.min}/{@code Math.max} loops over the lane
 * arrays, whose NaN and −0.0 handling costs several instructions per lane. Both paths compute the
 * same comparators in the same order on the same values, so they give the same bits ({@code
 * CoordinateWiseFastPathTest} compares them).
 */
public final class CoordinateKernel {
  private CoordinateKernel() {}

  /** Whether the network runs in {@link LaneNetVector} (else the double lane loops). */
  static final boolean VECTOR =
      org.byzspark.linalg.Gemm.vectorized() && !Boolean.getBoolean("byzspark.scalarNet");

  /** Doubles per slab buffer of the exact path (256 KiB), so that a block stays in L2. */
  private static final int SLAB_DOUBLES = 1 << 15;

  /**
   * Lanes per block on the vectorised path: the n lane arrays fill about 32 KiB (L1), but at least
   * 128 lanes so that each compare-exchange loop is long enough (measured: 40 lanes at n=100 was
   * 2.2× slower than 128; 128..512 lanes made no difference at n=25 and n=100).
   */
  static int laneWidth(int n) {
    return Math.max(128, Math.min(512, ((1 << 15) / 8 / n) & ~7));
  }

  /** The reducer over all coordinates of {@code rows} (n rows of length d), in parallel. */
  static double[] apply(CoordinateReducer r, double[][] rows, int d) {
    int n = rows.length;
    double[] out = new double[d];
    if (d == 0) {
      return out;
    }
    int[] net = r.cachedNetwork(n);
    int width = net != null ? laneWidth(n) : Math.max(16, Math.min(1024, SLAB_DOUBLES / n));
    int blocks = (d + width - 1) / width;
    Par.forRanges(
        blocks,
        (long) n * d,
        Par.COORDINATE,
        (b0, b1) ->
            applyRange(r, net, rows, b0 * width, (int) Math.min(d, (long) b1 * width), width, out));
    return out;
  }

  /**
   * The reducer over coordinates [from, to) of {@code rows}, written to {@code out[from..to)}, on
   * the calling thread: what a block of a sharded set runs.
   */
  public static void applyRange(
      CoordinateReducer r, double[][] rows, int from, int to, double[] out) {
    int n = rows.length;
    int[] net = r.cachedNetwork(n);
    int width = net != null ? laneWidth(n) : Math.max(16, Math.min(1024, SLAB_DOUBLES / n));
    applyRange(r, net, rows, from, to, width, out);
  }

  private static void applyRange(
      CoordinateReducer r, int[] net, double[][] rows, int from, int to, int width, double[] out) {
    applyRange(r, net, rows, from, to, width, out, VECTOR);
  }

  /** {@link #applyRange} on the vector or the double network path (tests compare the two). */
  static void applyRange(
      CoordinateReducer r,
      int[] net,
      double[][] rows,
      int from,
      int to,
      int width,
      double[] out,
      boolean vector) {
    int n = rows.length;
    // buffers of one block, no wider than the range (a small input allocates only its own size)
    int span = Math.max(0, Math.min(width, to - from));
    CoordinateReducer.Workspace ws = new CoordinateReducer.Workspace(n);
    if (net != null && vector) {
      int g = LaneNetVector.GROUP;
      int[] off = new int[net.length];
      for (int c = 0; c < net.length; c++) {
        off[c] = net[c] * g;
      }
      long[] kv = new long[n * g];
      double[][] v = new double[n][g];
      double[] bad = new double[g];
      double[] acc = new double[g];
      double[] col = new double[n];
      for (int lo = from; lo < to; lo += g) {
        int w = Math.min(g, to - lo);
        LaneNetVector.run(off, kv, rows, lo, w, v, bad);
        r.finish(v, w, n, out, lo, bad, acc);
        for (int k = 0; k < w; k++) {
          if (bad[k] != 0) {
            for (int i = 0; i < n; i++) {
              col[i] = rows[i][lo + k];
            }
            out[lo + k] = r.reduce(col, 0, n, ws);
          }
        }
      }
      return;
    }
    if (net == null) {
      double[] slab = new double[n * span];
      for (int lo = from; lo < to; lo += width) {
        int w = Math.min(width, to - lo);
        for (int i = 0; i < n; i++) {
          double[] row = rows[i];
          for (int c = 0, p = i; c < w; c++, p += n) {
            slab[p] = row[lo + c];
          }
        }
        for (int c = 0; c < w; c++) {
          out[lo + c] = r.reduce(slab, c * n, n, ws);
        }
      }
      return;
    }
    double[][] v = new double[n][span];
    double[] bad = new double[span];
    double[] acc = new double[span];
    double[] col = new double[n];
    for (int lo = from; lo < to; lo += width) {
      int w = Math.min(width, to - lo);
      Arrays.fill(bad, 0, w, 0.0);
      for (int i = 0; i < n; i++) {
        double[] row = rows[i];
        double[] vi = v[i];
        for (int k = 0; k < w; k++) {
          double x = row[lo + k];
          vi[k] = x;
          bad[k] += x - x; // NaN for ±Inf and NaN, 0 otherwise
        }
      }
      SortNet.apply(net, v, w);
      r.finish(v, w, n, out, lo, bad, acc);
      for (int k = 0; k < w; k++) {
        if (bad[k] != 0) {
          for (int i = 0; i < n; i++) {
            col[i] = rows[i][lo + k];
          }
          out[lo + k] = r.reduce(col, 0, n, ws);
        }
      }
    }
  }
}
