package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code none}: no attack.
 *
 * <h2>Definition</h2>
 *
 * The Byzantine workers send the messages they computed honestly ({@code own}).
 *
 * <h2>Requirement</h2>
 *
 * The f Byzantine workers' own honestly computed messages.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Passed on as they are.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * Returns {@code own}.
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
