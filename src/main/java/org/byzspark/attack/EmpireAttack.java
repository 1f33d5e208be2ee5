package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code empire}: "Fall of empires" (Xie et al., UAI 2019), as specified in RESAM (Farhadkhani et
 * al., ICML 2022) appendix D.1: with attack vector a = −ḡ, every Byzantine worker sends
 *
 * <pre>  b = ḡ + ζ·a = (1 − ζ)·ḡ</pre>
 *
 * where ḡ is the coordinate-wise mean of the h = n − f honest messages of the same step.
 *
 * <p>Parameter {@code zeta}: a finite number ≥ 0, default 1.1 (RESAM; ε = 0.1 in Xie et al., so the
 * Byzantine workers send −0.1·ḡ).
 */
public final class EmpireAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "empire";

  private final double zeta;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "fall of empires: send (1 - zeta) times the honest mean (Xie et al. 2019; RESAM D.1)",
          ParamSpec.number("zeta", false, 1.1, "the factor"));

  public EmpireAttack(Params params) {
    zeta = Double.parseDouble(SPEC.resolve(params).getString("zeta", ""));
  }

  @Override
  public String name() {
    return NAME;
  }

  public double zeta() {
    return zeta;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    if (ctx.f() == 0) {
      return honest.constant(0, 0);
    }
    AttackSupport.requireHonest(NAME, honest);
    return honest.repeat(honest.coordinateWise(HonestStatistics.scaledMean(1 - zeta)), ctx.f());
  }
}
