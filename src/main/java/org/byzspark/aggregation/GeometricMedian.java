package org.byzspark.aggregation;

import java.util.Arrays;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code gm}: geometric median.
 *
 * <h2>Definition</h2>
 *
 * [RESAM] C.6: argmin_z Σ_i ‖z − x_i‖, computed by the smoothed Weiszfeld algorithm of [RFA]: z ← Σ
 * β_i x_i / Σ β_i with β_i = 1/max(ν, ‖z − x_i‖), stopped when the objective Σ‖z − x_i‖ changes by
 * at most {@code tol} relative, or after {@code max-iter} iterations.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f.
 *
 * <h2>Resilience</h2>
 *
 * [RESAM] Proposition 7, Table 1: λ = 1 + (n−f)/√((n−2f)·n) for f &lt; n/2.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Rows with NaN/±Inf are infinitely far: their weight 1/∞ is 0, so they are left out. Distances are
 * computed with scaling, so huge finite rows get tiny, not NaN, weights.
 *
 * <h2>Parameters</h2>
 *
 * {@code nu} (smoothing ν &gt; 0), {@code max-iter} (≥ 1), {@code tol} (&gt; 0): see {@link #SPEC}.
 * The report gives {@code iterations=k}.
 *
 * <h2>Implementation</h2>
 *
 * The iteration starts from the coordinate-wise median of the finite rows (robust, unlike the
 * mean); each step is a weighted combination of the rows with weights from their distances to the
 * current point. Finally, the input point p nearest to z is tested with the exact optimality
 * condition of [VARDI-ZHANG] (p is the geometric median iff ‖Σ_{x_i≠p} (x_i − p)/‖x_i − p‖‖ ≤ #{i :
 * x_i = p}); when it holds, p itself is returned, so the sanity check of [RESAM] (n−f identical
 * inputs) holds exactly rather than up to ν.
 */
public final class GeometricMedian implements Aggregator {
  private static final long serialVersionUID = 1L;
  private final double nu;
  private final int maxIter;
  private final double tol;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "gm",
          "geometric median by smoothed Weiszfeld (Pillutla et al. 2022; RESAM C.6)",
          ParamSpec.number("nu", true, 1e-6, "smoothing"),
          ParamSpec.integer("max-iter", 1, Integer.MAX_VALUE, 100, "iteration limit"),
          ParamSpec.number("tol", true, 1e-8, "relative change of the objective that stops"));

  public GeometricMedian(Params params) {
    Params p = SPEC.resolve(params);
    this.nu = Double.parseDouble(p.getString("nu", ""));
    this.maxIter = Integer.parseInt(p.getString("max-iter", ""));
    this.tol = Double.parseDouble(p.getString("tol", ""));
  }

  @Override
  public String name() {
    return "gm";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority("gm", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    boolean[] fin = x.finiteRows();
    int[] rows = new int[n];
    int nf = 0;
    for (int i = 0; i < n; i++) {
      if (fin[i]) {
        rows[nf++] = i;
      }
    }
    if (nf == 0) {
      return Aggregation.of(x.constant(Double.NaN, 1).row(0), "iterations=0");
    }
    rows = Arrays.copyOf(rows, nf);
    VectorSet finite = nf == n ? x : x.subset(rows);
    Point z = finite.coordinateWise(new CoordinateWiseMedian.Reducer(0));
    double[] dist = null;
    double prev = Double.NaN;
    int it = 0;
    while (true) {
      dist = finite.distancesTo(z);
      double obj = 0;
      for (int q = 0; q < nf; q++) {
        obj += dist[q];
      }
      if (it > 0 && Math.abs(prev - obj) <= tol * obj) {
        break;
      }
      if (it >= maxIter) {
        break;
      }
      prev = obj;
      double[] w = new double[nf];
      double wsum = 0;
      for (int q = 0; q < nf; q++) {
        w[q] = 1.0 / Math.max(nu, dist[q]);
        wsum += w[q]; // adding a zero weight changes nothing
      }
      z = finite.combine(w, null, wsum);
      it++;
    }
    String report = "iterations=" + it;
    // certify the nearest input point (Vardi-Zhang)
    int nearest = 0;
    for (int q = 1; q < nf; q++) {
      if (dist[q] < dist[nearest]) {
        nearest = q;
      }
    }
    Point p = finite.row(nearest);
    double[] dp = finite.distancesTo(p);
    int mult = 0;
    double[] unit = new double[nf];
    for (int q = 0; q < nf; q++) {
      if (dp[q] == 0) {
        mult++;
      } else if (Double.isFinite(dp[q])) {
        unit[q] = 1.0 / dp[q];
      }
    }
    // the pull Σ_{x_q ≠ p} (x_q − p)/‖x_q − p‖
    Point pull = finite.combine(unit, p, 1.0);
    if (dist[nearest] <= 2 * nu && finite.norm(pull) <= mult) {
      return Aggregation.of(p, report + " snapped=" + rows[nearest]);
    }
    return Aggregation.of(z, report);
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (n <= 2 * f) {
      return Theory.none("gm needs n > 2f");
    }
    return Theory.lambda(1 + (n - f) / Math.sqrt((double) (n - 2 * f) * n));
  }
}
