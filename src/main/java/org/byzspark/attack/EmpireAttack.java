package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code empire}: "Fall of empires".
 *
 * <h2>Definition</h2>
 *
 * [EMPIRE], as specified in [RESAM] appendix D.1: with attack vector a = −ḡ, every Byzantine worker
 * sends
 *
 * <pre>  b = ḡ + ζ·a = (1 − ζ)·ḡ</pre>
 *
 * where ḡ is the coordinate-wise mean of the h = n − f honest messages of the same step.
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
 * {@code zeta}: a finite number ≥ 0 (see {@link #SPEC}); the default is [RESAM]'s 1.1, i.e. ε = 0.1
 * in [EMPIRE], so the Byzantine workers send −0.1·ḡ.
 *
 * <h2>Implementation</h2>
 *
 * One coordinate-wise reduction of the honest set ({@link HonestStatistics}, the mean summed in
 * worker order, scaled by 1 − ζ), repeated f times.
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
