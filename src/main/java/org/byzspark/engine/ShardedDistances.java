package org.byzspark.engine;

import java.util.ArrayList;
import java.util.List;
import org.byzspark.aggregation.Distances;
import org.byzspark.aggregation.PairwiseDistances;
import org.byzspark.aggregation.RowMath;

/**
 * The n×n squared distances of a {@link ShardedVectorSet}, by the algorithm of {@link
 * PairwiseDistances} with the Gram product summed over blocks:
 *
 * <ol>
 *   <li>Non-finite rows (from the set's row statistics) are +Inf from every other row.
 *   <li>The finite rows are centred on the first finite row; every block computes the Gram matrix
 *       of its centred slices with the in-memory kernel ({@link PairwiseDistances#gram}); the
 *       driver adds the n'×n' partials in block order.
 *   <li>Rows whose centred squared norm (the Gram diagonal) exceeds {@code 1e300}, or overflowed,
 *       get exact distances; D_ij = G_ii + G_jj − 2 G_ij elsewhere, and the pairs under the same
 *       cancellation guard as in memory are recomputed exactly.
 * </ol>
 *
 * <p>Exact values (the guard, {@link #refineRows}) are the chunked sums of {@link RowMath} in its
 * order, so they are bit-identical to the in-memory ones. The Gram-based values are not: the
 * in-memory product adds blocks of {@code 2^19 / n'} coordinates in one sequence, the sharded one
 * adds per-set-block partials, so they agree to a relative error of about {@link #tieTolerance}
 * (the same as in memory); a rule decides every near tie on exact values, so its selections are the
 * in-memory ones.
 */
final class ShardedDistances implements Distances {
  private static final double CANCELLATION = 1e-3;
  private static final double HUGE = 1e300;
  private static final double BASE_TIE = 1e-9;

  private final ShardedVectorSet x;
  private final int n;
  private final double[] dist;
  private final boolean[] finite;
  private final boolean[] exactRow;
  private final double tieTolerance;

  ShardedDistances(ShardedVectorSet x) {
    this.x = x;
    this.n = x.size();
    this.dist = new double[n * n];
    this.finite = x.finiteRows();
    this.exactRow = new boolean[n];
    int d = x.dimension();
    this.tieTolerance = BASE_TIE + 16 * Math.ulp(1.0) * Math.sqrt(Math.max(1, d)) / CANCELLATION;
    compute();
  }

  private void compute() {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        dist[i * n + j] = i == j ? 0.0 : Double.POSITIVE_INFINITY;
      }
    }
    int center = -1;
    int m = 0;
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      if (finite[i]) {
        if (center < 0) {
          center = i;
        }
        rows[m++] = i;
      }
    }
    if (center < 0) {
      return;
    }
    rows = java.util.Arrays.copyOf(rows, m);
    double[] g = new double[m * m];
    boolean first = true;
    for (double[] part : x.gramParts(rows, center)) {
      for (int q = 0; q < m; q++) {
        for (int p = 0; p <= q; p++) {
          int k = p * m + q;
          g[k] = first ? part[k] : g[k] + part[k];
        }
      }
      first = false;
    }
    boolean[] direct = new boolean[m];
    for (int p = 0; p < m; p++) {
      double gpp = g[p * m + p];
      direct[p] = !(gpp <= HUGE);
    }
    List<int[]> exact = new ArrayList<>();
    for (int q = 0; q < m; q++) {
      for (int p = 0; p < q; p++) {
        if (direct[p] || direct[q]) {
          exact.add(new int[] {rows[p], rows[q]});
          continue;
        }
        double gpp = g[p * m + p];
        double gqq = g[q * m + q];
        double v = gpp + gqq - 2 * g[p * m + q];
        if (!(v >= CANCELLATION * (gpp + gqq))) {
          exact.add(new int[] {rows[p], rows[q]});
          continue;
        }
        v = Math.max(0.0, v);
        set(rows[p], rows[q], v);
      }
    }
    setExact(exact);
    for (int p = 0; p < m; p++) {
      if (direct[p]) {
        exactRow[rows[p]] = true;
      }
    }
  }

  private void set(int i, int j, double v) {
    dist[i * n + j] = v;
    dist[j * n + i] = v;
  }

  /** Computes the given pairs exactly, in one job. */
  private void setExact(List<int[]> pairs) {
    if (pairs.isEmpty()) {
      return;
    }
    int[] a = new int[pairs.size()];
    int[] b = new int[pairs.size()];
    for (int q = 0; q < a.length; q++) {
      a[q] = pairs.get(q)[0];
      b[q] = pairs.get(q)[1];
    }
    double[] v = x.exactPairs(a, b);
    for (int q = 0; q < a.length; q++) {
      set(a[q], b[q], Math.max(0.0, v[q]));
    }
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public double get(int i, int j) {
    return dist[i * n + j];
  }

  @Override
  public boolean isFinite(int i) {
    return finite[i];
  }

  @Override
  public boolean[] finiteMask() {
    return finite.clone();
  }

  @Override
  public double tieTolerance() {
    return tieTolerance;
  }

  @Override
  public boolean nearTie(double a, double b) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return false;
    }
    return Math.abs(a - b) <= tieTolerance * Math.max(Math.abs(a), Math.abs(b));
  }

  @Override
  public boolean refineRows(int... rows) {
    List<int[]> pairs = new ArrayList<>();
    List<Integer> done = new ArrayList<>();
    for (int i : rows) {
      if (exactRow[i] || !finite[i] || done.contains(i)) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if (j != i && finite[j]) {
          pairs.add(new int[] {i, j});
        }
      }
      done.add(i);
    }
    setExact(pairs);
    for (int i : done) {
      exactRow[i] = true;
    }
    return !done.isEmpty();
  }

  @Override
  public double exactDistance(int i, int j) {
    if (!finite[i] || !finite[j]) {
      return Double.POSITIVE_INFINITY;
    }
    return RowMath.distance(x.fetchRow(i), x.fetchRow(j));
  }

  @Override
  public double[][] toMatrix() {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(dist, i * n, m[i], 0, n);
    }
    return m;
  }
}
