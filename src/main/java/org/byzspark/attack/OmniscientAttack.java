package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code omniscient}: the omniscient Byzantine workers of Blanchard et al. (NeurIPS 2017,
 * supplement §5), who "compute a rather precise estimator of the true gradient, and send the
 * opposite value multiplied by an arbitrarily large factor". The estimator is ḡ, the mean of the h
 * honest messages of the step (the best estimate available from the whole honest data); every
 * Byzantine worker sends
 *
 * <pre>  b = −k·ḡ</pre>
 *
 * <p>Parameter {@code k}: a finite number ≥ 0, default 1e20: "arbitrarily large" yet finite, and
 * small enough that squared distances between such vectors (≈ k²‖ḡ‖²) stay far below the double
 * range (1e308) for any realistic ḡ and d, so rules that compare squared norms still compute.
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
