package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code zero}: zero messages.
 *
 * <h2>Definition</h2>
 *
 * Every Byzantine worker sends the zero vector.
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
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * A constant set of f rows of the honest dimension.
 */
public final class ZeroAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "zero";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC = Component.of(NAME, "send the zero vector");

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
