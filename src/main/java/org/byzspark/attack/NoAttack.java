package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code none}: no attack. The Byzantine workers send fresh copies of the messages they computed
 * honestly ({@code own}). No parameters.
 */
public final class NoAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "none";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(NAME, "Byzantine workers send their honest messages");

  public NoAttack(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean needsOwn() {
    return true;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    AttackSupport.requireOwn(NAME, own, ctx.f());
    return own;
  }
}
