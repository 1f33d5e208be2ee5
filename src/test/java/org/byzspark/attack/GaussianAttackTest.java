package org.byzspark.attack;

import static org.byzspark.attack.TestRules.attack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.byzspark.aggregation.Round;
import org.junit.jupiter.api.Test;

class GaussianAttackTest {
  static AttackContext at(long step, long seed, int f) {
    return new AttackContext(new Round(step, seed), 10, f, null, f);
  }

  static final double[][] HONEST = {{1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}};
  static final double[][] OWN3 = new double[3][5];

  @Test
  void reproducibleForSameSeedAndStep() {
    double[][] a = attack("gaussian").forge(HONEST, OWN3, at(7, 123, 3));
    double[][] b = attack("gaussian").forge(HONEST, OWN3, at(7, 123, 3));
    assertEquals(3, a.length);
    for (int i = 0; i < 3; i++) {
      assertEquals(5, a[i].length);
      assertArrayEquals(a[i], b[i]);
    }
  }

  @Test
  void differentAcrossWorkersStepsAndSeeds() {
    double[][] a = attack("gaussian").forge(HONEST, OWN3, at(7, 123, 3));
    assertFalse(Arrays.equals(a[0], a[1]));
    assertFalse(Arrays.equals(a[1], a[2]));
    double[][] nextStep = attack("gaussian").forge(HONEST, OWN3, at(8, 123, 3));
    double[][] otherSeed = attack("gaussian").forge(HONEST, OWN3, at(7, 124, 3));
    for (int i = 0; i < 3; i++) {
      assertFalse(Arrays.equals(a[i], nextStep[i]));
      assertFalse(Arrays.equals(a[i], otherSeed[i]));
    }
  }

  @Test
  void workerStreamDoesNotDependOnF() {
    // Worker i's message depends only on (seed, step, i): the first rows agree for f = 1 and f = 3.
    double[][] one = attack("gaussian").forge(HONEST, new double[1][5], at(3, 9, 1));
    double[][] three = attack("gaussian").forge(HONEST, OWN3, at(3, 9, 3));
    assertArrayEquals(one[0], three[0]);
  }

  @Test
  void meanZeroNotHonestMean() {
    // Shifting the honest messages does not change the Byzantine ones: the mean is 0, not ḡ.
    double[][] shifted = {{1001, 1002, 1003, 1004, 1005}, {1001, 1002, 1003, 1004, 1005}};
    assertArrayEquals(
        attack("gaussian").forge(HONEST, OWN3, at(2, 5, 3))[1],
        attack("gaussian").forge(shifted, OWN3, at(2, 5, 3))[1]);
  }

  static double[] meanStd(double[] v) {
    double m = 0;
    for (double x : v) {
      m += x;
    }
    m /= v.length;
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return new double[] {m, Math.sqrt(s / (v.length - 1))};
  }

  @Test
  void empiricalMomentsOnLargeD() {
    int d = 200_001; // odd: exercises the unpaired last coordinate
    double[][] honest = {new double[d]};
    for (String[] p : new String[][] {{}, {"sigma=3"}, {"variance=200"}}) {
      double sigma = p.length == 0 ? 200 : p[0].startsWith("sigma") ? 3 : Math.sqrt(200);
      double[][] out = attack("gaussian", p).forge(honest, new double[2][d], at(1, 77, 2));
      for (double[] row : out) {
        double[] ms = meanStd(row);
        // standard error of the mean = σ/sqrt(d) ≈ 0.0022σ; of the std ≈ σ/sqrt(2d) ≈ 0.0016σ
        assertEquals(0, ms[0], 5 * sigma / Math.sqrt(d), Arrays.toString(p));
        assertEquals(sigma, ms[1], 0.01 * sigma, Arrays.toString(p));
        // about 95.45% within 2σ
        long in = Arrays.stream(row).filter(x -> Math.abs(x) <= 2 * sigma).count();
        assertEquals(0.9545, (double) in / d, 0.005);
      }
    }
  }

  @Test
  void sigmaParameter() {
    assertEquals(200, ((GaussianAttack) attack("gaussian")).sigma());
    assertEquals(
        Math.sqrt(200), ((GaussianAttack) attack("gaussian", "variance=200")).sigma(), 1e-15);
    double[][] zero = attack("gaussian", "sigma=0").forge(HONEST, OWN3, at(1, 1, 3));
    assertArrayEquals(new double[5], zero[2], 0);
    // scaling: sigma=400 is exactly twice sigma=200 (same stream)
    double[][] a = attack("gaussian", "sigma=200").forge(HONEST, OWN3, at(4, 4, 3));
    double[][] b = attack("gaussian", "sigma=400").forge(HONEST, OWN3, at(4, 4, 3));
    for (int j = 0; j < 5; j++) {
      assertEquals(2 * a[0][j], b[0][j], 1e-9);
      assertTrue(Double.isFinite(a[0][j]));
    }
  }
}
