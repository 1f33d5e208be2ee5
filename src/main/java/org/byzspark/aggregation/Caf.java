package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * {@code caf}: covariance-bound agnostic filter.
 *
 * <h2>Definition</h2>
 *
 * [CAF]: weights c_i = 1; in rounds, μ_c = Σ c_i x_i / Σ c_i, Σ_c = Σ c_i (x_i − μ_c)(x_i − μ_c)ᵀ /
 * Σ c_i, (λ, v) its top eigenpair, τ_i = ((x_i − μ_c)·v)², then c_i ← c_i (1 − τ_i / max_j τ_j);
 * the rounds go on while Σ c_i &gt; n − 2f. The output is the μ_c of smallest λ among the rounds.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f.
 *
 * <h2>Resilience</h2>
 *
 * Unknown: [CAF] bounds the error by the spectral norm of the honest vectors' covariance, not by
 * their diameter as [RESAM] Definition 2; no λ is derived here ({@link #theory} says so).
 *
 * <h2>Non-finite inputs</h2>
 *
 * Rows with NaN/±Inf, and finite rows whose squared distance to the coordinate-wise median exceeds
 * 1e300 (see {@link Spectral#usable}), have weight 0 from the start: they never enter a mean or a
 * covariance. With no usable row the output is the zero vector.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}). The report gives {@code rounds=R chosen=K} (the round whose mean was
 * returned, from 1).
 *
 * <h2>Implementation</h2>
 *
 * All of it is n×n arithmetic on the Gram matrix of the usable rows centred at their
 * coordinate-wise median ({@link VectorSet#gram}; {@link Spectral} explains the correspondence),
 * and one {@link VectorSet#combine} for the output, Σ (c_i/W) x_i with the weights normalised first
 * (no partial sum beyond the largest value). Choices where the paper leaves room:
 *
 * <ul>
 *   <li>The top eigenpair by power iteration ({@link Spectral#top}: at most 1000 iterations, until
 *       the unit vector moves by at most 1e-10), started from a vector drawn from (seed, {@code
 *       CAF}, step, round), so the same step of the same run always gives the same bits.
 *   <li>The maximum max_j τ_j runs over the rows of positive weight only: the row reaching it gets
 *       weight exactly 0, so every round removes at least one row and the filter ends after at most
 *       n rounds. (Taking it over all rows, as ByzFL does, never ends once a far row of weight 0
 *       holds the maximum: its weight stays 0 and Σ c_i stops decreasing.)
 *   <li>When λ = 0 (every row of positive weight at the same point, e.g. all inputs equal) the
 *       covariance is zero: that round's mean is returned (ByzFL divides 0 by 0 there and returns
 *       nothing).
 *   <li>The candidate of a round is its mean before its update, the first being the plain mean
 *       (with f = 0 it is the output); among equal λ the earliest round wins.
 * </ul>
 */
public final class Caf implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "caf",
          "covariance-bound agnostic filter: downweight along the top eigenvector, keep the mean of"
              + " smallest top eigenvalue (Allouah et al. 2025)");

  public Caf(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "caf";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority("caf", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    Spectral.Usable u = Spectral.usable(new Spectral.Prepared(x, x.finiteRows()), null);
    int m = u.rows().length;
    if (m == 0) {
      return Aggregation.of(x.point(new double[d]), "rounds=0 chosen=0");
    }
    double[][] g = u.gram();
    double[] c = new double[m];
    java.util.Arrays.fill(c, 1.0);
    double[] best = null;
    double bestLambda = Double.POSITIVE_INFINITY;
    int rounds = 0;
    int chosen = 0;
    double total;
    do {
      rounds++;
      int[] positive = positive(c);
      double[][] k = Spectral.centred(g, c);
      double[][] cov = Spectral.weighted(k, c, positive);
      Spectral.Eigen e =
          Spectral.top(
              cov,
              Spectral.start(
                  Seeds.rng(round.seed(), Seeds.Purpose.CAF, round.step(), rounds),
                  positive.length));
      if (best == null || e.value() < bestLambda) {
        best = c.clone();
        bestLambda = e.value();
        chosen = rounds;
      }
      if (!(e.value() > 0)) {
        break;
      }
      double[] p = Spectral.projections(k, c, positive, e.vector(), e.value());
      double tmax = 0;
      for (int i : positive) {
        tmax = Math.max(tmax, p[i] * p[i]);
      }
      if (!(tmax > 0)) {
        break;
      }
      for (int i : positive) {
        c[i] = c[i] * (1 - (p[i] * p[i]) / tmax);
      }
      total = 0;
      for (double v : c) {
        total += v;
      }
    } while (total > n - 2 * f);
    double sum = 0;
    for (double v : best) {
      sum += v;
    }
    // Σ (c_i/W) x_i: normalised weights, no partial sum beyond the largest value
    double[] w = new double[n];
    for (int q = 0; q < m; q++) {
      w[u.rows()[q]] = best[q] / sum;
    }
    return Aggregation.of(x.combine(w, null, 1.0), "rounds=" + rounds + " chosen=" + chosen);
  }

  /** Indices of the positive weights, increasing. */
  static int[] positive(double[] c) {
    int m = 0;
    int[] out = new int[c.length];
    for (int i = 0; i < c.length; i++) {
      if (c[i] > 0) {
        out[m++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, m);
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (f < 0 || n <= 2L * f) {
      return Theory.none("caf needs n > 2f");
    }
    return Theory.none("unknown: CAF's bound is in the honest covariance's norm, not Definition 2");
  }
}
