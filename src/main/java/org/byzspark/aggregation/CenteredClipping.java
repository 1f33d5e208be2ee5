package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code cc}: centered clipping.
 *
 * <h2>Definition</h2>
 *
 * [CC]; [RESAM] appendix C.8: starting from v_0, for l = 1..L, v_l = v_{l−1} + (1/n) Σ_i (x_i −
 * v_{l−1})·min{1, τ/‖x_i − v_{l−1}‖}; the output is v_L.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; f.
 *
 * <h2>Resilience</h2>
 *
 * None: not resilient averaging ([RESAM] section 3.2), no λ. [RESAM] C.8 recalls that [CC] obtains
 * λ = 20√10·f/n for f &lt; n/9.7, but only for τ and L set from the honest variance σ and a known
 * bound on the error of v_0, which a run does not have; [RESAM] assumes it does not hold.
 *
 * <h2>Non-finite inputs</h2>
 *
 * A row with NaN/±Inf has no defined direction; it contributes nothing to the sum (its clipped step
 * is taken as 0, a step of norm ≤ τ). Norms are computed with scaling, so a huge finite row
 * contributes its direction times τ.
 *
 * <h2>Parameters</h2>
 *
 * {@code tau} (clipping radius τ &gt; 0), {@code iters} (L ≥ 1; the default is the value used in
 * [CC]'s experiments), {@code start} = {@code previous} (v_0 is the previous step's output, carried
 * in the rule's {@link RuleState}; zero at the first step or when d changes) or {@code zero}: see
 * {@link #SPEC}.
 *
 * <h2>Implementation</h2>
 *
 * Each iteration takes the distances of the rows to v_{l−1} and combines the rows with the clipping
 * weights; the state is returned as a value with the aggregate.
 */
public final class CenteredClipping implements Aggregator {
  private static final long serialVersionUID = 1L;
  private final double tau;
  private final int iters;
  private final boolean fromPrevious;

  /** The state key of the previous aggregate. */
  static final String PREVIOUS = "previous";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "cc",
          "centered clipping (Karimireddy, He and Jaggi 2021; RESAM C.8)",
          ParamSpec.number("tau", true, 1.0, "clipping radius"),
          ParamSpec.integer("iters", 1, Integer.MAX_VALUE, 1, "clipping iterations L"),
          ParamSpec.choice(
              "start",
              java.util.List.of("previous", "zero"),
              "previous",
              "the starting point: the previous step's aggregate or zero"));

  public CenteredClipping(Params params) {
    Params p = SPEC.resolve(params);
    this.tau = Double.parseDouble(p.getString("tau", ""));
    this.iters = Integer.parseInt(p.getString("iters", ""));
    this.fromPrevious = p.getString("start", "").equals("previous");
  }

  @Override
  public String name() {
    return "cc";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("cc", n, f, d);
  }

  @Override
  public boolean stateful() {
    return fromPrevious;
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    double[] prev = fromPrevious ? state.get(PREVIOUS) : null;
    Point v = x.point(prev != null && prev.length == d ? prev : new double[d]);
    boolean[] fin = x.finiteRows();
    int clipped = 0;
    for (int l = 0; l < iters; l++) {
      double[] dists = x.distancesTo(v);
      double[] scales = new double[n];
      clipped = 0;
      for (int i = 0; i < n; i++) {
        if (!fin[i]) {
          clipped++;
          continue;
        }
        double dist = dists[i];
        if (dist > tau) {
          clipped++;
        }
        // a row at infinite distance contributes nothing (weight 0 is skipped by combine)
        scales[i] = !Double.isFinite(dist) ? 0.0 : dist <= tau ? 1.0 : tau / dist;
      }
      // v + (Σ_i (x_i − v)·scale_i) / n, rows in worker order
      v = x.add(v, x.combine(scales, v, n));
    }
    RuleState next = fromPrevious ? state.with(PREVIOUS, v.toArray()) : RuleState.EMPTY;
    return new Aggregation(v, "clipped=" + clipped, next);
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("not resilient averaging");
  }
}
