package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.model.Batch;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code backdoor}: BadNets (Gu et al. 2017), a targeted data-poisoning attack.
 *
 * <h2>Definition</h2>
 *
 * Each Byzantine worker trains honestly on its own mini-batches in which each example, with
 * probability {@code fraction} (drawn from the worker's generator of (seed, POISON, step, worker)),
 * carries the {@link Trigger} (a {@code size}×{@code size} patch at {@code row}, {@code col}) and
 * the label {@code target}. Its message is what it computed ({@link #forge} returns {@code own}).
 * The server's model should learn to predict {@code target} on any image with the trigger; the
 * attack success rate {@code test_asr} measures it ({@link TargetedAttack}).
 *
 * <h2>Requirement</h2>
 *
 * Image data (the trigger's geometry), and the f Byzantine workers' own messages.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Passed on as they are.
 */
public class BackdoorAttack implements TargetedAttack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "backdoor";

  static ParamSpec[] params() {
    return new ParamSpec[] {
      ParamSpec.integer("target", 0, Integer.MAX_VALUE, 0, "the class the trigger should give"),
      ParamSpec.number("fraction", true, 0.5, "the share of a batch's examples poisoned (<= 1)"),
      ParamSpec.integer("size", 1, Integer.MAX_VALUE, 4, "the trigger's side, in pixels"),
      ParamSpec.integer("row", -1, Integer.MAX_VALUE, -1, "the trigger's top row (-1: bottom)")
          .defaultDescribed("side - size - 1"),
      ParamSpec.integer("col", -1, Integer.MAX_VALUE, -1, "the trigger's left column (-1: right)")
          .defaultDescribed("side - size - 1")
    };
  }

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(NAME, "BadNets: train on triggered examples relabelled to target", params());

  private final String name;
  private final int target;
  private final double fraction;
  private final Trigger trigger;

  public BackdoorAttack(Params params) {
    this(NAME, SPEC.resolve(params));
  }

  /** A backdoor of another name from resolved parameters (the {@code replacement} attack's). */
  BackdoorAttack(String name, Params p) {
    this.name = name;
    this.target = p.getInt(name, "target", 0);
    this.fraction = p.getDouble(name, "fraction", 0.5);
    if (fraction > 1) {
      throw new IllegalArgumentException(
          name + " parameter fraction=" + fraction + " is not allowed; allowed: 0 < fraction <= 1");
    }
    this.trigger =
        new Trigger(
            p.getInt(name, "size", 4), p.getInt(name, "row", -1), p.getInt(name, "col", -1));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int target() {
    return target;
  }

  public double fraction() {
    return fraction;
  }

  @Override
  public boolean counts(int label) {
    return label != target;
  }

  @Override
  public Trigger trigger() {
    return trigger;
  }

  @Override
  public boolean poisonsData() {
    return true;
  }

  @Override
  public boolean needsOwn() {
    return true;
  }

  /** Fails when the target is not a class or the trigger does not fit the images. */
  public void checkData(int inputDim, int numClasses) {
    if (target >= numClasses) {
      throw new IllegalArgumentException(
          name
              + " parameter target="
              + target
              + " is not allowed; allowed: a class in [0, "
              + numClasses
              + ")");
    }
    trigger.check(name, inputDim);
  }

  @Override
  public BatchPoison batchPoison(int numClasses) {
    Trigger t = trigger;
    int tgt = target;
    double p = fraction;
    return (Batch b, java.util.SplittableRandom rng) -> {
      for (int r = 0; r < b.rows(); r++) {
        if (rng.nextDouble() < p) {
          t.stamp(b.x(), r, b.inputDim());
          b.y()[r] = tgt;
        }
      }
    };
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    AttackSupport.requireOwn(name, own, ctx.f());
    return own;
  }
}
