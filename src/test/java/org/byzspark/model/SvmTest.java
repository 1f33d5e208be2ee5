package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SvmTest {
  @Test
  void handComputedLossAndGradient() {
    // w = (1, −2), b = 0.5, C = 2; x1 = (2, 1) y=1: z = 0.5, margin 0.5 (active, hinge 0.5)
    // x2 = (0, 1) y=0: z = −1.5, s = −1, margin 1.5 (inactive)
    Svm m = new Svm(2, 2);
    double[] theta = {1, -2, 0.5};
    Batch b = new Batch(new double[] {2, 1, 0, 1}, new int[] {1, 0}, 2, 2);
    double[] g = new double[3];
    double loss = m.lossAndGradient(theta, b, g);
    assertEquals(0.5 * 5 + 2 * 0.5 / 2, loss, 1e-14);
    assertEquals(loss, m.loss(theta, b), 1e-14);
    // ∂w = w − (C/B)·s·x1 = (1, −2) − (2, 1); ∂b = −1
    assertArrayEquals(new double[] {-1, -3, -1}, g, 1e-14);
    assertArrayEquals(new int[] {1, 0}, m.predict(theta, b));
  }

  @Test
  void gradientMatchesFiniteDifferencesAwayFromKinks() {
    SplittableRandom rnd = new SplittableRandom(5);
    Svm m = new Svm(6, 0.7);
    for (int trial = 0; trial < 20; trial++) {
      double[] theta = Ref.randomTheta(rnd, 7, 0.8);
      Batch b = Ref.randomBatch(rnd, 12, 6, 2);
      // skip batches with a margin within 1e-3 of the kink: the loss is not differentiable there
      boolean nearKink = false;
      for (int r = 0; r < b.rows(); r++) {
        double z = theta[6];
        for (int j = 0; j < 6; j++) {
          z += theta[j] * b.x()[r * 6 + j];
        }
        double s = b.y()[r] == 1 ? 1 : -1;
        nearKink |= Math.abs(1 - s * z) < 1e-3;
      }
      if (nearKink) {
        continue;
      }
      double worst = Ref.gradientCheck(m, theta, b, Ref.allCoords(7), 1e-6, 1e-6, 1e-8);
      assertTrue(worst <= 1, "finite-difference mismatch ratio " + worst);
    }
  }

  @Test
  void rejectsBadC() {
    assertThrows(IllegalArgumentException.class, () -> new Svm(3, 0));
    assertThrows(IllegalArgumentException.class, () -> new Svm(3, Double.NaN));
  }
}
