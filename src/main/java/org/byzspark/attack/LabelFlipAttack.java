package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code labelflip}: label flipping (Allen-Zhu et al., ICLR 2021), as in RESAM appendix D.1, a data
 * poisoning attack: each Byzantine worker computes its message honestly on flipped labels
 *
 * <pre>  l' = C − 1 − l</pre>
 *
 * for C classes (RESAM: l' = 9 − l on the 10-class datasets). {@link #forge} returns fresh copies
 * of those honestly computed messages. No parameters.
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
