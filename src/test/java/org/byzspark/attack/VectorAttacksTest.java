package org.byzspark.attack;

import static org.byzspark.attack.TestRules.attack;
import static org.byzspark.attack.TestRules.ctx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.byzspark.aggregation.VectorSet;
import org.junit.jupiter.api.Test;

/** Each deterministic attack on hand-computable inputs. */
class VectorAttacksTest {
  // Honest rows (1,2), (3,4), (5,9), h = 3:
  //   ḡ = ((1+3+5)/3, (2+4+9)/3) = (3, 5)
  //   σ_x = sqrt(((−2)² + 0² + 2²)/2) = sqrt(4) = 2
  //   σ_y = sqrt(((−3)² + (−1)² + 4²)/2) = sqrt(13) = 3.605551275463989
  static final double[][] HONEST = {{1, 2}, {3, 4}, {5, 9}};
  static final double[][] OWN = {{1, -2}, {0.5, 3}};
  static final double SQRT13 = Math.sqrt(13);

  static void rows(double[][] out, int f, double... expected) {
    assertEquals(f, out.length);
    for (double[] r : out) {
      assertArrayEquals(expected, r, 1e-12);
    }
  }

  @Test
  void statistics() {
    VectorSet h = VectorSet.of(HONEST);
    double[] m = h.coordinateWise(HonestStatistics.mean()).toArray();
    assertArrayEquals(new double[] {3, 5}, m, 1e-15);
    // little with ζ = −1 is ḡ + σ
    double[] mPlusS = h.coordinateWise(HonestStatistics.little(-1)).toArray();
    assertArrayEquals(new double[] {3 + 2, 5 + SQRT13}, mPlusS, 1e-15);
    // h = 1: σ = 0 by definition.
    assertArrayEquals(
        new double[] {7, 8},
        VectorSet.of(new double[][] {{7, 8}}).coordinateWise(HonestStatistics.little(3)).toArray());
  }

  @Test
  void none() {
    rows(attack("none").forge(HONEST, new double[][] {{1, -2}}, ctx(4, 1)), 1, 1, -2);
    double[][] out = attack("none").forge(HONEST, OWN, ctx(5, 2));
    assertArrayEquals(OWN[0], out[0]);
    assertArrayEquals(OWN[1], out[1]);
  }

  @Test
  void littleZetaOne() {
    // sign=minus: ḡ − 1·σ = (3 − 2, 5 − sqrt(13)) = (1, 1.394448724536011)
    double[][] out = attack("little", "sign=minus").forge(HONEST, OWN, ctx(5, 2));
    rows(out, 2, 1, 5 - SQRT13);
    assertEquals(1.394448724536011, out[0][1], 1e-14);
  }

  @Test
  void littleSignPlusIsTheDefault() {
    // RESAM D.1 read literally: ḡ + 1·σ = (3 + 2, 5 + sqrt(13)); ζ = 0.5: (3 + 1, 5 + sqrt(13)/2)
    rows(attack("little").forge(HONEST, OWN, ctx(5, 2)), 2, 5, 5 + SQRT13);
    rows(attack("little", "sign=plus").forge(HONEST, OWN, ctx(5, 2)), 2, 5, 5 + SQRT13);
    rows(
        attack("little", "zeta=0.5,sign=plus").forge(HONEST, OWN, ctx(5, 2)), 2, 4, 5 + SQRT13 / 2);
  }

  @Test
  void littleZetaGiven() {
    // ḡ − 0.5σ = (3 − 1, 5 − 1.8027756377319946) = (2, 3.1972243622680054)
    rows(
        attack("little", "zeta=0.5,sign=minus").forge(HONEST, OWN, ctx(5, 2)),
        2,
        2,
        3.1972243622680054);
    // ζ = 0 sends ḡ.
    rows(attack("little", "zeta=0").forge(HONEST, OWN, ctx(5, 2)), 2, 3, 5);
  }

  @Test
  void littleAuto() {
    // n = 5, f = 2: s = ⌊5/2 + 1⌋ − 2 = 3 − 2 = 1, z_max = Φ⁻¹((5 − 1)/5) = Φ⁻¹(0.8) =
    // 0.8416212335729142
    // b = (3 − 2·0.84162..., 5 − sqrt(13)·0.84162...) = (1.3167575328541716, 1.9654914878336031)
    rows(
        attack("little", "zeta=auto,sign=minus").forge(HONEST, OWN, ctx(5, 2)),
        2,
        1.3167575328541716,
        1.9654914878336031);
  }

  @Test
  void zMaxByHand() {
    // n = 50, f = 24: s = 26 − 24 = 2, p = 48/50 = 0.96, Φ⁻¹(0.96) = 1.75068607125217 (Baruch et
    // al.: z ≈ 1.75)
    assertEquals(1.7506860712521699794, LittleAttack.zMax(50, 24), 1e-14);
    // n = 15, f = 3 (RESAM's n): s = 8 − 3 = 5, p = 10/15 = 2/3, Φ⁻¹(2/3) = 0.43072729929545749
    assertEquals(0.43072729929545749021, LittleAttack.zMax(15, 3), 1e-14);
    // n = 10, f = 4: s = 6 − 4 = 2, p = 8/10, Φ⁻¹(0.8) = 0.8416212335729142
    assertEquals(0.84162123357291420518, LittleAttack.zMax(10, 4), 1e-14);
    // n = 4, f = 1: s = 3 − 1 = 2, p = 2/4 = 0.5, z = 0
    assertEquals(0.0, LittleAttack.zMax(4, 1), 1e-15);
    // n = 5, f = 3: s = 3 − 3 = 0 → z_max = +∞: refused.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LittleAttack.zMax(5, 3));
    assertTrue(e.getMessage().contains("s=0") && e.getMessage().contains("n=5"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            attack("little", "zeta=auto")
                .forge(new double[][] {{1}, {2}}, new double[3][1], ctx(5, 3)));
  }

  @Test
  void littleSingleHonestSendsIt() {
    // h = 1: σ = 0, so ḡ − ζσ = the honest row.
    rows(
        attack("little", "zeta=3")
            .forge(new double[][] {{7, -8}}, new double[][] {{0, 0}}, ctx(2, 1)),
        1,
        7,
        -8);
  }

  @Test
  void empire() {
    // (1 − 1.1)·ḡ = −0.1·(3, 5) = (−0.3, −0.5)
    rows(attack("empire").forge(HONEST, OWN, ctx(5, 2)), 2, -0.3, -0.5);
    // ζ = 3: (1 − 3)·(3, 5) = (−6, −10)
    rows(attack("empire", "zeta=3").forge(HONEST, OWN, ctx(5, 2)), 2, -6, -10);
  }

  @Test
  void signflip() {
    double[][] out = attack("signflip").forge(HONEST, OWN, ctx(5, 2));
    assertArrayEquals(new double[] {-1, 2}, out[0]);
    assertArrayEquals(new double[] {-0.5, -3}, out[1]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> attack("signflip").forge(HONEST, new double[][] {{1, 1}}, ctx(5, 2)));
    assertTrue(e.getMessage().contains("f=2") && e.getMessage().contains("got 1"), e.getMessage());
  }

  @Test
  void labelflip() {
    Attack a = attack("labelflip");
    assertTrue(a.poisonsData());
    assertEquals(9, a.poisonLabel(0, 10)); // RESAM: 9 − l
    assertEquals(0, a.poisonLabel(9, 10));
    assertEquals(6, a.poisonLabel(3, 10));
    assertEquals(1, a.poisonLabel(0, 2));
    assertThrows(IllegalArgumentException.class, () -> a.poisonLabel(10, 10));
    assertThrows(IllegalArgumentException.class, () -> a.poisonLabel(-1, 10));
    double[][] out = a.forge(HONEST, OWN, ctx(5, 2));
    assertArrayEquals(OWN[0], out[0]);
    assertArrayEquals(OWN[1], out[1]);
    // Other attacks do not poison.
    assertFalse(attack("little").poisonsData());
    assertEquals(3, attack("signflip").poisonLabel(3, 10));
  }

  @Test
  void omniscient() {
    // −1e20·(3, 5) = (−3e20, −5e20)
    rows(attack("omniscient").forge(HONEST, OWN, ctx(5, 2)), 2, -3e20, -5e20);
    double[][] out = attack("omniscient").forge(HONEST, OWN, ctx(5, 2));
    assertEquals(-3e20, out[0][0], 1e6);
    // k = 2: (−6, −10)
    rows(attack("omniscient", "k=2").forge(HONEST, OWN, ctx(5, 2)), 2, -6, -10);
  }

  @Test
  void mimic() {
    rows(attack("mimic").forge(HONEST, OWN, ctx(5, 2)), 2, 1, 2);
    rows(attack("mimic", "target=2").forge(HONEST, OWN, ctx(5, 2)), 2, 5, 9);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> attack("mimic", "target=3").forge(HONEST, OWN, ctx(5, 2)));
    assertTrue(
        e.getMessage().contains("target=3") && e.getMessage().contains("h=3"), e.getMessage());
  }

  @Test
  void constants() {
    rows(attack("nan").forge(HONEST, OWN, ctx(5, 2)), 2, Double.NaN, Double.NaN);
    rows(
        attack("inf").forge(HONEST, OWN, ctx(5, 2)),
        2,
        Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY);
    rows(
        attack("inf", "sign=+").forge(HONEST, OWN, ctx(5, 2)),
        2,
        Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY);
    rows(
        attack("inf", "sign=-").forge(HONEST, OWN, ctx(5, 2)),
        2,
        Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY);
    rows(attack("zero").forge(HONEST, OWN, ctx(5, 2)), 2, 0, 0);
  }

  @Test
  void noByzantineWorkersGiveNoRows() {
    for (String name : Attacks.names()) {
      Attack a = attack(name);
      AttackContext c =
          new AttackContext(
              new org.byzspark.aggregation.Round(1, 1), 3, 0, new TestRules.Median(), 0);
      assertEquals(0, a.forge(HONEST, new double[0][], c).length, name);
    }
  }

  @Test
  void statisticsNeedHonestMessages() {
    for (String name : new String[] {"little", "empire", "omniscient"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> attack(name).forge(new double[0][], new double[][] {{1}}, ctx(1, 1)));
      assertTrue(e.getMessage().startsWith(name) && e.getMessage().contains("h=0"), e.getMessage());
    }
  }
}
