package org.byzspark.attack;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code minmax}: the min-max attack.
 *
 * <h2>Definition</h2>
 *
 * [SHEJWALKAR21]: every Byzantine worker sends ḡ + γ*·p, with γ* the largest γ for which the forged
 * message is no farther from any honest message than the two farthest honest messages are from each
 * other, max_i ‖x_m − x_i‖ ≤ max_{i,j} ‖x_i − x_j‖. The definition, the search for γ* and every
 * choice are documented in {@link AgnosticAttack}.
 *
 * <h2>Requirement</h2>
 *
 * At least one honest message when f &gt; 0.
 *
 * <h2>Non-finite inputs</h2>
 *
 * See {@link AgnosticAttack}.
 *
 * <h2>Parameters</h2>
 *
 * {@code direction}, {@code gamma-init}, {@code tolerance}: see {@link #SPEC}.
 *
 * <h2>Implementation</h2>
 *
 * See {@link AgnosticAttack}.
 */
public final class MinMaxAttack extends AgnosticAttack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "minmax";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      spec(
          NAME,
          "min-max: mean + gamma*p, the largest gamma keeping the max distance to the honest"
              + " messages within their diameter (Shejwalkar and Houmansadr 2021)");

  public MinMaxAttack(Params params) {
    super(NAME, false, SPEC, params);
  }
}
