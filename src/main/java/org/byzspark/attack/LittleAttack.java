package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code little}: "A little is enough".
 *
 * <h2>Definition</h2>
 *
 * [LITTLE], as specified in [RESAM] appendix D.1: every Byzantine worker sends
 *
 * <pre>  b = ḡ + ζ·σ   (sign=plus, the default)      b = ḡ − ζ·σ   (sign=minus)</pre>
 *
 * where ḡ is the coordinate-wise mean and σ the coordinate-wise <em>sample</em> standard deviation
 * (denominator h − 1; σ = 0 when h = 1) of the h = n − f honest messages of the same step.
 *
 * <p>With {@code zeta=auto}, ζ is the z_max of [LITTLE] / [HGO] Algorithm 2, computed from n and f:
 *
 * <pre>  s = ⌊n/2 + 1⌋ − f,   z_max = Φ⁻¹((n − s)/n)</pre>
 *
 * (s is the number of honest "supporters" the Byzantine value needs to become the majority;
 * max_z{Φ(z) &lt; p} = Φ⁻¹(p) since Φ is continuous and increasing). [HGO]'s Algorithm 2 writes the
 * ratio as (n − m − s)/(n − m) and the vector as μ + z_max·σ; we follow [LITTLE]'s (n − s)/n and
 * [RESAM]'s sign (ḡ + ζσ, the same as [HGO]'s).
 *
 * <p><b>The sign.</b> [RESAM] D.1 writes "a_t = −σ_t, where σ_t is the opposite vector of the
 * coordinate-wise standard deviation", and the Byzantine vector ḡ + ζ·a_t. Read literally (two
 * negations) this is ḡ + ζ·std, which is also what the code of [RESAM]'s authors' earlier
 * distributed-momentum study computes ({@code grad_avg + factor * std}), and [HGO] Algorithm 2's μ
 * + z_max·σ: so the default is {@code sign=plus}. {@code sign=minus} (ḡ − ζσ, [LITTLE]'s μ − zσ)
 * was the default of ByzSpark's releases before 2026-11-30 and stays available to reproduce their
 * runs (docs/rules-and-attacks.md compares the two). The two are not equivalent for a network with
 * ReLUs: σ ≥ 0, so the forged message moves every coordinate of the aggregate the same way, and the
 * update then pushes every parameter (biases included) the same way, up for minus and down for
 * plus.
 *
 * <h2>Requirement</h2>
 *
 * At least one honest message when f &gt; 0. With {@code zeta=auto}, s ≥ 1: when s ≤ 0 (f ≥ ⌊n/2 +
 * 1⌋) the quantile is +∞ and the attack fails with a message rather than sending infinities.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Non-finite honest values propagate into the statistics: a coordinate where an honest message is
 * NaN or ±Inf gives a non-finite forged coordinate (no filtering: the attacker sends what the
 * formula gives).
 *
 * <h2>Parameters</h2>
 *
 * {@code zeta}: a finite number ≥ 0 (the default is [RESAM]'s), or {@code auto}; {@code sign}:
 * {@code plus} (default) or {@code minus}; see {@link #SPEC}.
 *
 * <h2>Implementation</h2>
 *
 * One coordinate-wise reduction of the honest set ({@link HonestStatistics}: mean in worker order,
 * then the sample deviation in a second pass around it), repeated f times. Φ⁻¹ is {@link Normal}.
 */
public final class LittleAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "little";

  /** ζ, or NaN for {@code auto}. */
  private final double zeta;

  /** True for {@code sign=plus} (ḡ + ζσ). */
  private final boolean plus;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "a little is enough: send the honest mean plus (sign=minus: minus) zeta standard deviations (Baruch et al. 2019; RESAM D.1)",
          ParamSpec.custom(
              "zeta",
              "number",
              "a finite number >= 0 or auto",
              "1",
              "the factor, or auto for z_max of Baruch et al.",
              v -> {
                if (v.trim().equals("auto")) {
                  return true;
                }
                double z = ParamSpec.parseNumber(v);
                return Double.isFinite(z) && z >= 0;
              }),
          ParamSpec.choice(
              "sign",
              java.util.List.of("plus", "minus"),
              "plus",
              "plus sends mean + zeta*std (RESAM D.1, HGO Alg. 2), minus sends mean - zeta*std (the"
                  + " default before 2026-11-30)"));

  public LittleAttack(Params params) {
    Params p = SPEC.resolve(params);
    String v = p.getString("zeta", "1");
    zeta = v.equals("auto") ? Double.NaN : Double.parseDouble(v);
    plus = p.getString("sign", "plus").equals("plus");
  }

  @Override
  public String name() {
    return NAME;
  }

  /** With {@code zeta=auto}, z_max must be finite for (n, f): see {@link #zMax}. */
  @Override
  public void check(int n, int f) {
    if (isAuto() && f > 0) {
      zMax(n, f);
    }
  }

  /** True when ζ is {@code auto}. */
  public boolean isAuto() {
    return Double.isNaN(zeta);
  }

  /** The ζ used for (n, f): the fixed value, or {@link #zMax} for {@code auto}. */
  public double zeta(int n, int f) {
    return isAuto() ? zMax(n, f) : zeta;
  }

  /**
   * z_max of Baruch et al. / HGO Algorithm 2: s = ⌊n/2 + 1⌋ − f, z_max = Φ⁻¹((n − s)/n). Fails when
   * s ≤ 0 (too many Byzantine workers, z_max = +∞) or when n, f are out of range.
   */
  public static double zMax(int n, int f) {
    if (n < 1 || f < 0 || f > n) {
      throw new IllegalArgumentException(
          NAME + " zeta=auto needs n >= 1 and 0 <= f <= n, got n=" + n + " f=" + f);
    }
    int s = n / 2 + 1 - f;
    if (s <= 0) {
      throw new IllegalArgumentException(
          NAME
              + " zeta=auto needs s = floor(n/2+1) - f > 0 (z_max is infinite otherwise), got n="
              + n
              + " f="
              + f
              + " s="
              + s);
    }
    return Normal.inverseCdf((double) (n - s) / n);
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    if (ctx.f() == 0) {
      return honest.constant(0, 0);
    }
    double z = zeta(ctx.n(), ctx.f());
    AttackSupport.requireHonest(NAME, honest);
    return honest.repeat(honest.coordinateWise(HonestStatistics.little(plus ? -z : z)), ctx.f());
  }
}
