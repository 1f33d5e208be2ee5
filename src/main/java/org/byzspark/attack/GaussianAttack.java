package org.byzspark.attack;

import java.util.SplittableRandom;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * {@code gaussian}: the Gaussian Byzantine workers.
 *
 * <h2>Definition</h2>
 *
 * [KRUM-SUPP] §5: they "do not compute an estimator of the gradient and send a random vector, drawn
 * from a Gaussian distribution". Byzantine worker i (0 ≤ i &lt; f) sends
 *
 * <pre>  b_i ~ N(0, σ²·I_d),   coordinates i.i.d.</pre>
 *
 * <p>The mean is 0, not ḡ: the paper's workers compute no gradient estimate at all.
 *
 * <h2>Requirement</h2>
 *
 * None beyond f ≥ 0 (the honest messages are not read, only their dimension).
 *
 * <h2>Non-finite inputs</h2>
 *
 * Not applicable: the honest messages are not used.
 *
 * <h2>Parameters</h2>
 *
 * {@code sigma}, the standard deviation, or {@code variance} instead; both finite and ≥ 0, giving
 * both is an error (see {@link #SPEC}). Scale: the supplement says "variance high enough (200)".
 * The default σ = 200 is the project's reading (so the default breaks averaging even harder);
 * {@code variance=200} gives the literal reading, σ = √200 ≈ 14.14.
 *
 * <h2>Implementation</h2>
 *
 * Randomness: worker i at step t draws from {@code Seeds.rng(seed, Purpose.ATTACK_NOISE, t, i)}, so
 * each (run, step, Byzantine index) has its own reproducible stream independent of the honest
 * messages. Normals come from the Box–Muller transform on {@link SplittableRandom#nextDouble()}
 * with {@link StrictMath}, so the bits do not depend on the JDK's {@code nextGaussian} or on the
 * platform.
 */
public final class GaussianAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "gaussian";
  public static final double DEFAULT_SIGMA = 200.0;

  private final double sigma;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "send N(0, sigma^2) noise (Krum supplement)",
          ParamSpec.number("sigma", false, DEFAULT_SIGMA, "standard deviation"),
          ParamSpec.number("variance", false, null, "variance, instead of sigma")
              .defaultDescribed("sigma^2"));

  public GaussianAttack(Params params) {
    if (params.has("sigma") && params.has("variance")) {
      throw new IllegalArgumentException(
          NAME
              + " parameters sigma="
              + params.getString("sigma", "")
              + " and variance="
              + params.getString("variance", "")
              + " are exclusive; allowed: one of them");
    }
    Params p = SPEC.resolve(params);
    sigma =
        params.has("variance")
            ? Math.sqrt(Double.parseDouble(p.getString("variance", "")))
            : Double.parseDouble(p.getString("sigma", ""));
  }

  @Override
  public String name() {
    return NAME;
  }

  public double sigma() {
    return sigma;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    int f = ctx.f();
    int d = honest.dimension();
    java.util.List<org.byzspark.aggregation.Point> out = new java.util.ArrayList<>();
    for (int i = 0; i < f; i++) {
      SplittableRandom rng =
          Seeds.rng(ctx.round().seed(), Seeds.Purpose.ATTACK_NOISE, ctx.round().step(), i);
      out.add(honest.point(normals(rng, d, sigma)));
    }
    return honest.rows(out);
  }

  /** d i.i.d. N(0, σ²) draws by Box–Muller (two per pair of uniforms). */
  static double[] normals(SplittableRandom rng, int d, double sigma) {
    double[] v = new double[d];
    for (int j = 0; j < d; j += 2) {
      double u1 = 1.0 - rng.nextDouble(); // in (0, 1]
      double u2 = rng.nextDouble();
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double a = 2.0 * StrictMath.PI * u2;
      v[j] = sigma * r * StrictMath.cos(a);
      if (j + 1 < d) {
        v[j + 1] = sigma * r * StrictMath.sin(a);
      }
    }
    return v;
  }
}
