package org.byzspark.attack;

import static org.byzspark.attack.TestRules.attack;
import static org.byzspark.attack.TestRules.ctx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

class TailoredAttackTest {
  static final double[][] HONEST = VectorAttacksTest.HONEST; // ḡ = (3, 5), σ = (2, √13)
  static final double SQRT13 = Math.sqrt(13);

  static TailoredAttack tailored(String... kv) {
    return (TailoredAttack) attack("tailored", kv);
  }

  @Test
  void aPlateauGoesToTheLargestGamma() {
    // std: x(γ) = (3 − 2γ, 5 − √13γ), coordinate-wise median of 3 honest + 2 copies: the distance
    // to
    // ḡ rises to ‖(1, 2) − (3, 5)‖ = √13 at γ = 1 and stays there (the median saturates at the
    // honest minimum). Ties go to the larger γ: γ* = gamma-max = 10. adaptive (base=little, the
    // same x) sends ζ = 1, the first maximiser.
    AttackContext c = ctx(5, 2, new TestRules.Median());
    TailoredAttack.Choice choice = tailored().choose(HONEST, c);
    assertEquals(10.0, choice.gamma(), 0);
    assertEquals(SQRT13, choice.distance(), 1e-12);
    assertArrayEquals(
        new double[] {3 - 20, 5 - 10 * SQRT13},
        tailored().forge(HONEST, new double[0][], c)[1],
        1e-12);
    assertEquals(
        1.0, ((AdaptiveAttack) attack("adaptive")).choose(HONEST, c).zeta(), 0, "adaptive");
    // with gamma-max = 0.8 the plateau is not reached: the distance grows, γ* = 0.8
    assertEquals(0.8, tailored("gamma-max=0.8").choose(HONEST, c).gamma(), 0);
  }

  @Test
  void againstTheMeanTheSearchEndsAtGammaMax() {
    // the plain mean (the stateful test rule at 0 calls): distance (f/n)·γ·‖p‖, increasing
    AttackContext c = ctx(5, 2, new TestRules.Stateful());
    assertEquals(2.4 * Math.sqrt(17), tailored("gamma-max=6").choose(HONEST, c).distance(), 1e-12);
    // sign: p = −(1, 1), ‖p‖ = √2; unit: ‖p‖ = 1
    TailoredAttack.Choice sign = tailored("gamma-max=6,direction=sign").choose(HONEST, c);
    assertEquals(6.0, sign.gamma(), 0);
    assertEquals(2.4 * Math.sqrt(2), sign.distance(), 1e-12);
    assertEquals(2.4, tailored("gamma-max=6,direction=unit").choose(HONEST, c).distance(), 1e-12);
    assertArrayEquals(
        new double[] {3 - 6, 5 - 6},
        tailored("gamma-max=6,direction=sign").forge(HONEST, new double[0][], c)[0],
        1e-12);
  }

  /**
   * Against real rules on random sets: the chosen distance is at least every grid point's, and
   * every grid point above γ* is strictly worse (γ* is the largest maximiser among them).
   */
  @Test
  void theLargestBestGridPoint() {
    SplittableRandom r = new SplittableRandom(9);
    String[] rules = {"cwtm", "cwmed", "krum", "gm", "meamed"};
    for (int trial = 0; trial < 25; trial++) {
      int f = 1 + r.nextInt(2);
      int h = 2 * f + 3 + r.nextInt(3);
      double[][] x = new double[h][3];
      for (double[] row : x) {
        for (int k = 0; k < 3; k++) {
          row[k] = r.nextGaussian() + 1;
        }
      }
      String rule = rules[trial % rules.length];
      String dir = Perturbation.NAMES.get(trial % 3);
      AttackContext c = ctx(h + f, f, Aggregators.create(rule, Params.empty()));
      TailoredAttack a = tailored("direction=" + dir, "gamma-max=5", "steps=10");
      TailoredAttack.Choice choice = a.choose(x, c);
      assertEquals(a.distance(x, c, choice.gamma()), choice.distance(), 0);
      for (int i = 0; i <= 10; i++) {
        double z = 5.0 * i / 10;
        double dz = a.distance(x, c, z);
        String at = rule + " " + dir + " trial " + trial + " grid " + z + " chosen " + choice;
        assertTrue(choice.distance() >= dz, at);
        if (z > choice.gamma()) {
          assertTrue(dz < choice.distance(), at);
        }
      }
    }
  }

  @Test
  void trialsStartFromTheServersStateAndChangeNothing() {
    TestRules.Stateful rule = new TestRules.Stateful(5);
    RuleState server = rule.initialState();
    AttackContext c = new AttackContext(new Round(1, 42), 5, 2, rule, 2, server);
    TailoredAttack a = tailored();
    double[][] first = a.forge(HONEST, new double[0][], c);
    assertEquals(5, TestRules.Stateful.calls(c.ruleState()), "the server's state changed");
    assertArrayEquals(first[0], a.forge(HONEST, new double[0][], c)[0], 0);
    // γ = 0 sends ḡ, the mean is ḡ, the rule adds its 5 calls: distance 5·√2, however many trials
    assertEquals(5 * Math.sqrt(2), a.distance(HONEST, c, 0), 1e-12);
  }

  @Test
  void failsClearlyWithoutRule() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> tailored().forge(HONEST, new double[0][], ctx(5, 2)));
    assertTrue(
        e.getMessage().startsWith("tailored needs the server's aggregation rule"), e.getMessage());
  }
}
