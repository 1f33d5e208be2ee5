package org.byzspark.attack;

import java.util.List;
import org.byzspark.aggregation.Distances;
import org.byzspark.aggregation.Point;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * The common implementation of {@code minmax} ({@link MinMaxAttack}) and {@code minsum} ({@link
 * MinSumAttack}), the AGR-agnostic attacks of [SHEJWALKAR21].
 *
 * <h2>Definition</h2>
 *
 * With ḡ the mean of the h honest messages x_1, ..., x_h of the step and p a perturbation ({@link
 * Perturbation}: −ḡ/‖ḡ‖, −σ or −sign(ḡ)), every Byzantine worker sends
 *
 * <pre>  x_m = ḡ + γ*·p,   γ* = max { γ ≥ 0 : C(γ) }</pre>
 *
 * where the condition C is, for {@code minmax}, that the forged message is no farther from any
 * honest message than the honest messages are from each other,
 *
 * <pre>  max_i ‖x_m − x_i‖² ≤ max_{i,j} ‖x_i − x_j‖²</pre>
 *
 * and, for {@code minsum}, that its sum of squared distances to the honest messages is no larger
 * than that of any honest message,
 *
 * <pre>  Σ_i ‖x_m − x_i‖² ≤ max_j Σ_i ‖x_j − x_i‖²</pre>
 *
 * <p><b>γ* exists and the condition holds exactly on [0, γ*].</b> Both left-hand sides are convex
 * in γ and the condition holds at γ = 0: ḡ is a convex combination of the x_j, so ‖ḡ − x_i‖ ≤ max_j
 * ‖x_j − x_i‖, and Σ_i ‖x_j − x_i‖² = Σ_i ‖ḡ − x_i‖² + h‖x_j − ḡ‖² ≥ Σ_i ‖ḡ − x_i‖². So the set
 * where it holds is an interval [0, γ*] (γ* = +∞ only when p = 0), and a bisection between a γ
 * where it holds and one where it fails converges to γ*. For {@code minsum} the cross term vanishes
 * (Σ_i (ḡ − x_i) = 0) and γ* = max_j ‖x_j − ḡ‖ / ‖p‖ in closed form; the search does not use it, so
 * the two attacks share one definition (the tests check it).
 *
 * <p><b>The search.</b> The paper defines γ* as the largest γ satisfying the condition and finds it
 * with a search started at γ_init whose step halves after every trial, moving up after a success
 * and down after a failure. That search, in the form the authors published and others copied, can
 * never test a γ above 2γ_init (the steps sum to γ_init), and it stops on the difference between
 * the last successful γ and the current trial rather than on the width of an interval known to
 * bracket γ*; [BLADES] found it flawed, and its implementation bisects on [0, 5]. ByzSpark follows
 * the definition: starting from lo = 0 (where the condition holds) and hi = {@code gamma-init}, it
 * doubles hi while the condition holds at hi (lo = hi before each doubling), then bisects [lo, hi]
 * until hi − lo ≤ {@code tolerance}, keeping the condition true at lo and false at hi, and returns
 * γ* ≈ lo. So the condition holds at the returned γ and fails at γ + {@code tolerance} (since it
 * fails at hi ≤ γ + tolerance and everywhere beyond γ*). Limits: at most 60 doublings (the
 * condition holding at {@code gamma-init}·2^60 means p = 0 or a non-finite right-hand side, see
 * below, and that γ is returned); the bisection also stops when hi and lo are adjacent doubles, so
 * for γ* so large that its spacing of doubles exceeds the tolerance the result is exact to one unit
 * in the last place instead.
 *
 * <h2>Requirement</h2>
 *
 * At least one honest message when f &gt; 0. Neither the rule nor n is used.
 *
 * <h2>Non-finite inputs</h2>
 *
 * A non-finite honest message is at distance +Inf from every other one, so the right-hand side is
 * +Inf, the condition always holds and γ* is {@code gamma-init}·2^60; its non-finite coordinates
 * also make ḡ and x_m non-finite there (no filtering: the attacker sends what the formula gives).
 * The same happens when the honest messages are so large (about 1e154) that their squared distances
 * overflow. A NaN on either side of the condition counts as +Inf.
 *
 * <h2>Parameters</h2>
 *
 * {@code direction} ({@code unit} | {@code std} | {@code sign}; {@code std} by default, as
 * [BLADES]' implementation), {@code gamma-init} (the first upper end tried, default 10 as in the
 * paper's search) and {@code tolerance} (default 1e-5, the paper's threshold): see the SPEC of each
 * attack.
 *
 * <h2>Implementation</h2>
 *
 * ḡ and p once per step (coordinate-wise reductions, a norm for {@code unit}); the right-hand side
 * from the pairwise squared distances of the honest messages, all recomputed exactly ({@link
 * Distances#refineRows}), so it has the same bits on a sharded set; per trial γ one {@link
 * VectorSet#combine} of the two points (1·ḡ + γ·p) and one {@link VectorSet#squaredDistancesTo} of
 * the honest messages, the squared distances added in worker order for {@code minsum}. Cost: a few
 * dozen trials per step (log2(γ* ÷ tolerance) + 1 with the defaults, plus the doublings).
 */
abstract class AgnosticAttack implements Attack {
  private static final long serialVersionUID = 1L;

  /** Maximum number of doublings of the upper end. */
  static final int MAX_DOUBLINGS = 60;

  private final String name;
  private final boolean sum;
  private final Perturbation direction;
  private final double gammaInit;
  private final double tolerance;

  /** The declaration shared by minmax and minsum. */
  static Component spec(String name, String summary) {
    return Component.of(
        name,
        summary,
        Perturbation.spec(),
        ParamSpec.number("gamma-init", true, 10.0, "first upper end of the search for gamma"),
        ParamSpec.number("tolerance", true, 1e-5, "width of the final bracket of gamma"));
  }

  AgnosticAttack(String name, boolean sum, Component spec, Params params) {
    this.name = name;
    this.sum = sum;
    Params p = spec.resolve(params);
    direction = Perturbation.parse(p.getString("direction", ""));
    gammaInit = Double.parseDouble(p.getString("gamma-init", ""));
    tolerance = Double.parseDouble(p.getString("tolerance", ""));
  }

  @Override
  public String name() {
    return name;
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
    Search s = new Search(honest);
    return honest.repeat(s.vector(s.gamma()), ctx.f());
  }

  /** γ* for these honest messages. */
  public double gamma(double[][] honest) {
    return new Search(VectorSet.of(honest)).gamma();
  }

  /** Whether the condition holds at γ for these honest messages, as the search evaluates it. */
  public boolean holds(double[][] honest, double gamma) {
    return new Search(VectorSet.of(honest)).holds(gamma);
  }

  /** One step's search: ḡ, p and the right-hand side of the condition. */
  private final class Search {
    private final VectorSet honest;
    private final VectorSet pair;
    private final double bound;

    Search(VectorSet honest) {
      AttackSupport.requireHonest(name, honest);
      this.honest = honest;
      Point mean = honest.coordinateWise(HonestStatistics.mean());
      this.pair = honest.rows(List.of(mean, direction.of(honest, mean)));
      int h = honest.size();
      Distances d = honest.distances();
      int[] all = new int[h];
      for (int i = 0; i < h; i++) {
        all[i] = i;
      }
      d.refineRows(all); // exact values: the same bits in memory and sharded
      double b = 0;
      for (int j = 0; j < h; j++) {
        double rowSum = 0;
        for (int i = 0; i < h; i++) {
          double v = d.get(j, i);
          if (sum) {
            rowSum += v;
          } else {
            b = max(b, v);
          }
        }
        if (sum) {
          b = max(b, rowSum);
        }
      }
      this.bound = b;
    }

    /** ḡ + γ·p. */
    Point vector(double gamma) {
      return pair.combine(new double[] {1, gamma}, null, 1);
    }

    boolean holds(double gamma) {
      double[] sq = honest.squaredDistancesTo(vector(gamma));
      double lhs = 0;
      for (double v : sq) {
        lhs = sum ? lhs + v : max(lhs, v);
      }
      return nanToInf(lhs) <= bound;
    }

    double gamma() {
      double lo = 0; // the condition holds at 0 (see the class comment)
      double hi = gammaInit;
      for (int k = 0; holds(hi); k++) {
        lo = hi;
        if (k == MAX_DOUBLINGS || !Double.isFinite(2 * hi)) {
          return lo;
        }
        hi = 2 * hi;
      }
      while (hi - lo > tolerance) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi) {
          break;
        }
        if (holds(mid)) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  private static double nanToInf(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  /** max with NaN counted as +Inf. */
  private static double max(double a, double b) {
    return Math.max(nanToInf(a), nanToInf(b));
  }
}
