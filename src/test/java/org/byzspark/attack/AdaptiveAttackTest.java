package org.byzspark.attack;

import static org.byzspark.attack.TestRules.attack;
import static org.byzspark.attack.TestRules.ctx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.junit.jupiter.api.Test;

class AdaptiveAttackTest {
  static final double[][] HONEST = VectorAttacksTest.HONEST; // ḡ = (3, 5), σ = (2, sqrt(13))
  static final double SQRT13 = Math.sqrt(13);

  static AdaptiveAttack adaptive(String... kv) {
    return (AdaptiveAttack) attack("adaptive", kv);
  }

  @Test
  void littleAgainstMedianChoosesSaturationPoint() {
    // n = 5 (3 honest + 2 forged), b(ζ) = (3 − 2ζ, 5 − sqrt(13)ζ), coordinate-wise median:
    //   x: median{1, 3, 5, b, b} = b while 1 ≤ b ≤ 3, = 1 once b ≤ 1 (ζ ≥ 1)
    //   y: median{2, 4, 9, b, b} = b while 2 ≤ b ≤ 4, = 2 once b ≤ 2 (ζ ≥ 3/sqrt(13) = 0.83)
    // so the distance to ḡ rises to ‖(1, 2) − (3, 5)‖ = sqrt(13) at ζ = 1 and stays there.
    // Grid 0, 0.5, ..., 10: first maximiser ζ = 1; refinement on [0.5, 1.5] cannot do strictly
    // better.
    AttackContext c = ctx(5, 2, new TestRules.Median());
    AdaptiveAttack a = adaptive();
    AdaptiveAttack.Choice choice = a.choose(HONEST, c);
    assertEquals(1.0, choice.zeta(), 0);
    assertEquals(SQRT13, choice.distance(), 1e-12);
    double[][] out = a.forge(HONEST, VectorAttacksTest.OWN, c);
    assertEquals(2, out.length);
    assertArrayEquals(new double[] {1, 5 - SQRT13}, out[0], 1e-12);
    assertArrayEquals(out[0], out[1]);
    assertNotSame(out[0], out[1]);
    // at least as good as the endpoints and the fixed ζ of little (1), empire (1.1) and z_max(5, 2)
    for (double z : new double[] {0, 10, 0.5, 1, 1.1, LittleAttack.zMax(5, 2), 7.3}) {
      assertTrue(choice.distance() >= a.distance(HONEST, c, z), "zeta=" + z);
    }
    assertEquals(0.0, a.distance(HONEST, c, 0), 1e-12); // ζ = 0 sends ḡ: median = ḡ
  }

  @Test
  void goldenSectionFindsInteriorMaximum() {
    // 1-D honest 1, 2, 3 (ḡ = 2), f = 2, empire b(ζ) = 2(1 − ζ), rule = mean of rows with |x| ≤
    // 5.3:
    //   ζ ≤ 3.65 (|b| ≤ 5.3): mean = (6 + 4(1 − ζ))/5 = 2 − 0.8ζ, distance 0.8ζ
    //   ζ > 3.65: the forged rows are dropped, mean = 2, distance 0
    // Grid step 0.5: best grid point 3.5 (distance 2.8); the true maximum is ζ = 3.65 (2.92).
    double[][] honest = {{1}, {2}, {3}};
    AttackContext c = ctx(5, 2, new TestRules.NormFilterMean(5.3));
    AdaptiveAttack.Choice grid = adaptive("base=empire", "refine=0").choose(honest, c);
    assertEquals(3.5, grid.zeta(), 0);
    assertEquals(2.8, grid.distance(), 1e-12);
    AdaptiveAttack a = adaptive("base=empire");
    AdaptiveAttack.Choice refined = a.choose(honest, c);
    assertEquals(3.65, refined.zeta(), 1e-5);
    assertTrue(refined.zeta() <= 3.65 + 1e-12);
    assertEquals(0.8 * refined.zeta(), refined.distance(), 1e-12);
    assertTrue(refined.distance() > grid.distance());
    for (double z : new double[] {0, 10, 1, 1.1, 3.5, 3.6, 4}) {
      assertTrue(refined.distance() >= a.distance(honest, c, z), "zeta=" + z);
    }
    assertArrayEquals(
        new double[] {2 * (1 - refined.zeta())}, a.forge(honest, new double[2][1], c)[0], 0);
  }

  @Property(tries = 60)
  void neverWorseThanAnyGridPoint(
      @ForAll @Size(min = 2, max = 6)
          List<@Size(3) List<@DoubleRange(min = -5, max = 5) Double>> rows,
      @ForAll @IntRange(min = 1, max = 3) int f,
      @ForAll boolean little) {
    double[][] honest =
        rows.stream()
            .map(r -> r.stream().mapToDouble(Double::doubleValue).toArray())
            .toArray(double[][]::new);
    AttackContext c = ctx(honest.length + f, f, new TestRules.Median());
    AdaptiveAttack a = adaptive("base=" + (little ? "little" : "empire"), "zeta-max=4", "steps=8");
    AdaptiveAttack.Choice choice = a.choose(honest, c);
    assertTrue(choice.zeta() >= 0 && choice.zeta() <= 4);
    assertEquals(a.distance(honest, c, choice.zeta()), choice.distance(), 0);
    for (int i = 0; i <= 8; i++) {
      assertTrue(choice.distance() >= a.distance(honest, c, 4.0 * i / 8), "grid point " + i);
    }
  }

  @Test
  void trialsNeverTouchTheServersRule() {
    // The stateful rule adds its call count (kept in its state) to the mean; the server's state
    // at this step says 5 calls.
    TestRules.Stateful rule = new TestRules.Stateful(5);
    RuleState server = rule.initialState();
    AttackContext c = new AttackContext(new Round(1, 42), 5, 2, rule, 2, server);
    AdaptiveAttack a = adaptive("base=empire");
    double[][] first = a.forge(HONEST, VectorAttacksTest.OWN, c);
    double[][] second = a.forge(HONEST, VectorAttacksTest.OWN, c);
    assertEquals(5, TestRules.Stateful.calls(c.ruleState()), "the server's state changed");
    assertArrayEquals(first[0], second[0], 0); // deterministic, no state carried between calls
    // Every trial sees the state 5: at ζ = 0 the forged rows are ḡ, the mean is ḡ, output ḡ + 5,
    // distance 5·sqrt(2) for d = 2, however many trials ran before.
    assertEquals(5 * Math.sqrt(2), a.distance(HONEST, c, 0), 1e-12);
    a.choose(HONEST, c);
    assertEquals(5 * Math.sqrt(2), a.distance(HONEST, c, 0), 1e-12);
  }

  @Test
  void failsClearlyWithoutRule() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adaptive().forge(HONEST, VectorAttacksTest.OWN, ctx(5, 2)));
    assertTrue(
        e.getMessage().contains("adaptive") && e.getMessage().contains("rule=null"),
        e.getMessage());
  }

  @Test
  void trialsStartFromTheStateInTheContext() {
    // the same rule at another step's state (9 calls): ζ = 0 gives ḡ + 9, distance 9·sqrt(2)
    TestRules.Stateful rule = new TestRules.Stateful();
    RuleState later = RuleState.EMPTY.with("calls", new double[] {9});
    AttackContext c = new AttackContext(new Round(3, 42), 5, 2, rule, 2, later);
    assertEquals(9 * Math.sqrt(2), adaptive().distance(HONEST, c, 0), 1e-12);
  }

  @Test
  void againstTheMeanTheSearchEndsAtZetaMax() {
    // With the plain mean (the stateful rule at 0 calls, from the same state every trial) the
    // distance is
    // f/n·ζ·‖σ‖, increasing: ζ* = zeta-max.
    AttackContext c = ctx(5, 2, new TestRules.Stateful());
    AdaptiveAttack.Choice choice = adaptive("zeta-max=6").choose(HONEST, c);
    assertEquals(6.0, choice.zeta(), 0);
    // ‖(2/5)·6·(2, sqrt(13))‖ = 2.4·sqrt(17)
    assertEquals(2.4 * Math.sqrt(17), choice.distance(), 1e-12);
  }

  @Test
  void cliSpecParses() {
    var spec =
        org.byzspark.util.Params.parseNamed("adaptive:base=empire,zeta-max=3,steps=5,refine=2");
    AdaptiveAttack a = (AdaptiveAttack) Attacks.create(spec.getKey(), spec.getValue());
    assertEquals("empire", a.base());
    assertEquals("little", adaptive().base());
  }
}
