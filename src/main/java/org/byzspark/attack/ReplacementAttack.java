package org.byzspark.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code replacement}: model replacement (Bagdasaryan et al., AISTATS 2020), a boosted backdoor.
 *
 * <h2>Definition</h2>
 *
 * The Byzantine workers train on backdoored batches as {@code backdoor} does, and send their
 * messages multiplied by {@code boost}, so that the backdoor survives averaging with the honest
 * messages. The paper scales the attacker's model update by n/η, η the server's learning rate on
 * the mean update. In ByzSpark's terms the server steps θ − α·(mean message) and a message is a
 * (pseudo-)gradient, the model change divided by η_l·K (local learning rate, local steps), so the
 * server's η on model updates is α/(η_l·K) and the default boost is n·η_l·K/α: with honest messages
 * near 0 the model becomes the attacker's local model. The trainer sets the default from the run's
 * n, α, η_l and K ({@code byzspark attack}, which has no run, uses n); {@code boost=B} overrides
 * it.
 *
 * <h2>Requirement</h2>
 *
 * As {@code backdoor}.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Passed on as they are (scaled).
 */
public final class ReplacementAttack extends BackdoorAttack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "replacement";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME, "model replacement: a backdoor whose messages are scaled by boost", withBoost());

  private static ParamSpec[] withBoost() {
    List<ParamSpec> l = new ArrayList<>(Arrays.asList(params()));
    l.add(
        ParamSpec.number("boost", true, null, "the factor of the messages")
            .defaultDescribed("n·local-lr·local-steps/lr"));
    return l.toArray(new ParamSpec[0]);
  }

  private final double boost;

  public ReplacementAttack(Params params) {
    super(NAME, SPEC.resolve(params));
    this.boost = params.has("boost") ? SPEC.resolve(params).getDouble(NAME, "boost", 1) : 0;
  }

  /** The boost, or 0 when the default applies. */
  public double boost() {
    return boost;
  }

  /** The default boost of a run: n·η_l·K/α. */
  public static double defaultBoost(int n, double lr, double localLr, int localSteps) {
    return n * localLr * localSteps / lr;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    AttackSupport.requireOwn(NAME, own, ctx.f());
    // without a boost (the offline attack tool): n, the boost of a server whose η is 1
    double b = boost > 0 ? boost : ctx.n();
    int f = own.size();
    double[][] w = new double[f][f];
    double[] ones = new double[f];
    for (int i = 0; i < f; i++) {
      w[i][i] = b;
      ones[i] = 1.0;
    }
    return own.mix(w, ones);
  }
}
