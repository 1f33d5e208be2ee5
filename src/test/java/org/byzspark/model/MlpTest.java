package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.byzspark.util.Seeds;
import org.junit.jupiter.api.Test;

class MlpTest {
  /**
   * A batch whose hidden pre-activations all satisfy |Z1| ≥ margin (rows are redrawn until they
   * do), so that a finite-difference step cannot cross a ReLU kink.
   */
  static Batch batchAwayFromKinks(
      SplittableRandom rnd,
      double[] theta,
      int rows,
      int p,
      int hidden,
      int classes,
      double margin) {
    double[] x = new double[rows * p];
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) {
      while (true) {
        double[] row = new double[p];
        for (int j = 0; j < p; j++) {
          row[j] = Ref.gaussian(rnd);
        }
        double[][] z1 = Ref.mlpPre(theta, new Batch(row, new int[1], 1, p), hidden);
        if (Arrays.stream(z1[0]).allMatch(v -> Math.abs(v) >= margin)) {
          System.arraycopy(row, 0, x, r * p, p);
          break;
        }
      }
      y[r] = rnd.nextInt(classes);
    }
    return new Batch(x, y, rows, p);
  }

  @Test
  void paperDimension() {
    Mlp m = new Mlp(784, 10);
    assertEquals(79_510, m.dimension());
    assertEquals(100, m.hidden());
    assertEquals(78_400, m.offB1());
    assertEquals(78_500, m.offW2());
    assertEquals(79_500, m.offB2());
    assertEquals(79_510, Models.create("mlp", 784, 10).dimension());
    assertEquals(2 * 3 + 3 + 4 * 3 + 4, new Mlp(2, 3, 4).dimension());
  }

  @Test
  void smallNetworkByHand() {
    // p = h = C = 2. W1 = [[1, −1], [0.5, 2]], b1 = (0, −1), W2 = [[1, 2], [−1, 0.5]], b2 = (0.1,
    // −0.2).
    // x = (1, 2), y = 1: Z1 = (−1, 3.5), H = (0, 3.5), Z2 = (7.1, 1.55).
    Mlp m = new Mlp(2, 2, 2);
    double[] theta = {1, -1, 0.5, 2, 0, -1, 1, 2, -1, 0.5, 0.1, -0.2};
    double[] grad = new double[12];
    double loss =
        m.lossAndGradient(theta, new Batch(new double[] {1, 2}, new int[] {1}, 1, 2), grad);
    assertEquals(Math.log(Math.exp(7.1) + Math.exp(1.55)) - 1.55, loss, 1e-13);
    double s = 1 / (1 + Math.exp(-5.55)); // softmax(Z2)_0; δ2 = (s, −s)
    // δ1 = (δ2·W2) ⊙ 1[Z1 > 0] = (0, 1.5 s); ∂W1 = δ1ᵀx; ∂W2 = δ2ᵀH.
    double[] expected = {0, 0, 1.5 * s, 3 * s, 0, 1.5 * s, 0, 3.5 * s, 0, -3.5 * s, s, -s};
    assertArrayEquals(expected, grad, 1e-13);
  }

  @Test
  void lossMatchesNaiveReferenceAndLayout() {
    SplittableRandom rnd = new SplittableRandom(21);
    Mlp m = new Mlp(9, 5, 4);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 0.6);
    Batch b = Ref.randomBatch(rnd, 11, 9, 4);
    double expected = Ref.crossEntropy(Ref.mlpLogits(theta, b, 5, 4), b.y());
    assertEquals(expected, m.loss(theta, b), 1e-12);
    assertEquals(expected, m.lossAndGradient(theta, b, new double[m.dimension()]), 1e-12);
  }

  @Test
  void gradientMatchesFiniteDifferencesOnAllCoordinatesSmall() {
    SplittableRandom rnd = new SplittableRandom(22);
    Mlp m = new Mlp(6, 5, 3);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 0.7);
    Batch b = batchAwayFromKinks(rnd, theta, 8, 6, 5, 3, 1e-3);
    double worst = Ref.gradientCheck(m, theta, b, Ref.allCoords(m.dimension()), 1e-5, 1e-6, 1e-9);
    assertTrue(worst <= 1, "finite-difference mismatch ratio " + worst);
  }

  @Test
  void gradientMatchesFiniteDifferencesOnPaperNetwork() {
    SplittableRandom rnd = new SplittableRandom(23);
    Mlp m = new Mlp(784, 10);
    double[] theta = m.init(5);
    Batch b = batchAwayFromKinks(rnd, theta, 25, 784, 100, 10, 1e-3);
    // 400 random coordinates: 100 from each of the blocks W1, b1, W2, b2.
    int[] starts = {0, m.offB1(), m.offW2(), m.offB2()};
    int[] ends = {m.offB1(), m.offW2(), m.offB2(), m.dimension()};
    int[] coords = new int[400];
    for (int i = 0; i < 400; i++) {
      coords[i] = rnd.nextInt(starts[i / 100], ends[i / 100]);
    }
    double worst = Ref.gradientCheck(m, theta, b, coords, 1e-5, 1e-6, 1e-9);
    assertTrue(worst <= 1, "finite-difference mismatch ratio " + worst);
  }

  @Test
  void gradientOverwritesGradAndLeavesInputsAlone() {
    SplittableRandom rnd = new SplittableRandom(24);
    Mlp m = new Mlp(7, 4, 3);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 1);
    Batch b = Ref.randomBatch(rnd, 5, 7, 3);
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
    SplittableRandom rnd = new SplittableRandom(25);
    Mlp m = new Mlp(8, 6, 5);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 1);
    Batch b = Ref.randomBatch(rnd, 80, 8, 5);
    double[][] z = Ref.mlpLogits(theta, b, 6, 5);
    int[] pred = m.predict(theta, b);
    for (int r = 0; r < 80; r++) {
      assertEquals(Ref.argmax(z[r]), pred[r], "row " + r);
    }
  }

  @Test
  void hugeLogitsStayFinite() {
    SplittableRandom rnd = new SplittableRandom(26);
    Mlp m = new Mlp(20, 10, 4);
    double[] theta = m.init(1);
    Batch b = Ref.randomBatch(rnd, 6, 20, 4);
    for (int i = m.offW2(); i < m.dimension(); i++) {
      theta[i] *= 1e5; // logits of order 1e4
    }
    double[][] z = Ref.mlpLogits(theta, b, 10, 4);
    double maxAbs = Arrays.stream(z).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElse(0);
    assertTrue(maxAbs > 1e3, "logits not huge: " + maxAbs);
    double[] grad = new double[m.dimension()];
    double loss = m.lossAndGradient(theta, b, grad);
    assertTrue(Double.isFinite(loss) && loss >= 0, "loss " + loss);
    for (double g : grad) {
      assertTrue(Double.isFinite(g), "grad " + g);
    }
    // With huge gaps the loss is the mean of max_c z − z_y.
    double expected = 0;
    for (int r = 0; r < z.length; r++) {
      expected += Arrays.stream(z[r]).max().getAsDouble() - z[r][b.y()[r]];
    }
    assertEquals(expected / z.length, loss, 1e-6 * Math.max(1, expected));
  }

  @Test
  void initIsPyTorchDefaultPerLayer() {
    Mlp m = new Mlp(784, 10);
    double[] a = m.init(42);
    assertArrayEquals(a, m.init(42), 0.0);
    double[] other = m.init(43);
    assertFalse(Arrays.equals(a, other));
    // Layer 1: fan_in 784, bound 1/28; layer 2: fan_in 100, bound 1/10.
    checkUniform(Arrays.copyOfRange(a, 0, m.offB1()), 1.0 / 28, true);
    checkUniform(Arrays.copyOfRange(a, m.offB1(), m.offW2()), 1.0 / 28, false);
    checkUniform(Arrays.copyOfRange(a, m.offW2(), m.offB2()), 0.1, true);
    checkUniform(Arrays.copyOfRange(a, m.offB2(), m.dimension()), 0.1, false);
    // Drawn in layout order from Seeds.rng(seed, INIT).
    var rng = Seeds.rng(42, Seeds.Purpose.INIT);
    assertEquals(rng.nextDouble(-1.0 / 28, 1.0 / 28), a[0], 0.0);
    assertEquals(rng.nextDouble(-1.0 / 28, 1.0 / 28), a[1], 0.0);
  }

  /** Values in [−bound, bound]; for large blocks also the spread of U(−bound, bound). */
  private static void checkUniform(double[] v, double bound, boolean large) {
    double sumSq = 0;
    double max = 0;
    for (double x : v) {
      assertTrue(Math.abs(x) <= bound, "out of [-" + bound + ", " + bound + "]: " + x);
      sumSq += x * x;
      max = Math.max(max, Math.abs(x));
    }
    if (large) {
      assertTrue(max > 0.99 * bound, "range not used: " + max + " vs " + bound);
      double var = sumSq / v.length;
      assertEquals(bound * bound / 3, var, 0.1 * bound * bound / 3, "variance");
    }
  }

  @Test
  void rejectsBadShapes() {
    assertThrows(IllegalArgumentException.class, () -> new Mlp(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Mlp(5, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Mlp(5, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> new Mlp(100_000, 100_000, 10));
    Mlp m = new Mlp(3, 2, 2);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            m.lossAndGradient(
                new double[m.dimension()],
                new Batch(new double[2], new int[1], 1, 2),
                new double[m.dimension()]));
  }
}
