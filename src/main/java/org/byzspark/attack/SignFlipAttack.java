package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code signflip}: sign flipping.
 *
 * <h2>Definition</h2>
 *
 * [ALLEN-ZHU21], as in [RESAM] appendix D.1: Byzantine worker i sends −own_i, the negative of the
 * message it computed honestly.
 *
 * <h2>Requirement</h2>
 *
 * The f Byzantine workers' own honestly computed messages.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Negated like any value (NaN stays NaN, ±Inf becomes ∓Inf).
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * A mix of the own messages with the diagonal matrix −I (−x exactly).
 */
public final class SignFlipAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "signflip";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(NAME, "send the negation of the own honest message");

  public SignFlipAttack(Params params) {
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
    int f = own.size();
    double[][] w = new double[f][f];
    double[] ones = new double[f];
    for (int i = 0; i < f; i++) {
      w[i][i] = -1.0; // −x exactly
      ones[i] = 1.0;
    }
    return own.mix(w, ones);
  }
}
