package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/** {@code zero}: every Byzantine worker sends the zero vector. No parameters. */
public final class ZeroAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "zero";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(NAME, "send the zero vector");

  public ZeroAttack(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    return honest.constant(0.0, ctx.f());
  }
}
