package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {
  private static final double TOL = 1e-12;

  @Test
  void dimensionAndLayout() {
    SoftmaxRegression m = new SoftmaxRegression(784, 10);
    assertEquals(7850, m.dimension());
    assertEquals(7840, m.biasOffset());
    assertEquals(784, m.inputDim());
    assertEquals(10, m.numClasses());
    assertEquals("softmax", m.name());
  }

  @Test
  void zeroThetaByHand() {
    // p = 2, C = 3; rows x1 = (1, 2) with y = 0 and x2 = (3, −1) with y = 2.
    SoftmaxRegression m = new SoftmaxRegression(2, 3);
    Batch b = new Batch(new double[] {1, 2, 3, -1}, new int[] {0, 2}, 2, 2);
    double[] grad = new double[9];
    double loss = m.lossAndGradient(new double[9], b, grad);
    assertEquals(Math.log(3), loss, TOL);
    // dW[c] = mean_r (1/3 − 1[y_r = c]) x_r, db[c] = mean_r (1/3 − 1[y_r = c]).
    double[] expected = {
      1.0 / 6, -5.0 / 6, 2.0 / 3, 1.0 / 6, -5.0 / 6, 2.0 / 3, -1.0 / 6, 1.0 / 3, -1.0 / 6
    };
    assertArrayEquals(expected, grad, TOL);
  }

  @Test
  void lossMatchesNaiveReferenceAndLayout() {
    SplittableRandom rnd = new SplittableRandom(1);
    SoftmaxRegression m = new SoftmaxRegression(7, 4);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 0.5);
    Batch b = Ref.randomBatch(rnd, 9, 7, 4);
    double expected = Ref.crossEntropy(Ref.softmaxLogits(theta, b, 4), b.y());
    assertEquals(expected, m.loss(theta, b), 1e-12);
    assertEquals(expected, m.lossAndGradient(theta, b, new double[m.dimension()]), 1e-12);
  }

  @Test
  void gradientMatchesFiniteDifferencesOnAllCoordinates() {
    SplittableRandom rnd = new SplittableRandom(2);
    SoftmaxRegression m = new SoftmaxRegression(6, 4);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 0.7);
    Batch b = Ref.randomBatch(rnd, 8, 6, 4);
    double worst = Ref.gradientCheck(m, theta, b, Ref.allCoords(m.dimension()), 1e-5, 1e-6, 1e-9);
    assertTrue(worst <= 1, "finite-difference mismatch ratio " + worst);
  }

  @Test
  void gradientOverwritesGradAndLeavesInputsAlone() {
    SplittableRandom rnd = new SplittableRandom(3);
    SoftmaxRegression m = new SoftmaxRegression(5, 3);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 1);
    Batch b = Ref.randomBatch(rnd, 4, 5, 3);
    double[] theta0 = theta.clone();
    double[] x0 = b.x().clone();
    double[] clean = new double[m.dimension()];
    m.lossAndGradient(theta, b, clean);
    double[] dirty = new double[m.dimension()];
    Arrays.fill(dirty, Double.NaN);
    m.lossAndGradient(theta, b, dirty);
    assertArrayEquals(clean, dirty, 0.0);
    assertArrayEquals(theta0, theta, 0.0);
    assertArrayEquals(x0, b.x(), 0.0);
  }

  @Test
  void predictIsArgmaxOfLogits() {
    SplittableRandom rnd = new SplittableRandom(4);
    SoftmaxRegression m = new SoftmaxRegression(5, 6);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 1);
    Batch b = Ref.randomBatch(rnd, 50, 5, 6);
    double[][] z = Ref.softmaxLogits(theta, b, 6);
    int[] pred = m.predict(theta, b);
    for (int r = 0; r < 50; r++) {
      assertEquals(Ref.argmax(z[r]), pred[r], "row " + r);
    }
  }

  @Test
  void hugeLogitsStayFinite() {
    // p = 1, C = 3, W = (1e4, 0, −1e4), b = 0, x = 1: logits (1e4, 0, −1e4).
    SoftmaxRegression m = new SoftmaxRegression(1, 3);
    double[] theta = {1e4, 0, -1e4, 0, 0, 0};
    double[] grad = new double[6];
    double loss = m.lossAndGradient(theta, new Batch(new double[] {1}, new int[] {1}, 1, 1), grad);
    assertEquals(1e4, loss, 1e-9);
    assertArrayEquals(new double[] {1, -1, 0, 1, -1, 0}, grad, 1e-12);
    loss = m.lossAndGradient(theta, new Batch(new double[] {1}, new int[] {2}, 1, 1), grad);
    assertEquals(2e4, loss, 1e-9);
    assertArrayEquals(new double[] {1, 0, -1, 1, 0, -1}, grad, 1e-12);
    loss = m.lossAndGradient(theta, new Batch(new double[] {1}, new int[] {0}, 1, 1), grad);
    assertEquals(0.0, loss, 1e-12);
    assertArrayEquals(new double[6], grad, 1e-12);
  }

  @Test
  void initIsPyTorchLinear() {
    SoftmaxRegression m = new SoftmaxRegression(100, 10);
    double[] a = m.init(7);
    assertArrayEquals(a, m.init(7), 0.0);
    assertFalse(Arrays.equals(a, m.init(8)));
    double bound = 0.1;
    double max = 0;
    for (double v : a) {
      assertTrue(Math.abs(v) <= bound, "out of range: " + v);
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max > 0.95 * bound, "range not used: " + max);
  }

  @Test
  void rejectsBadArguments() {
    SoftmaxRegression m = new SoftmaxRegression(2, 3);
    Batch b = new Batch(new double[] {1, 2}, new int[] {0}, 1, 2);
    assertThrows(IllegalArgumentException.class, () -> m.loss(new double[8], b));
    assertThrows(
        IllegalArgumentException.class, () -> m.lossAndGradient(new double[9], b, new double[8]));
    assertThrows(
        IllegalArgumentException.class,
        () -> m.loss(new double[9], new Batch(new double[] {1, 2}, new int[] {3}, 1, 2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> m.loss(new double[9], new Batch(new double[] {1}, new int[] {0}, 1, 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> m.loss(new double[9], new Batch(new double[0], new int[0], 0, 2)));
    assertEquals(0, m.predict(new double[9], new Batch(new double[0], new int[0], 0, 2)).length);
    assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression(3, 1));
  }
}
