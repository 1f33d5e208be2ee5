package org.byzspark.attack;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code minsum}: the min-sum attack.
 *
 * <h2>Definition</h2>
 *
 * [SHEJWALKAR21]: every Byzantine worker sends ḡ + γ*·p, with γ* the largest γ for which the sum of
 * the squared distances from the forged message to the honest messages is no larger than that of
 * any honest message, Σ_i ‖x_m − x_i‖² ≤ max_j Σ_i ‖x_j − x_i‖². The definition, the search for γ*
 * and every choice are documented in {@link AgnosticAttack}.
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
public final class MinSumAttack extends AgnosticAttack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "minsum";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      spec(
          NAME,
          "min-sum: mean + gamma*p, the largest gamma keeping the sum of squared distances to the"
              + " honest messages within the largest honest one (Shejwalkar and Houmansadr 2021)");

  public MinSumAttack(Params params) {
    super(NAME, true, SPEC, params);
  }
}
