package org.byzspark.linalg;

/**
 * The register tile of a centred Gram product, G_rs = Σ_k (x_r[k] − c[k])·(x_s[k] − c[k]), read
 * straight from the rows (no packed copy): the hot loop of every distance-based rule.
 *
 * <h2>Definition (the summation order is part of the contract)</h2>
 *
 * <p>Over a range of coordinates [k0, k1) the value of an entry is the dot form of {@link
 * Gemm#mulTransB}: four partial sums s_l, l = 0..3, where s_l is the fma chain {@code s_l =
 * fma(x_r[k] − c[k], x_s[k] − c[k], s_l)} over the k ≡ k0 + l (mod 4) of [k0, k0 + 4⌊(k1−k0)/4⌋) in
 * ascending order, starting from 0; then {@code (s_0 + s_1) + (s_2 + s_3)}; then the remaining
 * (k1−k0) mod 4 terms by fma in ascending k ({@link #finish}). The four partial sums are the lanes
 * of one {@code DoubleVector.SPECIES_256} accumulator whatever the CPU's widest vector, so the bits
 * depend on neither the CPU, nor the tile shape, nor how [k0, k1) is cut into the chunks that
 * {@link #accumulate} is called on (the partial sums carry over from one chunk to the next).
 *
 * <h2>Performance</h2>
 *
 * <p>A tile is {@link #panelRows()} rows r by four rows s: with 32 vector registers (AVX-512) a 4×4
 * tile holds its 16 accumulators, the four centred r values and one s value in registers; with 16
 * (AVX2) a 2×4 tile does (4×4 would spill). Per four coordinates a 4×4 tile does 16 vector fma for
 * 9 loads and 8 subtractions, which run on the add pipes beside the fma pipes. Callers walk the
 * coordinates in chunks small enough that the rows' slices stay in L2 (the r rows in L1). Without
 * the {@code jdk.incubator.vector} module the scalar form computes the same bits.
 */
public final class CentredGram {
  private CentredGram() {}

  /** Lanes of the partial sums. */
  public static final int LANES = 4;

  /** Columns s per tile. */
  public static final int COLS = 4;

  private static final boolean VECTOR = Gemm.vectorized();

  private static final int PANEL =
      Integer.getInteger("byzspark.gramPanel", VECTOR ? GramVector.preferredPanelRows() : 4);

  /**
   * Rows r per tile on this JVM (4 with 32 vector registers, else 2); the bits do not depend on it.
   */
  public static int panelRows() {
    return PANEL;
  }

  /**
   * Adds to the partial sums of the h×4 tile (rows {@code a[0..h)} by rows {@code b[0..4)}) the
   * terms of coordinates [from, to), {@code to − from} a multiple of 4 and {@code from} ≡ k0 (mod
   * 4) for the k0 of the range being summed. The partial sums of entry (r, s) are {@code part[off +
   * (r·4 + s)·4 + l]}, l = 0..3. h is 4 or 2; rows may repeat (padding of a partial panel).
   */
  public static void accumulate(
      int h, double[][] a, double[][] b, double[] c, int from, int to, double[] part, int off) {
    if ((to - from) % LANES != 0 || from < 0 || to > c.length) {
      throw new IllegalArgumentException(
          "coordinate range [" + from + ", " + to + ") must have a length divisible by 4");
    }
    if (h != 4 && h != 2) {
      throw new IllegalArgumentException("tile height must be 4 or 2, got " + h);
    }
    if (from == to) {
      return;
    }
    if (VECTOR) {
      if (h == 4) {
        GramVector.tile4x4(a, b, c, from, to, part, off);
      } else {
        GramVector.tile2x4(a, b, c, from, to, part, off);
      }
    } else {
      accumulateScalar(h, a, b, c, from, to, part, off);
    }
  }

  /** The scalar form of {@link #accumulate}: the same fma chains one entry at a time. */
  static void accumulateScalar(
      int h, double[][] a, double[][] b, double[] c, int from, int to, double[] part, int off) {
    for (int r = 0; r < h; r++) {
      double[] x = a[r];
      for (int s = 0; s < COLS; s++) {
        double[] y = b[s];
        int q = off + (r * COLS + s) * LANES;
        double s0 = part[q];
        double s1 = part[q + 1];
        double s2 = part[q + 2];
        double s3 = part[q + 3];
        for (int k = from; k < to; k += 4) {
          s0 = Math.fma(x[k] - c[k], y[k] - c[k], s0);
          s1 = Math.fma(x[k + 1] - c[k + 1], y[k + 1] - c[k + 1], s1);
          s2 = Math.fma(x[k + 2] - c[k + 2], y[k + 2] - c[k + 2], s2);
          s3 = Math.fma(x[k + 3] - c[k + 3], y[k + 3] - c[k + 3], s3);
        }
        part[q] = s0;
        part[q + 1] = s1;
        part[q + 2] = s2;
        part[q + 3] = s3;
      }
    }
  }

  /**
   * The value of one entry from its four partial sums {@code part[q..q+4)} and the tail coordinates
   * [from, to) (fewer than 4): {@code (s_0 + s_1) + (s_2 + s_3)}, then the tail by fma.
   */
  public static double finish(
      double[] part, int q, double[] x, double[] y, double[] c, int from, int to) {
    double v = (part[q] + part[q + 1]) + (part[q + 2] + part[q + 3]);
    for (int k = from; k < to; k++) {
      v = Math.fma(x[k] - c[k], y[k] - c[k], v);
    }
    return v;
  }
}
