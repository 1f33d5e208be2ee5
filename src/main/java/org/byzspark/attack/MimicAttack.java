package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code mimic}: copy one honest worker.
 *
 * <h2>Definition</h2>
 *
 * Every Byzantine worker sends a copy of the message of one honest worker, {@code honest[target]}
 * ([BUCKETING] uses this to over-weight one worker under heterogeneity).
 *
 * <h2>Requirement</h2>
 *
 * target &lt; h: forging fails with a message when target ≥ h.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Copied as they are.
 *
 * <h2>Parameters</h2>
 *
 * {@code target}: the index among the h honest messages of the step, an integer ≥ 0 (see {@link
 * #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * The target row repeated f times.
 */
public final class MimicAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "mimic";

  private final int target;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "every Byzantine worker sends a copy of one honest message (Karimireddy et al. 2022)",
          ParamSpec.integer("target", 0, Integer.MAX_VALUE, 0, "the honest message copied"));

  public MimicAttack(Params params) {
    target = Integer.parseInt(SPEC.resolve(params).getString("target", ""));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    if (ctx.f() == 0) {
      return honest.constant(0, 0);
    }
    int h = honest.size();
    if (target >= h) {
      throw new IllegalArgumentException(
          NAME
              + " parameter target="
              + target
              + " is invalid for h="
              + h
              + " honest messages; allowed: 0.."
              + (h - 1));
    }
    return honest.repeat(honest.row(target), ctx.f());
  }
}
