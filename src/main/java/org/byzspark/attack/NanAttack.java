package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Params;

/** {@code nan}: every Byzantine worker sends the constant vector (NaN, ..., NaN). No parameters. */
public final class NanAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "nan";

  public NanAttack(Params params) {
    params.requireOnly(NAME);
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
