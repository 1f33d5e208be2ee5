package org.byzspark.aggregation;

import java.util.Arrays;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code rfa}: robust federated aggregation, a fixed number of smoothed Weiszfeld steps.
 *
 * <h2>Definition</h2>
 *
 * [RFA], aggregation by the smoothed Weiszfeld algorithm: with weights α_i (here α_i = 1/m for the
 * m finite inputs: every worker counts the same), start from the weighted mean v_0 = Σ α_i x_i and
 * repeat R times β_i = α_i / max(ν, ‖v − x_i‖), v ← Σ β_i x_i / Σ β_j. The output is v_R.
 *
 * <h2>How it differs from {@code gm}</h2>
 *
 * Both run the same smoothed Weiszfeld step. {@link GeometricMedian} computes the geometric median:
 * it starts from the coordinate-wise median, iterates until the objective changes by less than a
 * tolerance (up to 100 iterations), and returns an input point when the exact optimality test of
 * [VARDI-ZHANG] holds. {@code rfa} is the aggregator as the paper runs it: R steps (3 by default)
 * from the mean, no stopping test, no snapping, weights normalised to sum 1 at every step — a
 * cheaper, approximate median whose result depends on R.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f (the geometric median's breakdown point).
 *
 * <h2>Resilience</h2>
 *
 * Unknown: after R steps from the mean the iterate is not the geometric median, so gm's λ ([RESAM]
 * Proposition 7) does not apply; no λ is derived here.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Rows with NaN/±Inf are rejected before the iteration, as the paper's code rejects updates of
 * non-finite norm; the α_i are spread over the finite rows. With no finite row the output is the
 * zero vector. Distances are computed with scaling, so a huge finite row gets a tiny weight, and
 * the weights summing to 1, no mean overflows.
 *
 * <h2>Parameters</h2>
 *
 * {@code iters} (R ≥ 1, default 3) and {@code nu} (ν &gt; 0, default 1e-6): see {@link #SPEC}. The
 * authors' released code defaults to 4 steps and ν = 1e-5 and also stops when the objective changes
 * by less than 10^-6 relatively; {@code rfa:iters=4,nu=1e-5} is its step count and smoothing. The
 * report gives {@code iterations=R}.
 *
 * <h2>Implementation</h2>
 *
 * Each step is one {@link VectorSet#distancesTo} and one {@link VectorSet#combine} with the
 * normalised weights (divisor 1), sums in worker order.
 */
public final class Rfa implements Aggregator {
  private static final long serialVersionUID = 1L;

  private final int iters;
  private final double nu;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "rfa",
          "robust federated aggregation: a fixed number of smoothed Weiszfeld steps from the mean"
              + " (Pillutla et al. 2022)",
          ParamSpec.integer("iters", 1, 10000, 3, "Weiszfeld steps R"),
          ParamSpec.number("nu", true, 1e-6, "smoothing"));

  public Rfa(Params params) {
    Params p = SPEC.resolve(params);
    this.iters = Integer.parseInt(p.getString("iters", ""));
    this.nu = Double.parseDouble(p.getString("nu", ""));
  }

  @Override
  public String name() {
    return "rfa";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority("rfa", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    boolean[] fin = x.finiteRows();
    int[] rows = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (fin[i]) {
        rows[m++] = i;
      }
    }
    if (m == 0) {
      return Aggregation.of(x.point(new double[d]), "iterations=0");
    }
    VectorSet y = m == n ? x : x.subset(Arrays.copyOf(rows, m));
    double[] alpha = new double[m];
    Arrays.fill(alpha, 1.0 / m);
    // every partial sum of Σ α_i x_i is at most max_i |x_i| in size: no overflow
    Point v = y.combine(alpha, null, 1.0);
    for (int it = 0; it < iters; it++) {
      double[] dist = y.distancesTo(v);
      double[] beta = new double[m];
      double sum = 0;
      for (int q = 0; q < m; q++) {
        beta[q] = alpha[q] / Math.max(nu, dist[q]);
        sum += beta[q];
      }
      if (!(sum > 0)) {
        break; // every finite row infinitely far (distances beyond the double range): keep v
      }
      for (int q = 0; q < m; q++) {
        beta[q] /= sum;
      }
      v = y.combine(beta, null, 1.0);
    }
    return Aggregation.of(v, "iterations=" + iters);
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (f < 0 || n <= 2L * f) {
      return Theory.none("rfa needs n > 2f");
    }
    return Theory.none("unknown: R Weiszfeld steps are not the geometric median");
  }

  @Override
  public String toString() {
    return "rfa(iters=" + iters + ",nu=" + nu + ")";
  }
}
