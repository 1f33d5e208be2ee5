package org.byzspark.attack;

import org.byzspark.aggregation.Point;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code adaptive}: a rule-aware version of {@code little} or {@code empire}.
 *
 * <h2>Definition</h2>
 *
 * The factor ζ is chosen at every step by a line search, in the spirit of the optimised attacks of
 * [LITTLE] and [SHEJWALKAR21]. The attacker knows the server's rule F = {@code ctx.rule()} and
 * declared f = {@code ctx.declaredF()} and picks
 *
 * <pre>  ζ* = argmax_{ζ ∈ [0, ζ_max]} ‖F(honest_1, ..., honest_h, b(ζ), ..., b(ζ); declaredF) − ḡ‖₂
 * </pre>
 *
 * with b(ζ) = ḡ − ζσ for {@code base=little} and b(ζ) = (1 − ζ)ḡ for {@code base=empire} (ḡ, σ: the
 * mean and sample standard deviation of the honest messages, as in {@link LittleAttack}); all f
 * Byzantine workers then send b(ζ*).
 *
 * <h2>Requirement</h2>
 *
 * A rule: fails with a message when {@code ctx.rule()} is null; at least one honest message.
 *
 * <h2>Non-finite inputs</h2>
 *
 * A NaN distance (the rule returned NaN) counts as +∞.
 *
 * <h2>Parameters</h2>
 *
 * {@code base} ({@code little} | {@code empire}), {@code zeta-max} (finite &gt; 0; against a
 * non-robust rule such as the mean the distance grows with ζ and the search returns ζ_max), {@code
 * steps} and {@code refine} (integers): see {@link #SPEC}.
 *
 * <h2>Implementation</h2>
 *
 * The trial input puts the h honest rows first (in the given order) and the f forged rows last.
 *
 * <p>Search (deterministic, {@link LineSearch}): (1) evaluate the grid ζ_i = ζ_max·i/steps, i =
 * 0..steps; keep the first maximiser (ties go to the smaller ζ); (2) golden-section search for a
 * maximum on [ζ_{i−1}, ζ_{i+1}] (clipped to [0, ζ_max]) around the best grid point i, {@code
 * refine} iterations; (3) ζ* is the best of <em>all</em> evaluated points (a refinement point
 * replaces the incumbent only if strictly better), so the chosen distance is never below any grid
 * point's, in particular the endpoints 0 and ζ_max, even when the distance is not unimodal in ζ (it
 * is piecewise for order-based rules). Cost: steps + 1 + refine + 2 aggregations per step.
 *
 * <p><b>Relation to ByzFL's optimal attacks.</b> ByzFL's {@code Optimal_ALittleIsEnough} and {@code
 * Optimal_InnerProductManipulation} [BYZFL] maximise the same objective, ‖F(pre-aggregated honest ∪
 * f copies) − ḡ‖₂ with the rule and its pre-aggregators (here {@code ctx.rule()} is the pipeline of
 * the pre-aggregators and the rule), over the factor τ of ḡ + τσ and of −τḡ. They differ in three
 * ways. (a) Parametrisation: {@code base=little} searches ḡ − ζσ, i.e. τ = −ζ ≤ 0 ([LITTLE]'s
 * sign), while ByzFL starts at τ = 0 and steps towards positive τ by default (RESAM's and {@code
 * little}'s default sign); {@code base=empire} searches (1 − ζ)ḡ, i.e. IPM's τ = ζ − 1 ∈ [−1, ζ_max
 * − 1]. {@code tailored} with {@code direction=std} is the same search as {@code base=little}, and
 * it is the way to search other directions. (b) Search: ByzFL's {@code LineMaximize} expands (τ +=
 * δ, δ doubled after every improvement, from δ = 10 by default) until the distance stops growing,
 * then contracts (δ multiplied by 0.8, trial τ_best + δ) for a fixed budget of evaluations (20 by
 * default); it is unbounded above but can stop at the first local maximum of the expansion, whereas
 * the search here is bounded by ζ_max and looks at every grid point. (c) The objective's mean: the
 * same ḡ of the honest messages.
 *
 * <p>State: rules may be stateful (centered clipping). Every trial aggregates from {@code
 * ctx.ruleState()}, the state the server's real aggregation of this step starts from; rules are
 * immutable and return their next state as a value, so trials change nothing the server will do.
 * The attack itself keeps no state across steps. Trials use {@code ctx.round()}, so randomised
 * rules make the same random choices as the real aggregation.
 */
public final class AdaptiveAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "adaptive";

  /** The chosen factor and the distance ‖F(...) − ḡ‖ it achieves. */
  public record Choice(double zeta, double distance) {}

  private final boolean little;
  private final double zetaMax;
  private final int steps;
  private final int refine;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "little or empire with the factor chosen per step by a line search against the rule",
          ParamSpec.choice("base", java.util.List.of("little", "empire"), "little", "base attack"),
          ParamSpec.number("zeta-max", true, 10.0, "upper end of the search"),
          ParamSpec.integer("steps", 1, 10_000, 20, "grid points of the search"),
          ParamSpec.integer("refine", 0, 200, 30, "golden-section iterations"));

  public AdaptiveAttack(Params params) {
    Params p = SPEC.resolve(params);
    little = p.getString("base", "").equals(LittleAttack.NAME);
    zetaMax = Double.parseDouble(p.getString("zeta-max", ""));
    steps = Integer.parseInt(p.getString("steps", ""));
    refine = Integer.parseInt(p.getString("refine", ""));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The base attack's name, {@code little} or {@code empire}. */
  public String base() {
    return little ? LittleAttack.NAME : EmpireAttack.NAME;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    if (ctx.f() == 0) {
      return honest.constant(0, 0);
    }
    Search s = new Search(honest, ctx);
    return honest.repeat(s.vector(s.choose().zeta()), ctx.f());
  }

  /** The line search of this step: the ζ* the attack would use and its distance. */
  public Choice choose(double[][] honest, AttackContext ctx) {
    return new Search(VectorSet.of(honest), ctx).choose();
  }

  /** ‖F(honest ∪ f × b(ζ)) − ḡ‖₂ for a given ζ, from the rule's state in ctx (NaN → +∞). */
  public double distance(double[][] honest, AttackContext ctx, double zeta) {
    return new Search(VectorSet.of(honest), ctx).distance(zeta);
  }

  /** One step's search: the honest messages, their mean, and the server's rule and state. */
  private final class Search {
    private final VectorSet honest;
    private final AttackContext ctx;
    private final Point mean;

    Search(VectorSet honest, AttackContext ctx) {
      if (ctx.rule() == null) {
        throw new IllegalArgumentException(
            NAME + " needs the server's aggregation rule in the attack context, got rule=null");
      }
      AttackSupport.requireHonest(NAME, honest);
      this.honest = honest;
      this.ctx = ctx;
      this.mean = honest.coordinateWise(HonestStatistics.mean());
    }

    Point vector(double zeta) {
      return honest.coordinateWise(
          little ? HonestStatistics.little(zeta) : HonestStatistics.scaledMean(1 - zeta));
    }

    double distance(double zeta) {
      VectorSet all = honest.concat(honest.repeat(vector(zeta), ctx.f()));
      // a trial from the state the server's aggregation of this step starts from; rules are
      // immutable and their state is a value, so nothing the server will do is changed
      Point agg = ctx.rule().aggregate(all, ctx.declaredF(), ctx.round(), ctx.ruleState()).value();
      double dist = honest.distance(agg, mean);
      return Double.isNaN(dist) ? Double.POSITIVE_INFINITY : dist;
    }

    Choice choose() {
      LineSearch.Result r = LineSearch.maximize(this::distance, zetaMax, steps, refine, false);
      return new Choice(r.z(), r.distance());
    }
  }
}
