package org.byzspark.attack;

import java.util.List;
import org.byzspark.aggregation.Point;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code tailored}: the AGR-tailored attack, ḡ + γ·p with γ chosen against the server's rule.
 *
 * <h2>Definition</h2>
 *
 * [SHEJWALKAR21]'s AGR-tailored attacks: the forged message has the form of {@code minmax}'s, x(γ)
 * = ḡ + γ·p with a perturbation p ({@link Perturbation}: −ḡ/‖ḡ‖, −σ or −sign(ḡ)), but γ is judged
 * on what the rule actually outputs rather than on a distance condition. Knowing the server's rule
 * F = {@code ctx.rule()} (with its pre-aggregators) and declared f, the attacker picks
 *
 * <pre>
 *   γ* = the largest maximiser over γ ∈ [0, γ_max] of ‖F(x_1, ..., x_h, x(γ), ..., x(γ); declaredF) − ḡ‖₂
 * </pre>
 *
 * and all f Byzantine workers send x(γ*). This is the paper's objective for trimmed mean and median
 * (the distance of the aggregate from the benign mean); for Krum-like rules, where the paper
 * instead maximises γ subject to the forged message being selected, the two agree: while x(γ) is
 * the output the distance is γ‖p‖, growing with γ, so the maximiser is the largest γ still
 * selected. "The largest maximiser" is what "the largest γ for which the output moves farthest from
 * ḡ" means on a plateau (e.g. a median that has saturated at an honest extreme): ties go to the
 * larger γ.
 *
 * <p>{@code adaptive} is the same idea with the {@code little} and {@code empire} forms (ḡ − ζσ is
 * {@code direction=std} here); its Javadoc says how both relate to ByzFL's optimal ALIE and IPM
 * attacks. The paper finds γ with a halving-step search whose oracle is "the distance grew since
 * the previous trial", which presumes a unimodal objective; order-based rules give piecewise
 * objectives, so ByzSpark uses {@code adaptive}'s grid and golden-section search ({@link
 * LineSearch}), which never returns less than the best grid point.
 *
 * <h2>Requirement</h2>
 *
 * A rule: fails with a message when {@code ctx.rule()} is null; at least one honest message; the
 * rule's own requirement on (n, declared f).
 *
 * <h2>Non-finite inputs</h2>
 *
 * A NaN distance (the rule returned NaN) counts as +Inf. Non-finite honest values propagate into ḡ
 * and p as in {@code minmax}.
 *
 * <h2>Parameters</h2>
 *
 * {@code direction} ({@code std} by default), {@code gamma-max} (finite &gt; 0; against a
 * non-robust rule such as the mean the distance grows with γ and the search returns γ_max), {@code
 * steps} and {@code refine}: see {@link #SPEC}.
 *
 * <h2>Implementation</h2>
 *
 * As {@code adaptive}: the trial input puts the h honest rows first (in the given order) and the f
 * forged rows last; every trial aggregates from {@code ctx.ruleState()} at {@code ctx.round()}, so
 * stateful and randomised rules are evaluated as the server's real aggregation of this step will
 * run, and nothing the server will do is changed. x(γ) is one {@link VectorSet#combine} of ḡ and p
 * (1·ḡ + γ·p). Cost: steps + 1 + refine + 2 aggregations per step.
 */
public final class TailoredAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "tailored";

  /** The chosen γ and the distance ‖F(...) − ḡ‖ it achieves. */
  public record Choice(double gamma, double distance) {}

  private final Perturbation direction;
  private final double gammaMax;
  private final int steps;
  private final int refine;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "mean + gamma*p, gamma chosen per step by a line search against the rule: the largest"
              + " moving its output farthest from the mean (Shejwalkar and Houmansadr 2021)",
          Perturbation.spec(),
          ParamSpec.number("gamma-max", true, 10.0, "upper end of the search"),
          ParamSpec.integer("steps", 1, 10_000, 20, "grid points of the search"),
          ParamSpec.integer("refine", 0, 200, 30, "golden-section iterations"));

  public TailoredAttack(Params params) {
    Params p = SPEC.resolve(params);
    direction = Perturbation.parse(p.getString("direction", ""));
    gammaMax = Double.parseDouble(p.getString("gamma-max", ""));
    steps = Integer.parseInt(p.getString("steps", ""));
    refine = Integer.parseInt(p.getString("refine", ""));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The {@code direction} parameter. */
  public String direction() {
    return direction.word();
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    if (ctx.f() == 0) {
      return honest.constant(0, 0);
    }
    Search s = new Search(honest, ctx);
    return honest.repeat(s.vector(s.choose().gamma()), ctx.f());
  }

  /** The line search of this step: the γ* the attack would use and its distance. */
  public Choice choose(double[][] honest, AttackContext ctx) {
    return new Search(VectorSet.of(honest), ctx).choose();
  }

  /** ‖F(honest ∪ f × x(γ)) − ḡ‖₂ for a given γ, from the rule's state in ctx (NaN → +Inf). */
  public double distance(double[][] honest, AttackContext ctx, double gamma) {
    return new Search(VectorSet.of(honest), ctx).distance(gamma);
  }

  /** One step's search: the honest messages, ḡ and p, and the server's rule and state. */
  private final class Search {
    private final VectorSet honest;
    private final AttackContext ctx;
    private final Point mean;
    private final VectorSet pair;

    Search(VectorSet honest, AttackContext ctx) {
      if (ctx.rule() == null) {
        throw new IllegalArgumentException(
            NAME + " needs the server's aggregation rule in the attack context, got rule=null");
      }
      AttackSupport.requireHonest(NAME, honest);
      this.honest = honest;
      this.ctx = ctx;
      this.mean = honest.coordinateWise(HonestStatistics.mean());
      this.pair = honest.rows(List.of(mean, direction.of(honest, mean)));
    }

    /** ḡ + γ·p. */
    Point vector(double gamma) {
      return pair.combine(new double[] {1, gamma}, null, 1);
    }

    double distance(double gamma) {
      VectorSet all = honest.concat(honest.repeat(vector(gamma), ctx.f()));
      Point agg = ctx.rule().aggregate(all, ctx.declaredF(), ctx.round(), ctx.ruleState()).value();
      double dist = honest.distance(agg, mean);
      return Double.isNaN(dist) ? Double.POSITIVE_INFINITY : dist;
    }

    Choice choose() {
      LineSearch.Result r = LineSearch.maximize(this::distance, gammaMax, steps, refine, true);
      return new Choice(r.z(), r.distance());
    }
  }
}
