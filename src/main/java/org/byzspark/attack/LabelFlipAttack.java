package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code labelflip}: label flipping, a data-poisoning attack.
 *
 * <h2>Definition</h2>
 *
 * [ALLEN-ZHU21], as in [RESAM] appendix D.1: each Byzantine worker computes its message honestly on
 * flipped labels
 *
 * <pre>  l' = C − 1 − l</pre>
 *
 * for C classes ([RESAM]: l' = 9 − l on the 10-class datasets).
 *
 * <h2>Requirement</h2>
 *
 * The f Byzantine workers' own messages, computed on the flipped labels.
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
 * {@link #poisonLabel} flips the label inside the Byzantine workers' honest computation; {@link
 * #forge} returns those honestly computed messages.
 */
public final class LabelFlipAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "labelflip";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(NAME, "train on labels l -> C-1-l (data poisoning)");

  public LabelFlipAttack(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean poisonsData() {
    return true;
  }

  /** C − 1 − l; fails when l is not in [0, C). */
  @Override
  public int poisonLabel(int label, int numClasses) {
    if (label < 0 || label >= numClasses) {
      throw new IllegalArgumentException(
          NAME + " needs a label in [0, " + numClasses + "), got " + label);
    }
    return numClasses - 1 - label;
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
