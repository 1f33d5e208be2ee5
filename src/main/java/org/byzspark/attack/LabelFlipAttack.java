package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
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
 * for C classes ([RESAM]: l' = 9 − l on the 10-class datasets). The targeted form ({@code
 * source=a,target=b}, both or neither) relabels class a as b and leaves the other classes alone;
 * its attack success rate ({@code test_asr}, {@link TargetedAttack}) is the fraction of the test
 * examples of class a classified as b.
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
 * {@code source}, {@code target} (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * {@link #poisonLabel} flips the label inside the Byzantine workers' honest computation; {@link
 * #forge} returns those honestly computed messages.
 */
public final class LabelFlipAttack implements TargetedAttack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "labelflip";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "train on labels l -> C-1-l, or (source=a,target=b) on class a relabelled b",
          ParamSpec.integer("source", 0, Integer.MAX_VALUE, null, "the class relabelled")
              .defaultDescribed("every class"),
          ParamSpec.integer("target", 0, Integer.MAX_VALUE, null, "its new label")
              .defaultDescribed("C-1-l"));

  private final int source;
  private final int target;

  public LabelFlipAttack(Params params) {
    Params p = SPEC.resolve(params);
    if (params.has("source") != params.has("target")) {
      throw new IllegalArgumentException(
          NAME + " parameters source and target go together; allowed: both or neither");
    }
    source = params.has("source") ? p.getInt(NAME, "source", -1) : -1;
    target = params.has("target") ? p.getInt(NAME, "target", -1) : -1;
  }

  /** The targeted form's class b, or −1 for the all-class flip (no success rate). */
  @Override
  public int target() {
    return target;
  }

  @Override
  public boolean counts(int label) {
    return label == source;
  }

  /** Fails when the targeted form names a class the data does not have. */
  public void checkClasses(int numClasses) {
    if (source >= numClasses || target >= numClasses) {
      throw new IllegalArgumentException(
          NAME
              + " parameters source="
              + source
              + ",target="
              + target
              + " are not allowed; allowed: classes in [0, "
              + numClasses
              + ")");
    }
  }

  @Override
  public Trigger trigger() {
    return null;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean poisonsData() {
    return true;
  }

  /** C − 1 − l, or (targeted) b for l = a; fails when l is not in [0, C). */
  @Override
  public int poisonLabel(int label, int numClasses) {
    if (label < 0 || label >= numClasses) {
      throw new IllegalArgumentException(
          NAME + " needs a label in [0, " + numClasses + "), got " + label);
    }
    if (target >= 0) {
      return label == source ? target : label;
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
