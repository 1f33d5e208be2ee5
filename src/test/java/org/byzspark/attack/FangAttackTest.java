package org.byzspark.attack;

import static org.byzspark.attack.TestRules.attack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.byzspark.aggregation.Krum;
import org.byzspark.aggregation.Round;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;
import org.junit.jupiter.api.Test;

class FangAttackTest {
  static FangAttack fang(String... kv) {
    return (FangAttack) attack("fang", kv);
  }

  static AttackContext ctx(int n, int f, long step, long seed) {
    return new AttackContext(new Round(step, seed), n, f, null, f);
  }

  static double beyond(double u, double b, double... values) {
    return FangAttack.beyond(u, values, 0, values.length, b);
  }

  @Test
  void oneCoordinateByHand() {
    // u = 0.5, b = 2: r = 1.5
    // mean 3 > 0: below the minimum 1 > 0, towards 0: 1/1.5
    assertEquals(1 / 1.5, beyond(0.5, 2, 1, 3, 5), 0);
    // mean 7/3 > 0, minimum −1 < 0: away from 0: −1·1.5
    assertEquals(-1.5, beyond(0.5, 2, -1, 3, 5), 0);
    // mean −7/3 < 0: above the maximum 1 > 0, away from 0: 1.5
    assertEquals(1.5, beyond(0.5, 2, -5, -3, 1), 0);
    // mean −3 < 0, maximum −1 < 0: towards 0: −1/1.5
    assertEquals(-1 / 1.5, beyond(0.5, 2, -5, -3, -1), 0);
    // b = 3, u = 0.25: r = 1 + 2·0.25 = 1.5 again; u = 0: r = 1, the extreme itself
    assertEquals(1 / 1.5, beyond(0.25, 3, 1, 3, 5), 0);
    assertEquals(1.0, beyond(0, 2, 1, 3, 5), 0);
    // no direction (mean 0) or an extreme at 0: 0
    assertEquals(0.0, beyond(0.5, 2, -1, 1), 0);
    assertEquals(0.0, beyond(0.5, 2, 0, 2), 0);
    // non-finite values propagate
    assertTrue(Double.isNaN(beyond(0.5, 2, 1, Double.NaN)));
    // an infinite mean gives a direction; the extreme against it is finite here: −5·1.5
    assertEquals(-7.5, beyond(0.5, 2, -5, Double.POSITIVE_INFINITY), 0);
    assertEquals(
        Double.POSITIVE_INFINITY,
        beyond(0.5, 2, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
        0);
    assertTrue(Double.isNaN(beyond(0.5, 2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)));
  }

  @Test
  void trmeanDrawsFromTheRoundsStreams() {
    // HONEST: ḡ = (3, 5) > 0, minima (1, 2) > 0: worker i sends min_k / (1 + u_ik), u_ik the k-th
    // draw of Seeds.rng(seed, ATTACK_NOISE, step, i)
    double[][] honest = VectorAttacksTest.HONEST;
    double[][] out = fang().forge(honest, new double[0][], ctx(5, 2, 7, 42));
    assertEquals(2, out.length);
    for (int i = 0; i < 2; i++) {
      SplittableRandom rng = Seeds.rng(42, Seeds.Purpose.ATTACK_NOISE, 7, i);
      double u0 = rng.nextDouble();
      double u1 = rng.nextDouble();
      assertArrayEquals(new double[] {1 / (1 + u0), 2 / (1 + u1)}, out[i], 0);
    }
    assertNotEquals(out[0][0], out[1][0]);
    // reproducible, and another step draws other values
    assertArrayEquals(out[1], fang().forge(honest, new double[0][], ctx(5, 2, 7, 42))[1], 0);
    assertNotEquals(out[0][0], fang().forge(honest, new double[0][], ctx(5, 2, 8, 42))[0][0]);
  }

  /** Every forged value lies beyond the honest extreme against the mean's sign, within factor b. */
  @Test
  void trmeanValuesLieBeyondTheExtremes() {
    SplittableRandom r = new SplittableRandom(20);
    for (int trial = 0; trial < 50; trial++) {
      int h = 2 + r.nextInt(6);
      int d = 1 + r.nextInt(6);
      int f = 1 + r.nextInt(3);
      double b = 1.5 + r.nextDouble() * 3;
      double[][] x = new double[h][d];
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          row[k] = r.nextDouble(-4, 4) + (k % 2 == 0 ? 3 : -3);
        }
      }
      double[][] out = fang("b=" + b).forge(x, new double[0][], ctx(h + f, f, 1 + trial, 3));
      for (int k = 0; k < d; k++) {
        double mean = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : x) {
          mean += row[k] / h;
          min = Math.min(min, row[k]);
          max = Math.max(max, row[k]);
        }
        double e = mean > 0 ? min : max;
        double lo = mean > 0 ? Math.min(e * b, e / b) : e;
        double hi = mean > 0 ? e : Math.max(e * b, e / b);
        for (double[] row : out) {
          String at = "trial " + trial + " k " + k + " value " + row[k] + " e " + e;
          assertTrue(row[k] >= lo && row[k] <= hi, at);
          assertTrue(mean > 0 ? row[k] <= min : row[k] >= max, at);
        }
      }
    }
  }

  // Krum, 1-D, honest 9, 10, −9, −10, −22 (ḡ = −4.4 < 0, so b(λ) = +λ), n = 7, f = 2: Krum scores
  // the n − f − 2 = 3 nearest. λ_max: the n − f − 2 = 3 nearest honest distances (not squared):
  //   9: 1 + 18 + 19 = 38;  10: 1 + 19 + 20 = 40;  −9: 1 + 13 + 18 = 32;  −10: 1 + 12 + 19 = 32;
  //   −22: 12 + 13 + 31 = 56;  min = 32, n − 2f − 1 = 2, max |x_i| = 22, √d = 1: λ_max = 16 + 22 =
  // 38.
  // λ = 38: b's score 0 + 28² + 29² = 1625, −9's 1 + 13² + 18² = 494 (the smallest): not b.
  // λ = 19: b's 0 + 9² + 10² = 181, 10's 1 + 9² + 9² = 163: not b.
  // λ = 9.5: b's 0 + 0.5² + 0.5² = 0.5, 9's and 10's 0.5² + 0.5² + 1 = 1.5: Krum outputs b.
  static final double[][] KRUM_HONEST = {{9}, {10}, {-9}, {-10}, {-22}};

  @Test
  void krumByHand() {
    FangAttack a = fang("target=krum");
    AttackContext c = ctx(7, 2, 1, 1);
    assertEquals(38.0, a.lambdaMax(KRUM_HONEST, c), 1e-12);
    assertEquals(9.5, a.lambda(KRUM_HONEST, c), 1e-12);
    double[][] out = a.forge(KRUM_HONEST, new double[0][], c);
    assertEquals(2, out.length);
    assertArrayEquals(new double[] {9.5}, out[0], 1e-12);
    assertArrayEquals(new double[] {9.5}, out[1], 1e-12);
    // the server's Krum indeed outputs it, and did not at λ = 19
    Krum krum = new Krum(Params.empty());
    double[][] all = {{9}, {10}, {-9}, {-10}, {-22}, out[0], out[1]};
    assertArrayEquals(new double[] {9.5}, krum.aggregate(all, 2, new Round(1, 1)), 1e-12);
    double[][] at19 = {{9}, {10}, {-9}, {-10}, {-22}, {19}, {19}};
    assertArrayEquals(new double[] {10}, krum.aggregate(at19, 2, new Round(1, 1)), 0);
  }

  @Test
  void krumStopsBelowLambdaMin() {
    // honest 1..7 (ḡ = 4 > 0, b = −λ), n = 9, f = 2, 5 nearest: λ_max = 9/4 + 7 = 9.25 (the 5
    // nearest distances of 3, 4, 5 sum to 1 + 1 + 2 + 2 + 3 = 9). Krum never outputs b: its score
    // is at least 0 + (1+λ)² + (2+λ)² + (3+λ)² + (4+λ)² ≥ 30, 4's is 1 + 1 + 4 + 4 + 9 = 19 for
    // every λ. So λ is halved until below 1e-5: 9.25/2^20 = 8.8e-6 < 1e-5 ≤ 9.25/2^19.
    double[][] honest = {{1}, {2}, {3}, {4}, {5}, {6}, {7}};
    FangAttack a = fang("target=krum");
    AttackContext c = ctx(9, 2, 1, 1);
    assertEquals(9.25, a.lambdaMax(honest, c), 1e-12);
    assertEquals(9.25 / (1 << 20), a.lambda(honest, c), 0);
    assertArrayEquals(new double[] {-9.25 / (1 << 20)}, a.forge(honest, new double[0][], c)[1], 0);
    // a larger threshold stops earlier: 9.25/2^4 = 0.578 < 1 ≤ 9.25/2^3
    assertEquals(9.25 / 16, fang("target=krum,lambda-min=1").lambda(honest, c), 0);
  }

  /**
   * On random honest sets: λ = λ_max/2^j, and either Krum outputs b(λ) and did not at 2λ (when j ≥
   * 1), or λ &lt; lambda-min.
   */
  @Test
  void krumHalvesUntilSelected() {
    SplittableRandom r = new SplittableRandom(4);
    Krum krum = new Krum(Params.empty());
    int selected = 0;
    for (int trial = 0; trial < 40; trial++) {
      int f = 1 + r.nextInt(3);
      int n = 2 * f + 3 + r.nextInt(4);
      int h = n - f;
      int d = 1 + r.nextInt(4);
      double[][] x = new double[h][d];
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          row[k] = r.nextGaussian() + 1;
        }
      }
      FangAttack a = fang("target=krum");
      AttackContext c = ctx(n, f, 1, 1);
      double max = a.lambdaMax(x, c);
      double lambda = a.lambda(x, c);
      double ratio = max / lambda;
      int j = (int) Math.round(Math.log(ratio) / Math.log(2));
      assertEquals(Math.scalb(max, -j), lambda, 0, "trial " + trial);
      double[] b = a.forge(x, new double[0][], c)[0];
      double[][] all = new double[n][];
      System.arraycopy(x, 0, all, 0, h);
      for (int i = h; i < n; i++) {
        all[i] = b;
      }
      boolean chosen = java.util.Arrays.equals(krum.aggregate(all, f, new Round(1, 1)), b);
      if (lambda >= 1e-5) {
        assertTrue(chosen, "trial " + trial);
        selected++;
        if (j >= 1) {
          double[] b2 = b.clone();
          for (int k = 0; k < d; k++) {
            b2[k] *= 2;
          }
          for (int i = h; i < n; i++) {
            all[i] = b2;
          }
          assertTrue(
              !java.util.Arrays.equals(krum.aggregate(all, f, new Round(1, 1)), b2),
              "trial " + trial);
        }
      }
    }
    // both outcomes occur on these sets (N(1, 1) coordinates: the honest messages are about as far
    // from each other as from the message 0, the current model, where b(λ) starts for small λ)
    assertTrue(selected > 0 && selected < 40, "selected on " + selected + " of 40 sets");
  }

  @Test
  void krumNeedsEnoughWorkers() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                fang("target=krum")
                    .forge(VectorAttacksTest.HONEST, new double[0][], ctx(5, 2, 1, 1)));
    assertTrue(
        e.getMessage().startsWith("fang target=krum needs n > 2f+2")
            && e.getMessage().contains("n=5 f=2"),
        e.getMessage());
  }

  @Test
  void krumWithANonFiniteHonestMessageSendsZero() {
    double[][] x = {{1, 2}, {3, Double.NaN}, {5, 9}, {0, 1}, {2, 2}};
    double[][] out = fang("target=krum").forge(x, new double[0][], ctx(7, 2, 1, 1));
    assertArrayEquals(new double[] {0, 0}, out[0], 0);
    assertArrayEquals(new double[] {0, 0}, out[1], 0);
  }
}
