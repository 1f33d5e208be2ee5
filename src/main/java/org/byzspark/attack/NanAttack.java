package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/** {@code nan}: every Byzantine worker sends the constant vector (NaN, ..., NaN). No parameters. */
public final class NanAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "nan";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(NAME, "send NaN in every coordinate");

  public NanAttack(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    return honest.constant(Double.NaN, ctx.f());
  }
}
