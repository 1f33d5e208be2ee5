package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearRegressionTest {
  /** Rows of p features followed by the target, labels all 0. */
  private static Batch batch(double[][] features, double[] targets) {
    int p = features[0].length;
    double[] x = new double[features.length * (p + 1)];
    for (int r = 0; r < features.length; r++) {
      System.arraycopy(features[r], 0, x, r * (p + 1), p);
      x[r * (p + 1) + p] = targets[r];
    }
    return new Batch(x, new int[features.length], features.length, p + 1);
  }

  private static Batch randomBatch(SplittableRandom rnd, int rows, int p) {
    double[][] f = new double[rows][p];
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < p; j++) {
        f[r][j] = Ref.gaussian(rnd);
      }
      y[r] = 3 * Ref.gaussian(rnd) + 1;
    }
    return batch(f, y);
  }

  @Test
  void twoRowsByHand() {
    // w = (1, −2), b = 0.5; rows x = (2, 1) with y = 1 and x = (0, 1) with y = −3.
    // ŷ = (0.5, −1.5), residuals e = (−0.5, 1.5): loss = (0.25 + 2.25)/2 = 1.25.
    // ∂w = (2/2)(−0.5·(2, 1) + 1.5·(0, 1)) = (−1, 1); ∂b = −0.5 + 1.5 = 1.
    LinearRegression m = new LinearRegression(2);
    assertEquals(3, m.dimension());
    assertEquals(3, m.inputDim());
    assertEquals(1, m.numClasses());
    double[] theta = {1, -2, 0.5};
    Batch b = batch(new double[][] {{2, 1}, {0, 1}}, new double[] {1, -3});
    double[] grad = new double[3];
    assertEquals(1.25, m.lossAndGradient(theta, b, grad), 1e-15);
    assertArrayEquals(new double[] {-1, 1, 1}, grad, 1e-15);
    assertEquals(1.25, m.loss(theta, b), 1e-15);
    assertEquals(2.5, m.sumSquaredError(theta, b), 1e-15);
    assertArrayEquals(new double[] {0.5, -1.5}, m.predictValues(theta, b), 1e-15);
    assertArrayEquals(new int[] {0, 0}, m.predict(theta, b));
  }

  @Test
  void gradientMatchesFiniteDifferencesOnAllCoordinates() {
    SplittableRandom rnd = new SplittableRandom(21);
    for (int p : new int[] {1, 5, 13}) {
      LinearRegression m = new LinearRegression(p);
      double[] theta = Ref.randomTheta(rnd, p + 1, 0.8);
      Batch b = randomBatch(rnd, 9, p);
      double worst = Ref.gradientCheck(m, theta, b, Ref.allCoords(p + 1), 1e-5, 1e-7, 1e-9);
      assertTrue(worst <= 1, "p=" + p + ": finite-difference mismatch ratio " + worst);
    }
  }

  @Test
  void exactFitHasZeroLossAndGradient() {
    // y = 2·x1 − x2 + 3 exactly: θ = (2, −1, 3) is the minimiser.
    SplittableRandom rnd = new SplittableRandom(22);
    double[][] f = new double[20][2];
    double[] y = new double[20];
    for (int r = 0; r < 20; r++) {
      f[r][0] = rnd.nextInt(-4, 5);
      f[r][1] = rnd.nextInt(-4, 5);
      y[r] = 2 * f[r][0] - f[r][1] + 3;
    }
    LinearRegression m = new LinearRegression(2);
    double[] grad = new double[3];
    assertEquals(0.0, m.lossAndGradient(new double[] {2, -1, 3}, batch(f, y), grad), 0.0);
    assertArrayEquals(new double[3], grad, 0.0);
  }

  @Test
  void gradientOverwritesGradAndSeededInit() {
    SplittableRandom rnd = new SplittableRandom(23);
    LinearRegression m = new LinearRegression(4);
    double[] theta = Ref.randomTheta(rnd, 5, 1);
    Batch b = randomBatch(rnd, 3, 4);
    double[] clean = new double[5];
    m.lossAndGradient(theta, b, clean);
    double[] dirty = new double[5];
    Arrays.fill(dirty, Double.NaN);
    m.lossAndGradient(theta, b, dirty);
    assertArrayEquals(clean, dirty, 0.0);
    double[] a = m.init(3);
    assertArrayEquals(a, m.init(3), 0.0);
    assertFalse(Arrays.equals(a, m.init(4)));
    for (double v : a) {
      assertTrue(Math.abs(v) <= 0.5, "U(-1/sqrt(4), 1/sqrt(4)): " + v);
    }
  }

  @Test
  void badShapesAreOneLineErrors() {
    LinearRegression m = new LinearRegression(2);
    Batch wide = new Batch(new double[4], new int[1], 1, 4);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.loss(new double[3], wide));
    assertFalse(e.getMessage().contains("\n"));
    Batch labelled = new Batch(new double[3], new int[] {1}, 1, 3);
    assertThrows(IllegalArgumentException.class, () -> m.loss(new double[3], labelled));
    assertThrows(IllegalArgumentException.class, () -> new LinearRegression(0));
  }
}
