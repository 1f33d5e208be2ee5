package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
  private static double sigma(double t) {
    return 1 / (1 + Math.exp(-t));
  }

  private static double[] scores(double[] theta, Batch b) {
    int p = b.inputDim();
    double[] z = new double[b.rows()];
    for (int r = 0; r < b.rows(); r++) {
      z[r] = theta[p];
      for (int j = 0; j < p; j++) {
        z[r] += theta[j] * b.x()[r * p + j];
      }
    }
    return z;
  }

  @Test
  void onePointByHand() {
    // w = (1, −2), b = 0.5, x = (2, 1): z = 0.5.
    LogisticRegression m = new LogisticRegression(2);
    assertEquals(3, m.dimension());
    assertEquals(2, m.numClasses());
    double[] theta = {1, -2, 0.5};
    double[] grad = new double[3];
    double s = sigma(0.5);
    double loss =
        m.lossAndGradient(theta, new Batch(new double[] {2, 1}, new int[] {0}, 1, 2), grad);
    assertEquals(Math.log(1 + Math.exp(0.5)), loss, 1e-14);
    assertArrayEquals(new double[] {2 * s, s, s}, grad, 1e-14);
    loss = m.lossAndGradient(theta, new Batch(new double[] {2, 1}, new int[] {1}, 1, 2), grad);
    assertEquals(Math.log(1 + Math.exp(-0.5)), loss, 1e-14);
    assertArrayEquals(new double[] {2 * (s - 1), s - 1, s - 1}, grad, 1e-14);
  }

  @Test
  void lossMatchesNaiveReference() {
    SplittableRandom rnd = new SplittableRandom(11);
    LogisticRegression m = new LogisticRegression(6);
    double[] theta = Ref.randomTheta(rnd, 7, 0.8);
    Batch b = Ref.randomBatch(rnd, 10, 6, 2);
    double[] z = scores(theta, b);
    double expected = 0;
    for (int r = 0; r < z.length; r++) {
      double q = sigma(z[r]);
      expected -= b.y()[r] == 1 ? Math.log(q) : Math.log(1 - q);
    }
    expected /= z.length;
    assertEquals(expected, m.loss(theta, b), 1e-12);
    assertEquals(expected, m.lossAndGradient(theta, b, new double[7]), 1e-12);
  }

  @Test
  void gradientMatchesFiniteDifferencesOnAllCoordinates() {
    SplittableRandom rnd = new SplittableRandom(12);
    LogisticRegression m = new LogisticRegression(8);
    double[] theta = Ref.randomTheta(rnd, 9, 0.7);
    Batch b = Ref.randomBatch(rnd, 7, 8, 2);
    double worst = Ref.gradientCheck(m, theta, b, Ref.allCoords(9), 1e-5, 1e-6, 1e-9);
    assertTrue(worst <= 1, "finite-difference mismatch ratio " + worst);
  }

  @Test
  void gradientOverwritesGrad() {
    SplittableRandom rnd = new SplittableRandom(13);
    LogisticRegression m = new LogisticRegression(4);
    double[] theta = Ref.randomTheta(rnd, 5, 1);
    Batch b = Ref.randomBatch(rnd, 3, 4, 2);
    double[] clean = new double[5];
    m.lossAndGradient(theta, b, clean);
    double[] dirty = new double[5];
    Arrays.fill(dirty, Double.NaN);
    m.lossAndGradient(theta, b, dirty);
    assertArrayEquals(clean, dirty, 0.0);
  }

  @Test
  void predictIsSignOfScore() {
    SplittableRandom rnd = new SplittableRandom(14);
    LogisticRegression m = new LogisticRegression(3);
    double[] theta = Ref.randomTheta(rnd, 4, 1);
    Batch b = Ref.randomBatch(rnd, 60, 3, 2);
    double[] z = scores(theta, b);
    int[] pred = m.predict(theta, b);
    for (int r = 0; r < z.length; r++) {
      assertEquals(z[r] > 0 ? 1 : 0, pred[r], "row " + r);
    }
    // z = 0 exactly predicts 0.
    assertArrayEquals(
        new int[] {0}, m.predict(new double[4], new Batch(new double[3], new int[1], 1, 3)));
  }

  @Test
  void hugeScoresStayFinite() {
    LogisticRegression m = new LogisticRegression(1);
    double[] grad = new double[2];
    double[] theta = {1e4, 0};
    assertEquals(
        1e4,
        m.lossAndGradient(theta, new Batch(new double[] {1}, new int[] {0}, 1, 1), grad),
        1e-9);
    assertArrayEquals(new double[] {1, 1}, grad, 1e-12);
    assertEquals(
        0.0,
        m.lossAndGradient(theta, new Batch(new double[] {1}, new int[] {1}, 1, 1), grad),
        1e-12);
    assertArrayEquals(new double[] {0, 0}, grad, 1e-12);
    assertEquals(
        1e4,
        m.lossAndGradient(theta, new Batch(new double[] {-1}, new int[] {1}, 1, 1), grad),
        1e-9);
    assertArrayEquals(new double[] {1, -1}, grad, 1e-12);
    // Tiny losses keep their precision (log1p form): z = 40, y = 1 gives ≈ e^−40, not 0.
    double tiny = m.loss(new double[] {40, 0}, new Batch(new double[] {1}, new int[] {1}, 1, 1));
    assertEquals(Math.exp(-40), tiny, 1e-30);
  }

  @Test
  void initIsPyTorchLinearAndSeeded() {
    LogisticRegression m = new LogisticRegression(400);
    double[] a = m.init(3);
    assertArrayEquals(a, m.init(3), 0.0);
    assertFalse(Arrays.equals(a, m.init(4)));
    double max = 0;
    for (double v : a) {
      assertTrue(Math.abs(v) <= 0.05, "out of range: " + v);
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max > 0.95 * 0.05);
  }

  @Test
  void rejectsLabelsOutsideZeroOne() {
    LogisticRegression m = new LogisticRegression(1);
    assertThrows(
        IllegalArgumentException.class,
        () -> m.loss(new double[2], new Batch(new double[] {1}, new int[] {2}, 1, 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> m.loss(new double[2], new Batch(new double[] {1}, new int[] {-1}, 1, 1)));
    assertThrows(IllegalArgumentException.class, () -> new LogisticRegression(0));
  }
}
