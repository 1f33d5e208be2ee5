package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code omniscient}: the omniscient Byzantine workers.
 *
 * <h2>Definition</h2>
 *
 * [KRUM-SUPP] §5: they "compute a rather precise estimator of the true gradient, and send the
 * opposite value multiplied by an arbitrarily large factor". The estimator is ḡ, the mean of the h
 * honest messages of the step (the best estimate available from the whole honest data); every
 * Byzantine worker sends
 *
 * <pre>  b = −k·ḡ</pre>
 *
 * <h2>Requirement</h2>
 *
 * At least one honest message when f &gt; 0.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Non-finite honest values propagate into the statistics: a coordinate where an honest message is
 * NaN or ±Inf gives a non-finite forged coordinate (no filtering: the attacker sends what the
 * formula gives).
 *
 * <h2>Parameters</h2>
 *
 * {@code k}: a finite number ≥ 0 (see {@link #SPEC}). Its default 1e20 is "arbitrarily large" yet
 * finite, and small enough that squared distances between such vectors (≈ k²‖ḡ‖²) stay far below
 * the double range (1e308) for any realistic ḡ and d, so rules that compare squared norms still
 * compute.
 *
 * <h2>Implementation</h2>
 *
 * One coordinate-wise reduction of the honest set ({@link HonestStatistics}, the mean summed in
 * worker order, scaled by −k), repeated f times.
 */
public final class OmniscientAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "omniscient";
  public static final double DEFAULT_K = 1e20;

  private final double k;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "send -k times the honest mean (Krum supplement)",
          ParamSpec.number("k", false, DEFAULT_K, "the factor"));

  public OmniscientAttack(Params params) {
    k = Double.parseDouble(SPEC.resolve(params).getString("k", ""));
  }

  @Override
  public String name() {
    return NAME;
  }

  public double k() {
    return k;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    if (ctx.f() == 0) {
      return honest.constant(0, 0);
    }
    AttackSupport.requireHonest(NAME, honest);
    return honest.repeat(honest.coordinateWise(HonestStatistics.scaledMean(-k)), ctx.f());
  }
}
