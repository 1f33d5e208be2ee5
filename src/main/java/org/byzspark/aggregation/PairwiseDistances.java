package org.byzspark.aggregation;

import org.byzspark.linalg.CentredGram;
import org.byzspark.linalg.Gemm;

/**
 * Squared Euclidean distances ‖x_i − x_j‖² of n vectors, computed with one Gram product (a
 * symmetric rank-k update) through the identity ‖a‖² + ‖b‖² − 2a·b instead of n² separate passes.
 *
 * <p>Algorithm:
 *
 * <ol>
 *   <li>Rows containing NaN or ±Inf are infinitely far from every other row (distance +Inf, 0 to
 *       themselves) and are excluded from the product, so they never poison it.
 *   <li>The remaining rows are centred on the first finite row c (distances are translation
 *       invariant). Centring removes a large common offset, the main cause of cancellation.
 *   <li>The n'×n' Gram matrix G of the centred rows, upper triangle only ({@link #gram}: the
 *       fixed-lane dot form of {@link CentredGram}, 4×4 register tiles that read the rows in place
 *       and centre on the fly, chunk of coordinates by chunk).
 *   <li>Rows whose centred squared norm G_ii exceeds {@value #HUGE} (e.g. 1e300 entries), or
 *       overflowed, cannot use the identity: their distances are computed by a direct pass (which
 *       overflows to +Inf only when the true distance does). For the others D_ij = max(0, G_ii +
 *       G_jj − 2 G_ij).
 *   <li>Cancellation guard: where D_ij &lt; {@value #CANCELLATION}·(G_ii + G_jj) the Gram value may
 *       have lost most of its digits, so the pair is recomputed exactly by a direct pass.
 * </ol>
 *
 * <p>What is left is accurate to a relative error of about {@link #tieTolerance()}. Rules that make
 * a selection call {@link #nearTie} on the decisive values and, on a near tie, {@link #refineRows}
 * to recompute the involved rows exactly before deciding; exact ties are then broken by the lowest
 * worker index.
 *
 * <p>Determinism: no native BLAS (a multi-threaded native BLAS sums in an order, hence to last
 * bits, that depends on its thread count and the CPU). Every Gram entry is one fixed sequence of
 * fused multiply-adds in four lanes of a 256-bit vector whatever the CPU's widest vector ({@link
 * CentredGram}), computed by one task, so the bits never depend on the number of threads nor on the
 * hardware ("same input, same bits", {@link Aggregator}). The Gram values decide selections only up
 * to {@link #tieTolerance()}; closer calls are re-checked by direct passes, so a rule's choice does
 * not depend on this summation order either.
 */
public final class PairwiseDistances implements Distances {
  /** Relative size below which a Gram distance is recomputed exactly. */
  static final double CANCELLATION = 1e-3;

  /** Centred squared norms above this go through the direct path (no overflow in 2a·b). */
  static final double HUGE = 1e300;

  /** Base relative tolerance of a near tie. */
  static final double BASE_TIE = 1e-9;

  /**
   * Doubles per block of coordinates for all rows together ({@link #blockLength}); the blocks are
   * part of the definition of the bits (block sums are added in block order), fixed by (m, d).
   */
  private static final int BUFFER = 1 << 19;

  private final double[][] x;
  private final int n;
  private final double[] dist;
  private final boolean[] finite;
  private final boolean[] exactRow;
  private final double tieTolerance;
  private int exactPairs;

  private PairwiseDistances(double[][] x) {
    this.x = x;
    this.n = x.length;
    this.dist = new double[n * n];
    this.finite = new boolean[n];
    Par.forEach(
        n,
        n == 0 ? 0 : (long) n * x[0].length,
        Par.STREAM,
        i -> finite[i] = RowMath.isFinite(x[i]));
    this.exactRow = new boolean[n];
    int d = n == 0 ? 0 : x[0].length;
    this.tieTolerance = BASE_TIE + 16 * Math.ulp(1.0) * Math.sqrt(Math.max(1, d)) / CANCELLATION;
  }

  /** Computes all squared distances of the rows of {@code x} (which is not modified). */
  public static PairwiseDistances of(double[][] x) {
    PairwiseDistances p = new PairwiseDistances(x);
    p.compute();
    return p;
  }

  /** The exact squared distance by a direct pass; +Inf when either row has NaN/±Inf. */
  public static double exact(double[] a, double[] b) {
    double s = RowMath.squaredDistance(a, b);
    return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
  }

  private void compute() {
    if (n == 0) {
      return;
    }
    int d = x[0].length;
    int center = -1;
    for (int i = 0; i < n; i++) {
      if (finite[i]) {
        center = i;
        break;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        dist[i * n + j] = i == j ? 0.0 : Double.POSITIVE_INFINITY;
      }
    }
    if (center < 0) {
      return;
    }
    double[] c = x[center];
    // Every finite row goes through the product; rows whose centred squared norm (the diagonal)
    // is huge or overflowed are redone by direct passes below. An entry G_pq depends on rows p
    // and q alone, so such rows never spoil the other entries.
    int[] rows = new int[n];
    int ng = 0;
    for (int i = 0; i < n; i++) {
      if (finite[i]) {
        rows[ng++] = i;
      }
    }
    double[] g = gram(x, rows, ng, c, d);
    int[] gramRows = new int[ng];
    int kept = 0;
    int[] direct = new int[ng];
    int nd = 0;
    for (int p = 0; p < ng; p++) {
      if (g[p * ng + p] <= HUGE) {
        gramRows[kept++] = p;
      } else {
        direct[nd++] = rows[p];
      }
    }
    for (int b = 0; b < kept; b++) {
      int q = gramRows[b];
      double gqq = g[q * ng + q];
      for (int a = 0; a < b; a++) {
        int p = gramRows[a];
        double gpp = g[p * ng + p];
        double v = gpp + gqq - 2 * g[p * ng + q];
        int i = rows[p];
        int j = rows[q];
        if (!(v >= CANCELLATION * (gpp + gqq))) {
          v = exact(x[i], x[j]);
          exactPairs++;
        }
        v = Math.max(0.0, v);
        dist[i * n + j] = v;
        dist[j * n + i] = v;
      }
    }
    for (int q = 0; q < nd; q++) {
      int i = direct[q];
      for (int j = 0; j < n; j++) {
        if (j != i && finite[j]) {
          double v = exact(x[i], x[j]);
          dist[i * n + j] = v;
          dist[j * n + i] = v;
        }
      }
      exactRow[i] = true;
    }
  }

  /**
   * Coordinates per chunk of the Gram kernel: a chunk of every row (m·{@value} doubles, 400 KiB at
   * m = 100) stays in L2 while the tiles of one task walk it, a tile's r rows (16 KiB) in L1.
   */
  static final int CHUNK = 512;

  /** Gram tasks per worker thread: each task rereads the rows of its tiles. */
  static final int GRAM_TASKS_PER_THREAD = Integer.getInteger("byzspark.gramTasks", 1);

  /**
   * The m×m Gram matrix G_pq = (x_rows[p] − c)·(x_rows[q] − c), row-major; the entries p ≤ q are
   * filled. The bits are defined as follows: the coordinates are cut into consecutive blocks of
   * {@link #blockLength} coordinates; per block, G_pq is the dot form of {@link CentredGram} (four
   * fixed fma lanes over the centred values, lanes added as (s0 + s1) + (s2 + s3), then the block's
   * tail of fewer than four coordinates by fma); block values are added in block order (G = block
   * 1, then G + block 2, ...). Within a block the kernel walks chunks of {@value #CHUNK}
   * coordinates in ascending order carrying the four lane sums from chunk to chunk, so the chunk
   * length does not enter the bits. Each entry is computed by one task from rows p and q alone, so
   * the bits depend on neither the thread count, nor the tiling, nor the CPU's vector width (the
   * same bits as the packed-block form of {@link Gemm#mulTransB} used before).
   */
  public static double[] gram(double[][] x, int[] rows, int m, double[] c, int d) {
    return gram(x, rows, m, c, d, CentredGram.panelRows());
  }

  /** {@link #gram} with tiles of h rows (4 or 2): the same bits whatever h (tests check it). */
  static double[] gram(double[][] x, int[] rows, int m, double[] c, int d, int h) {
    double[] g = new double[m * m];
    if (m == 0) {
      return g;
    }
    final int block = blockLength(m, d);
    final int w = CentredGram.COLS;
    int rowPanels = (m + h - 1) / h;
    int colPanels = (m + w - 1) / w;
    // panels of rows, the last one padded with copies of the last row (results not stored)
    double[][][] rowPanel = new double[rowPanels][h][];
    for (int i = 0; i < rowPanels; i++) {
      for (int r = 0; r < h; r++) {
        rowPanel[i][r] = x[rows[Math.min(i * h + r, m - 1)]];
      }
    }
    double[][][] colPanel = new double[colPanels][w][];
    for (int j = 0; j < colPanels; j++) {
      for (int s = 0; s < w; s++) {
        colPanel[j][s] = x[rows[Math.min(j * w + s, m - 1)]];
      }
    }
    // tiles (I, J) holding some entry p <= q, row panel by row panel
    int pairs = 0;
    for (int i = 0; i < rowPanels; i++) {
      pairs += colPanels - (i * h) / w;
    }
    int[] pairI = new int[pairs];
    int[] pairJ = new int[pairs];
    int t = 0;
    for (int i = 0; i < rowPanels; i++) {
      for (int j = (i * h) / w; j < colPanels; j++) {
        pairI[t] = i;
        pairJ[t] = j;
        t++;
      }
    }
    final int tileSize = h * w * CentredGram.LANES;
    Par.forRanges(
        pairs,
        (long) m * m * d / 2,
        Par.PAIR,
        GRAM_TASKS_PER_THREAD,
        (t0, t1) -> {
          double[] part = new double[(t1 - t0) * tileSize];
          for (int k0 = 0; k0 < d; k0 += block) {
            int end = Math.min(d, k0 + block);
            int end4 = k0 + ((end - k0) & ~3);
            for (int lo = k0; lo < end4; lo += CHUNK) {
              int hi = Math.min(end4, lo + CHUNK);
              for (int q = t0; q < t1; q++) {
                CentredGram.accumulate(
                    h,
                    rowPanel[pairI[q]],
                    colPanel[pairJ[q]],
                    c,
                    lo,
                    hi,
                    part,
                    (q - t0) * tileSize);
              }
            }
            for (int q = t0; q < t1; q++) {
              int off = (q - t0) * tileSize;
              for (int r = 0; r < h; r++) {
                int p = pairI[q] * h + r;
                for (int s = 0; s < w; s++) {
                  int pq = pairJ[q] * w + s;
                  if (p < m && pq < m && p <= pq) {
                    double v =
                        CentredGram.finish(
                            part,
                            off + (r * w + s) * CentredGram.LANES,
                            x[rows[p]],
                            x[rows[pq]],
                            c,
                            end4,
                            end);
                    g[p * m + pq] = k0 == 0 ? v : g[p * m + pq] + v;
                  }
                }
              }
            }
            java.util.Arrays.fill(part, 0.0);
          }
        });
    return g;
  }

  /** Coordinates per block for m rows: about {@value #BUFFER} doubles in all. */
  static int blockLength(int m, int d) {
    return Math.min(d, Math.max(64, BUFFER / Math.max(1, m)));
  }

  /** Number of vectors. */
  @Override
  public int size() {
    return n;
  }

  /** The squared distance between rows i and j (+Inf if either is non-finite, 0 if i == j). */
  @Override
  public double get(int i, int j) {
    return dist[i * n + j];
  }

  /** The distance ‖x_i − x_j‖. */
  public double distance(int i, int j) {
    return Math.sqrt(dist[i * n + j]);
  }

  /** Whether row i has only finite entries. */
  @Override
  public boolean isFinite(int i) {
    return finite[i];
  }

  @Override
  public boolean[] finiteMask() {
    return finite.clone();
  }

  /** A copy of the full n×n matrix of squared distances. */
  @Override
  public double[][] toMatrix() {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(dist, i * n, m[i], 0, n);
    }
    return m;
  }

  /** Relative tolerance under which two values derived from these distances are a near tie. */
  @Override
  public double tieTolerance() {
    return tieTolerance;
  }

  /**
   * Whether a and b are finite and differ by at most {@link #tieTolerance()} of their magnitude (so
   * that rounding in the Gram product could have decided between them).
   */
  @Override
  public boolean nearTie(double a, double b) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return false;
    }
    return Math.abs(a - b) <= tieTolerance * Math.max(Math.abs(a), Math.abs(b));
  }

  /** Whether all distances of row i are exact (direct passes). */
  public boolean isExactRow(int i) {
    return exactRow[i] || !finite[i];
  }

  /**
   * Recomputes rows (and columns) {@code rows} exactly by direct passes. Returns whether anything
   * was recomputed.
   */
  @Override
  public boolean refineRows(int... rows) {
    boolean any = false;
    for (int i : rows) {
      if (isExactRow(i)) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if (j != i && finite[j]) {
          double v = exact(x[i], x[j]);
          dist[i * n + j] = v;
          dist[j * n + i] = v;
        }
      }
      exactRow[i] = true;
      any = true;
    }
    return any;
  }

  @Override
  public double exactDistance(int i, int j) {
    return finite[i] && finite[j] ? RowMath.distance(x[i], x[j]) : Double.POSITIVE_INFINITY;
  }

  /** Number of pairs the cancellation guard recomputed exactly (diagnostics and tests). */
  public int guardedPairs() {
    return exactPairs;
  }
}
