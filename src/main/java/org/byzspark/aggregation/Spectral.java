package org.byzspark.aggregation;

import java.util.SplittableRandom;

/**
 * The n×n arithmetic of the covariance rules (caf, smea, dnc): the covariance of vectors x_i seen
 * through their centred Gram matrix G_ij = (x_i − c)·(x_j − c) ({@link VectorSet#gram}), and its
 * top eigenpair by power iteration.
 *
 * <h2>From the Gram matrix to the covariance</h2>
 *
 * <p>With weights w_i ≥ 0, W = Σ w_i and the weighted mean μ = Σ w_i x_i / W, the weighted
 * covariance Σ_w = (1/W) Σ w_i (x_i − μ)(x_i − μ)ᵀ (a d×d matrix, never formed) has the same
 * nonzero eigenvalues as the n×n matrix M = D^½ K D^½ / W, D = diag(w), where K_ij = (x_i − μ)·(x_j
 * − μ) = G_ij − a_i − a_j + b with a_i = Σ_k w_k G_ik / W and b = Σ_k w_k a_k / W ({@link
 * #centred}). If u is a unit eigenvector of M for λ &gt; 0, v = Σ_i √w_i u_i (x_i − μ) / √(Wλ) is a
 * unit eigenvector of Σ_w for λ, and the projection of any x_j on it is (x_j − μ)·v = Σ_i √w_i u_i
 * K_ji / √(Wλ) ({@link #projections}): the rules need v only through these projections.
 *
 * <h2>Power iteration</h2>
 *
 * <p>{@link #top}: u_0 the given start vector (drawn by the rule from {@link
 * org.byzspark.util.Seeds}: uniform entries in [−1, 1), normalised), then u_{k+1} = M u_k / ‖M u_k‖
 * and λ_k = u_kᵀ M u_k, at most {@value #MAX_ITERATIONS} times, stopping when ‖u_{k+1} − u_k‖ ≤
 * {@value #VECTOR_TOLERANCE} (the rules that use the vector: caf, dnc) or when |λ_k − λ_{k−1}| ≤
 * {@value #VALUE_TOLERANCE}·λ_k ({@link #topValue}: smea, which needs λ only); the result is (λ, u)
 * of the last iterate. The vector converges at the rate λ_2/λ_1 per iteration, λ (a Rayleigh
 * quotient, never above the top eigenvalue) at its square. If M u = 0 (M = 0: all the weight on one
 * point) the eigenvalue is 0. Every sum runs in index order with plain double arithmetic, so the
 * bits depend on neither the CPU nor the threads.
 */
final class Spectral {
  /** Iteration limit of {@link #top}. */
  static final int MAX_ITERATIONS = 1000;

  /** Change of the unit vector under which {@link #top} stops. */
  static final double VECTOR_TOLERANCE = 1e-10;

  /** Relative change of the eigenvalue estimate under which {@link #topValue} stops. */
  static final double VALUE_TOLERANCE = 1e-12;

  /** Centred squared norms above this make a row unusable (its products could overflow). */
  static final double HUGE = 1e300;

  private Spectral() {}

  /** A top eigenpair: λ ≥ 0 and a unit vector. */
  record Eigen(double value, double[] vector, int iterations) {}

  /**
   * The finite rows of a set and their coordinate-wise median: what {@link #usable} centres the
   * Gram matrices at (a robust centre keeps the entries of the honest rows at their own scale, so
   * that centring them again at a weighted mean does not cancel their digits).
   */
  static final class Prepared {
    final VectorSet finite;
    final int[] rows;
    final Point median;

    Prepared(VectorSet x, boolean[] fin) {
      int n = x.size();
      int m = 0;
      int[] r = new int[n];
      for (int i = 0; i < n; i++) {
        if (fin[i]) {
          r[m++] = i;
        }
      }
      this.rows = java.util.Arrays.copyOf(r, m);
      this.finite = m == n ? x : x.subset(rows);
      this.median = m == 0 ? null : finite.coordinateWise(new CoordinateWiseMedian.Reducer(0));
    }
  }

  /**
   * The rows a covariance rule works with and their Gram matrix: the finite rows whose squared
   * distance to the median over the coordinates used is at most {@value #HUGE} (others, e.g. rows
   * of 1e200 entries, are left out as if infinitely far), with their Gram matrix centred at the
   * median.
   *
   * @param rows indices in the original set, increasing
   * @param gram the Gram matrix of those rows, in that order
   */
  record Usable(int[] rows, double[][] gram) {}

  /** {@link Usable} over the coordinates {@code coordinates} (all when null). */
  static Usable usable(Prepared p, int[] coordinates) {
    if (p.rows.length == 0) {
      return new Usable(new int[0], new double[0][0]);
    }
    double[][] g = p.finite.gram(p.median, coordinates);
    int m = 0;
    int[] keep = new int[g.length];
    for (int q = 0; q < g.length; q++) {
      if (g[q][q] <= HUGE) {
        keep[m++] = q;
      }
    }
    int[] rows = new int[m];
    double[][] out = new double[m][m];
    for (int a = 0; a < m; a++) {
      rows[a] = p.rows[keep[a]];
      for (int b = 0; b < m; b++) {
        out[a][b] = g[keep[a]][keep[b]];
      }
    }
    return new Usable(rows, out);
  }

  /** m uniform entries in [−1, 1): a start vector. */
  static double[] start(SplittableRandom r, int m) {
    double[] u = new double[m];
    for (int i = 0; i < m; i++) {
      u[i] = 2 * r.nextDouble() - 1;
    }
    return u;
  }

  /**
   * K_pq = G_pq − a_p − a_q + b for all p, q, with a_p = Σ_k w_k G_pk / W and b = Σ_k w_k a_k / W
   * (sums in index order over the k with w_k ≠ 0): the Gram matrix centred at the w-weighted mean.
   */
  static double[][] centred(double[][] g, double[] w) {
    int m = g.length;
    double total = 0;
    for (double v : w) {
      total += v;
    }
    double[] a = new double[m];
    for (int p = 0; p < m; p++) {
      double s = 0;
      for (int k = 0; k < m; k++) {
        if (w[k] != 0) {
          s += w[k] * g[p][k];
        }
      }
      a[p] = s / total;
    }
    double b = 0;
    for (int k = 0; k < m; k++) {
      if (w[k] != 0) {
        b += w[k] * a[k];
      }
    }
    b /= total;
    double[][] out = new double[m][m];
    for (int p = 0; p < m; p++) {
      for (int q = 0; q < m; q++) {
        out[p][q] = ((g[p][q] - a[p]) - a[q]) + b;
      }
    }
    return out;
  }

  /** The top eigenpair of the symmetric positive semi-definite matrix {@code a}. */
  static Eigen top(double[][] a, double[] start) {
    return iterate(a, start, true);
  }

  /** {@link #top} stopped on the eigenvalue: the vector is less accurate. */
  static Eigen topValue(double[][] a, double[] start) {
    return iterate(a, start, false);
  }

  private static Eigen iterate(double[][] a, double[] start, boolean byVector) {
    int m = a.length;
    double[] u = unit(start);
    if (m == 0) {
      return new Eigen(0, u, 0);
    }
    double lambda = 0;
    double[] w = new double[m];
    int it = 0;
    while (it < MAX_ITERATIONS) {
      it++;
      multiply(a, u, w);
      double next = dot(u, w);
      double norm = Math.sqrt(dot(w, w));
      if (!(norm > 0) || !(next > 0)) {
        return new Eigen(0, u, it);
      }
      double change = 0;
      for (int i = 0; i < m; i++) {
        double v = w[i] / norm;
        change += (v - u[i]) * (v - u[i]);
        u[i] = v;
      }
      boolean done =
          byVector
              ? Math.sqrt(change) <= VECTOR_TOLERANCE
              : it > 1 && Math.abs(next - lambda) <= VALUE_TOLERANCE * next;
      lambda = next;
      if (done) {
        break;
      }
    }
    return new Eigen(lambda, u, it);
  }

  /**
   * The projections (x_j − μ)·v of every row j on the unit eigenvector v of the weighted covariance
   * whose n×n form has the unit eigenvector u for λ &gt; 0 (see the class comment): Σ_i √w_i u_i
   * K_ji / √(Wλ), over the rows i with w_i &gt; 0 (u indexed like them, in order).
   */
  static double[] projections(double[][] k, double[] w, int[] positive, double[] u, double lambda) {
    double total = 0;
    for (double v : w) {
      total += v;
    }
    double scale = Math.sqrt(total * lambda);
    int m = k.length;
    double[] out = new double[m];
    for (int j = 0; j < m; j++) {
      double s = 0;
      for (int q = 0; q < positive.length; q++) {
        int i = positive[q];
        s += Math.sqrt(w[i]) * u[q] * k[j][i];
      }
      out[j] = s / scale;
    }
    return out;
  }

  /**
   * M = D^½ K D^½ / W restricted to the rows {@code positive} (those of weight &gt; 0), in their
   * order.
   */
  static double[][] weighted(double[][] k, double[] w, int[] positive) {
    double total = 0;
    for (double v : w) {
      total += v;
    }
    int p = positive.length;
    double[] r = new double[p];
    for (int q = 0; q < p; q++) {
      r[q] = Math.sqrt(w[positive[q]]);
    }
    double[][] out = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        out[a][b] = r[a] * r[b] * k[positive[a]][positive[b]] / total;
      }
    }
    return out;
  }

  private static void multiply(double[][] a, double[] u, double[] out) {
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      double[] row = a[i];
      for (int j = 0; j < u.length; j++) {
        s += row[j] * u[j];
      }
      out[i] = s;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] unit(double[] v) {
    double n = Math.sqrt(dot(v, v));
    double[] u = new double[v.length];
    if (!(n > 0)) {
      if (u.length > 0) {
        u[0] = 1;
      }
      return u;
    }
    for (int i = 0; i < u.length; i++) {
      u[i] = v[i] / n;
    }
    return u;
  }
}
