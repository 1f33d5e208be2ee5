package org.byzspark.aggregation;

/**
 * Squared Euclidean distances ‖x_i − x_j‖² of n vectors, computed with one BLAS rank-k update
 * (dsyrk) through the Gram-matrix identity ‖a‖² + ‖b‖² − 2a·b instead of n² separate passes.
 *
 * <p>Algorithm:
 *
 * <ol>
 *   <li>Rows containing NaN or ±Inf are infinitely far from every other row (distance +Inf, 0 to
 *       themselves) and are excluded from the product, so they never poison it.
 *   <li>The remaining rows are centred on the first finite row c (distances are translation
 *       invariant). Centring removes a large common offset, the main cause of cancellation.
 *   <li>Rows whose centred squared norm exceeds {@value #HUGE} (e.g. 1e300 entries) would overflow
 *       the product: their distances are computed by a direct pass (which overflows to +Inf only
 *       when the true distance does).
 *   <li>The other rows are packed, block of {@code B} coordinates by block, into one contiguous
 *       column-major B×n' buffer and accumulated with {@code dsyrk("U","T")} into the n'×n' Gram
 *       matrix G; then D_ij = max(0, G_ii + G_jj − 2 G_ij) (clamped at 0).
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
 * bits, that depends on its thread count). The rank-k update is {@link #gramTiles}, a
 * register-tiled Java kernel that performs exactly the operations of the reference (f2j) {@code
 * dsyrk} of the pure-Java BLAS, in the same order, so its bits are those of {@code JavaBLAS.dsyrk};
 * its tiles, the packing and the norm pass are spread over the fork-join pool, each entry computed
 * by one task, so the bits never depend on the number of threads ("same input, same bits", {@link
 * Aggregator}).
 */
public final class PairwiseDistances implements Distances {
  /** Relative size below which a Gram distance is recomputed exactly. */
  static final double CANCELLATION = 1e-3;

  /** Centred squared norms above this go through the direct path (no overflow in 2a·b). */
  static final double HUGE = 1e300;

  /** Base relative tolerance of a near tie. */
  static final double BASE_TIE = 1e-9;

  /** Target size of the packed block buffer, in doubles. */
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
    Par.forEach(n, n == 0 ? 0 : (long) n * x[0].length, i -> finite[i] = RowMath.isFinite(x[i]));
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
    // centred squared norms decide which rows go through BLAS
    int[] gram = new int[n];
    int ng = 0;
    int[] direct = new int[n];
    int nd = 0;
    double[] norms = new double[n];
    Par.forEach(
        n,
        (long) n * d,
        i -> {
          if (finite[i]) {
            double s = 0;
            double[] xi = x[i];
            for (int k = 0; k < d; k++) {
              double t = xi[k] - c[k];
              s += t * t;
            }
            norms[i] = s;
          }
        });
    for (int i = 0; i < n; i++) {
      if (!finite[i]) {
        continue;
      }
      if (norms[i] <= HUGE) {
        gram[ng++] = i;
      } else {
        direct[nd++] = i;
      }
    }
    if (ng > 0) {
      double[] g = new double[ng * ng];
      int block = Math.max(64, Math.min(d, BUFFER / ng));
      block = Math.min(block, d);
      double[] buf = new double[block * ng];
      int[] tiles = upperTiles(ng);
      final int[] rows = gram;
      final int nrows = ng;
      for (int k0 = 0; k0 < d; k0 += block) {
        final int b = Math.min(block, d - k0);
        final int from = k0;
        final boolean first = k0 == 0;
        Par.forEach(
            nrows,
            (long) nrows * b,
            j -> {
              double[] xj = x[rows[j]];
              int off = j * b;
              for (int k = 0; k < b; k++) {
                buf[off + k] = xj[from + k] - c[from + k];
              }
            });
        // G (ng×ng, column-major, upper) += A^T A with A the b×ng column-major block
        Par.forRanges(
            tiles.length / 2,
            (long) nrows * nrows * b,
            (t0, t1) -> gramTiles(buf, b, nrows, g, first, tiles, t0, t1));
      }
      for (int q = 0; q < ng; q++) {
        for (int p = 0; p < q; p++) {
          double gpp = g[p + p * ng];
          double gqq = g[q + q * ng];
          double v = gpp + gqq - 2 * g[p + q * ng];
          int i = gram[p];
          int j = gram[q];
          if (!(v >= CANCELLATION * (gpp + gqq))) {
            v = exact(x[i], x[j]);
            exactPairs++;
          }
          v = Math.max(0.0, v);
          dist[i * n + j] = v;
          dist[j * n + i] = v;
        }
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

  /** Row height and column width of a register tile of the Gram kernel. */
  private static final int TP = 4;

  private static final int TQ = 2;

  /** The (p0, q0) corners of the TP×TQ tiles that cover the upper triangle of an m×m matrix. */
  public static int[] upperTiles(int m) {
    int count = 0;
    for (int q0 = 0; q0 < m; q0 += TQ) {
      for (int p0 = 0; p0 < m && p0 <= q0 + TQ - 1; p0 += TP) {
        count++;
      }
    }
    int[] t = new int[2 * count];
    int i = 0;
    for (int q0 = 0; q0 < m; q0 += TQ) {
      for (int p0 = 0; p0 < m && p0 <= q0 + TQ - 1; p0 += TP) {
        t[i++] = p0;
        t[i++] = q0;
      }
    }
    return t;
  }

  /**
   * The Gram update of tiles [t0, t1): for every p ≤ q of a tile, temp = Σ_k a[p·b+k]·a[q·b+k]
   * summed sequentially over k = 0..b−1 (multiply then add, no FMA), then g[p+q·m] = temp on the
   * first block, temp + g[p+q·m] afterwards. These are exactly the operations, in the same order,
   * of the reference {@code dsyrk("U","T", m, b, 1.0, a, b, beta, g, m)} of the pure-Java BLAS, so
   * the bits are those of one dsyrk call per block; the register tiles only let one loaded value
   * serve several independent sums. Each entry is computed by one task alone: the result does not
   * depend on the number of threads.
   */
  public static void gramTiles(
      double[] a, int b, int m, double[] g, boolean first, int[] tiles, int t0, int t1) {
    for (int t = t0; t < t1; t++) {
      int p0 = tiles[2 * t];
      int q0 = tiles[2 * t + 1];
      if (p0 + TP <= m && q0 + TQ <= m) {
        int a0 = p0 * b;
        int a1 = a0 + b;
        int a2 = a1 + b;
        int a3 = a2 + b;
        int c0 = q0 * b;
        int c1 = c0 + b;
        double s00 = 0;
        double s10 = 0;
        double s20 = 0;
        double s30 = 0;
        double s01 = 0;
        double s11 = 0;
        double s21 = 0;
        double s31 = 0;
        for (int k = 0; k < b; k++) {
          double u = a[c0 + k];
          double v = a[c1 + k];
          double w0 = a[a0 + k];
          double w1 = a[a1 + k];
          double w2 = a[a2 + k];
          double w3 = a[a3 + k];
          s00 += w0 * u;
          s10 += w1 * u;
          s20 += w2 * u;
          s30 += w3 * u;
          s01 += w0 * v;
          s11 += w1 * v;
          s21 += w2 * v;
          s31 += w3 * v;
        }
        store(g, m, first, p0, q0, s00);
        store(g, m, first, p0 + 1, q0, s10);
        store(g, m, first, p0 + 2, q0, s20);
        store(g, m, first, p0 + 3, q0, s30);
        store(g, m, first, p0, q0 + 1, s01);
        store(g, m, first, p0 + 1, q0 + 1, s11);
        store(g, m, first, p0 + 2, q0 + 1, s21);
        store(g, m, first, p0 + 3, q0 + 1, s31);
      } else {
        for (int q = q0; q < Math.min(m, q0 + TQ); q++) {
          for (int p = p0; p < Math.min(m, p0 + TP) && p <= q; p++) {
            int ap = p * b;
            int aq = q * b;
            double s = 0;
            for (int k = 0; k < b; k++) {
              s += a[ap + k] * a[aq + k];
            }
            store(g, m, first, p, q, s);
          }
        }
      }
    }
  }

  /** g[p+q·m] = temp (first block) or temp + g[p+q·m], upper triangle only (p ≤ q). */
  private static void store(double[] g, int m, boolean first, int p, int q, double temp) {
    if (p <= q) {
      int i = p + q * m;
      g[i] = first ? temp : temp + g[i];
    }
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
