package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code inf}: infinite messages.
 *
 * <h2>Definition</h2>
 *
 * Every Byzantine worker sends the constant vector (±∞, ..., ±∞).
 *
 * <h2>Requirement</h2>
 *
 * None.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Not applicable: the honest messages are not used.
 *
 * <h2>Parameters</h2>
 *
 * {@code sign}: {@code +} or {@code -} (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * A constant set of f rows of the honest dimension.
 */
public final class InfAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "inf";

  private final double value;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "send an infinite value in every coordinate",
          ParamSpec.custom(
              "sign",
              "choice",
              "+, -",
              "+",
              "the sign of the infinity",
              v -> v.trim().equals("+") || v.trim().equals("-") || v.trim().equals("\u2212")));

  public InfAttack(Params params) {
    String s = SPEC.resolve(params).getString("sign", "+");
    value = s.equals("+") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    return honest.constant(value, ctx.f());
  }
}
