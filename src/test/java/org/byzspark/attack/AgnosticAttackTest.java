package org.byzspark.attack;

import static org.byzspark.attack.TestRules.attack;
import static org.byzspark.attack.TestRules.ctx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code minmax} and {@code minsum}: γ* by hand, and γ* as the largest γ satisfying the condition.
 */
class AgnosticAttackTest {
  static final double[][] HONEST = VectorAttacksTest.HONEST; // ḡ = (3, 5), σ = (2, √13)
  static final double SQRT13 = Math.sqrt(13);
  static final double TOL = 1e-5;

  static AgnosticAttack agnostic(String name, String... kv) {
    return (AgnosticAttack) attack(name, kv);
  }

  /** γ within the tolerance below the exact γ*. */
  static void bracket(double exact, double gamma) {
    assertTrue(gamma <= exact && gamma >= exact - TOL, "gamma " + gamma + " vs exact " + exact);
  }

  // Pairwise squared distances of HONEST: |(1,2)-(3,4)|² = 8, |(1,2)-(5,9)|² = 65,
  // |(3,4)-(5,9)|² = 29. minmax bound 65; minsum bound max(8+65, 8+29, 65+29) = 94.

  @Test
  void minmaxStdByHand() {
    // x = (3 − 2γ, 5 − √13γ); the farthest honest message is (5, 9):
    // (2 + 2γ)² + (4 + √13γ)² ≤ 65  ⇔  17γ² + (8 + 8√13)γ − 45 ≤ 0
    double bq = 8 + 8 * SQRT13;
    double exact = (-bq + Math.sqrt(bq * bq + 4 * 17 * 45)) / (2 * 17); // 0.8712...
    AgnosticAttack a = agnostic("minmax");
    double g = a.gamma(HONEST);
    bracket(exact, g);
    double[][] out = a.forge(HONEST, new double[0][], ctx(5, 2));
    assertEquals(2, out.length);
    for (double[] r : out) {
      assertArrayEquals(new double[] {3 - 2 * g, 5 - SQRT13 * g}, r, 1e-12);
    }
    // the other two honest messages are nearer at γ*
    double x = 3 - 2 * exact;
    double y = 5 - SQRT13 * exact;
    assertTrue((x - 1) * (x - 1) + (y - 2) * (y - 2) < 65);
    assertTrue((x - 3) * (x - 3) + (y - 4) * (y - 4) < 65);
  }

  @Test
  void minmaxUnitByHand() {
    // x = c·(3, 5), c = 1 − γ/√34; to (5, 9): 34c² − 120c + 106 ≤ 65 ⇔ 34c² − 120c + 41 ≤ 0,
    // c ≥ (120 − √8824)/68 = 0.3833; the other two stay nearer (34c² − 26c + 5, 34c² − 58c + 25)
    double c = (120 - Math.sqrt(8824)) / 68;
    double exact = (1 - c) * Math.sqrt(34); // 3.596...
    bracket(exact, agnostic("minmax", "direction=unit").gamma(HONEST));
  }

  @Test
  void minmaxSignByHand() {
    // ḡ > 0 in both coordinates: p = −(1, 1), x = (3 − γ, 5 − γ);
    // to (5, 9): (2 + γ)² + (4 + γ)² ≤ 65 ⇔ 2γ² + 12γ − 45 ≤ 0, γ* = (−12 + √504)/4 = 2.612...
    double exact = (-12 + Math.sqrt(504)) / 4;
    AgnosticAttack a = agnostic("minmax", "direction=sign");
    double g = a.gamma(HONEST);
    bracket(exact, g);
    double[][] out = a.forge(HONEST, new double[0][], ctx(4, 1));
    assertArrayEquals(new double[] {3 - g, 5 - g}, out[0], 1e-12);
  }

  @Test
  void minsumByHand() {
    // Σ_i ‖ḡ + γp − x_i‖² = Σ_i ‖ḡ − x_i‖² + 3γ²‖p‖² = 34 + 3γ²‖p‖² ≤ 94, so γ* = √(20/‖p‖²)
    // std: ‖p‖² = 4 + 13 = 17; unit: 1; sign: 2
    bracket(Math.sqrt(20.0 / 17), agnostic("minsum").gamma(HONEST));
    bracket(Math.sqrt(20.0), agnostic("minsum", "direction=unit").gamma(HONEST));
    bracket(Math.sqrt(10.0), agnostic("minsum", "direction=sign").gamma(HONEST));
    double g = agnostic("minsum").gamma(HONEST);
    double[][] out = attack("minsum").forge(HONEST, new double[0][], ctx(5, 2));
    assertArrayEquals(new double[] {3 - 2 * g, 5 - SQRT13 * g}, out[1], 1e-12);
  }

  @Test
  void theSearchGrowsBeyondGammaInit() {
    // γ* = 0.87 (minmax std) and 4.47 (minsum unit): a first upper end of 0.01 is doubled past
    // them, then bisected; the result is the same γ* to the tolerance
    double bq = 8 + 8 * SQRT13;
    bracket(
        (-bq + Math.sqrt(bq * bq + 4 * 17 * 45)) / 34,
        agnostic("minmax", "gamma-init=0.01").gamma(HONEST));
    bracket(Math.sqrt(20.0), agnostic("minsum", "direction=unit,gamma-init=0.01").gamma(HONEST));
    // a coarser tolerance gives a coarser γ, still below γ* and within it
    double g = agnostic("minsum", "direction=unit,tolerance=0.1").gamma(HONEST);
    assertTrue(g <= Math.sqrt(20.0) && g >= Math.sqrt(20.0) - 0.1, "gamma " + g);
  }

  /** The condition by direct arithmetic on arrays, independent of the attack's code. */
  static boolean condition(double[][] x, double[] p, double gamma, boolean sum, double slack) {
    int h = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] r : x) {
      for (int k = 0; k < d; k++) {
        mean[k] += r[k] / h;
      }
    }
    double bound = 0;
    for (double[] a : x) {
      double rowSum = 0;
      for (double[] b : x) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        rowSum += s;
        bound = sum ? bound : Math.max(bound, s);
      }
      bound = sum ? Math.max(bound, rowSum) : bound;
    }
    double lhs = 0;
    for (double[] a : x) {
      double s = 0;
      for (int k = 0; k < d; k++) {
        double v = mean[k] + gamma * p[k] - a[k];
        s += v * v;
      }
      lhs = sum ? lhs + s : Math.max(lhs, s);
    }
    return lhs <= bound * (1 + slack);
  }

  /** p of the three directions, by direct arithmetic. */
  static double[] perturbation(double[][] x, String direction) {
    int h = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    double[] p = new double[d];
    for (int k = 0; k < d; k++) {
      for (double[] r : x) {
        mean[k] += r[k];
      }
      mean[k] /= h;
    }
    double norm = 0;
    for (double m : mean) {
      norm += m * m;
    }
    norm = Math.sqrt(norm);
    for (int k = 0; k < d; k++) {
      double var = 0;
      for (double[] r : x) {
        var += (r[k] - mean[k]) * (r[k] - mean[k]);
      }
      p[k] =
          switch (direction) {
            case "unit" -> -mean[k] / norm;
            case "std" -> -Math.sqrt(var / (h - 1));
            default -> -Math.signum(mean[k]);
          };
    }
    return p;
  }

  /**
   * On 120 random honest sets, for each attack and direction: the condition holds at γ and fails at
   * γ + tolerance (as the attack evaluates it), and direct arithmetic agrees away from the boundary
   * (it holds at γ − 10·tolerance and γ/2, fails at γ + 10·tolerance); minsum matches its closed
   * form max_j ‖x_j − ḡ‖/‖p‖.
   */
  @Test
  void gammaIsTheLargestSatisfyingValueToTheTolerance() {
    SplittableRandom r = new SplittableRandom(2021);
    for (int trial = 0; trial < 120; trial++) {
      int h = 2 + r.nextInt(6);
      int d = 1 + r.nextInt(4);
      double[][] x = new double[h][d];
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          row[k] = r.nextDouble(-5, 5) + (k == 0 ? 2 : 0);
        }
      }
      for (String name : new String[] {"minmax", "minsum"}) {
        boolean sum = name.equals("minsum");
        for (String dir : Perturbation.NAMES) {
          AgnosticAttack a = agnostic(name, "direction=" + dir);
          double g = a.gamma(x);
          String at = name + " " + dir + " trial " + trial + " gamma " + g;
          assertTrue(g > 0 && g < 1e6, at);
          assertTrue(a.holds(x, g), at);
          assertFalse(a.holds(x, g + TOL), at);
          double[] p = perturbation(x, dir);
          assertTrue(condition(x, p, Math.max(0, g - 10 * TOL), sum, 1e-12), at);
          assertTrue(condition(x, p, g / 2, sum, 1e-12), at);
          assertFalse(condition(x, p, g + 10 * TOL, sum, 0), at);
          if (sum) {
            double far = 0;
            double pn = 0;
            double[] mean = new double[d];
            for (int k = 0; k < d; k++) {
              for (double[] row : x) {
                mean[k] += row[k] / h;
              }
              pn += p[k] * p[k];
            }
            for (double[] row : x) {
              double s = 0;
              for (int k = 0; k < d; k++) {
                s += (row[k] - mean[k]) * (row[k] - mean[k]);
              }
              far = Math.max(far, s);
            }
            assertEquals(Math.sqrt(far / pn), g, TOL + 1e-9 * g, at);
          }
        }
      }
    }
  }

  @Test
  void noPerturbationSendsTheMean() {
    // all honest messages equal: σ = 0 (std) and p = 0, the condition holds for every γ; the search
    // stops at gamma-init·2^60 and the forged message is ḡ
    double[][] same = {{1, -2}, {1, -2}, {1, -2}};
    AgnosticAttack a = agnostic("minmax");
    assertEquals(10 * Math.pow(2, AgnosticAttack.MAX_DOUBLINGS), a.gamma(same), 0);
    assertArrayEquals(new double[] {1, -2}, a.forge(same, new double[0][], ctx(4, 1))[0], 0);
    // ḡ = 0: the unit vector has no direction, p = 0
    double[][] centred = {{1, -2}, {-1, 2}};
    assertArrayEquals(
        new double[] {0, 0},
        agnostic("minsum", "direction=unit").forge(centred, new double[0][], ctx(3, 1))[0],
        0);
  }

  @Test
  void oneHonestMessage() {
    // h = 1: the bound is 0; with sign the condition fails for every γ > 0, so γ* = 0 and the
    // forged message is the honest one
    double[][] one = {{7, -8}};
    AgnosticAttack a = agnostic("minmax", "direction=sign");
    assertEquals(0.0, a.gamma(one), 0);
    assertArrayEquals(new double[] {7, -8}, a.forge(one, new double[0][], ctx(2, 1))[0], 0);
  }

  @Test
  void nonFiniteHonestMessagesDoNotStopTheSearch() {
    // a NaN honest message: every distance to it is +Inf, the bound is +Inf, the condition always
    // holds; the search ends at its cap and the forged coordinate with the NaN is NaN
    double[][] x = {{1, 2}, {3, Double.NaN}, {5, 9}};
    for (String name : new String[] {"minmax", "minsum"}) {
      AgnosticAttack a = agnostic(name, "direction=sign");
      assertEquals(10 * Math.pow(2, AgnosticAttack.MAX_DOUBLINGS), a.gamma(x), 0, name);
      double[] out = a.forge(x, new double[0][], ctx(4, 1))[0];
      assertTrue(Double.isNaN(out[1]), name);
      assertEquals(3 - 10 * Math.pow(2, AgnosticAttack.MAX_DOUBLINGS), out[0], 0, name);
    }
  }
}
