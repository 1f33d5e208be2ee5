package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Params;

/**
 * {@code inf}: every Byzantine worker sends the constant vector (±∞, ..., ±∞). Parameter {@code
 * sign}: {@code +} (default) or {@code -}.
 */
public final class InfAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "inf";

  private final double value;

  public InfAttack(Params params) {
    params.requireOnly(NAME, "sign");
    String s = params.getString("sign", "+");
    switch (s) {
      case "+" -> value = Double.POSITIVE_INFINITY;
      case "-", "\u2212" -> value = Double.NEGATIVE_INFINITY;
      default -> throw new IllegalArgumentException(
          NAME + " parameter sign=" + s + " is invalid; allowed: +, -");
    }
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
