package org.byzspark.attack;

import java.util.function.DoubleUnaryOperator;

/**
 * The deterministic line search of the rule-aware attacks ({@code adaptive}, {@code tailored}): a
 * best-effort maximiser of a distance g(z) over z ∈ [0, z_max] that is not assumed unimodal.
 *
 * <ol>
 *   <li>Evaluate the grid z_i = z_max·i/steps, i = 0..steps, and keep the best point i.
 *   <li>Golden-section search for a maximum on [z_{i−1}, z_{i+1}] (clipped to [0, z_max]), {@code
 *       refine} iterations.
 *   <li>The result is the best of <em>all</em> evaluated points, so its distance is never below any
 *       grid point's (in particular the endpoints 0 and z_max), even when g is only piecewise
 *       continuous, as it is for order-based rules.
 * </ol>
 *
 * Ties (equal distances, +Inf included): for {@code adaptive} the incumbent is replaced only by a
 * strictly better point (so grid ties go to the smaller z) and the golden-section search keeps the
 * lower half when its two inner points tie; for {@code tailored} ("the largest factor that moves
 * the output farthest") a tying point replaces the incumbent when it is larger, and the upper half
 * is kept on a tie. Cost: steps + 1 + refine + 2 evaluations (none of the points is evaluated
 * twice, except that a refinement point may coincide with a grid point).
 */
final class LineSearch {
  private static final double INV_PHI = (Math.sqrt(5) - 1) / 2; // 0.618...

  private LineSearch() {}

  /** The chosen z and its distance g(z). */
  record Result(double z, double distance) {}

  /**
   * Maximises {@code g} on [0, zMax] ({@code steps} ≥ 1, {@code refine} ≥ 0); a NaN distance counts
   * as +Inf.
   */
  static Result maximize(
      DoubleUnaryOperator g, double zMax, int steps, int refine, boolean preferLarger) {
    Best best = new Best(preferLarger);
    best.offer(0, eval(g, 0));
    int bestI = 0;
    for (int i = 1; i <= steps; i++) {
      double z = zMax * i / steps;
      if (best.offer(z, eval(g, z))) {
        bestI = i;
      }
    }
    if (refine == 0) {
      return new Result(best.z, best.d);
    }
    double a = zMax * Math.max(0, bestI - 1) / steps;
    double b = zMax * Math.min(steps, bestI + 1) / steps;
    double c = b - INV_PHI * (b - a);
    double d = a + INV_PHI * (b - a);
    double fc = eval(g, c);
    double fd = eval(g, d);
    for (int it = 0; ; it++) {
      best.offer(c, fc);
      best.offer(d, fd);
      if (it == refine) {
        break;
      }
      if (fc > fd || (fc == fd && !preferLarger)) { // keep [a, d]
        b = d;
        d = c;
        fd = fc;
        c = b - INV_PHI * (b - a);
        fc = eval(g, c);
      } else { // keep [c, b]
        a = c;
        c = d;
        fc = fd;
        d = a + INV_PHI * (b - a);
        fd = eval(g, d);
      }
    }
    return new Result(best.z, best.d);
  }

  private static double eval(DoubleUnaryOperator g, double z) {
    double v = g.applyAsDouble(z);
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  /** The incumbent: replaced by a strictly better point, or with preferLarger by a larger tie. */
  private static final class Best {
    final boolean preferLarger;
    double z = Double.NaN;
    double d = Double.NEGATIVE_INFINITY;

    Best(boolean preferLarger) {
      this.preferLarger = preferLarger;
    }

    boolean offer(double zz, double dd) {
      if (Double.isNaN(z) || dd > d || (preferLarger && dd == d && zz > z)) {
        z = zz;
        d = dd;
        return true;
      }
      return false;
    }
  }
}
