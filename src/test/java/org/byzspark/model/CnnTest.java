package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CnnTest {
  /** A small instance: 10×10 input, 3×3 kernels, 2 and 3 channels, hidden 5, 3 classes. */
  private static Cnn small() {
    return new Cnn(10, 3, 2, 3, 5, 3);
  }

  @Test
  void paperDimensionAndLayout() {
    Cnn m = new Cnn(10);
    // 520 + 10,020 + 160,500 + 5,010
    assertEquals(176_050, m.dimension());
    assertEquals(500, m.offB1());
    assertEquals(520, m.offW2());
    assertEquals(10_520, m.offB2());
    assertEquals(10_540, m.offF1());
    assertEquals(170_540, m.offFb1());
    assertEquals(171_040, m.offF2());
    assertEquals(176_040, m.offFb2());
    assertEquals(784, m.inputDim());
  }

  @Test
  void initialisationIsPyTorchsUniformBounds() {
    Cnn m = new Cnn(10);
    double[] t = m.init(3);
    double[][] ranges = {
      {0, m.offW2(), 1 / Math.sqrt(25)},
      {m.offW2(), m.offF1(), 1 / Math.sqrt(500)},
      {m.offF1(), m.offF2(), 1 / Math.sqrt(320)},
      {m.offF2(), m.dimension(), 1 / Math.sqrt(500)}
    };
    for (double[] g : ranges) {
      double max = 0;
      for (int i = (int) g[0]; i < (int) g[1]; i++) {
        max = Math.max(max, Math.abs(t[i]));
      }
      assertTrue(max <= g[2], "bound " + g[2]);
      assertTrue(max > 0.95 * g[2], "uniform over the whole range " + g[2] + ", max " + max);
    }
    assertArrayEquals(t, m.init(3));
  }

  /** The network written out with direct loops, as in PyTorch's definition. */
  static double[] referenceLogits(
      Cnn m, int side, int k, int c1, int c2, int hidden, int classes, double[] t, double[] x) {
    int o1 = side - k + 1;
    double[][][] a1 = new double[c1][o1][o1];
    for (int c = 0; c < c1; c++) {
      for (int i = 0; i < o1; i++) {
        for (int j = 0; j < o1; j++) {
          double s = t[m.offB1() + c];
          for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
              s += t[c * k * k + u * k + v] * x[(i + u) * side + j + v];
            }
          }
          a1[c][i][j] = Math.max(0, s);
        }
      }
    }
    double[][][] q1 = pool(a1);
    int p1 = q1[0].length;
    int o2 = p1 - k + 1;
    double[][][] a2 = new double[c2][o2][o2];
    for (int c = 0; c < c2; c++) {
      for (int i = 0; i < o2; i++) {
        for (int j = 0; j < o2; j++) {
          double s = t[m.offB2() + c];
          for (int ci = 0; ci < c1; ci++) {
            for (int u = 0; u < k; u++) {
              for (int v = 0; v < k; v++) {
                s += t[m.offW2() + ((c * c1 + ci) * k + u) * k + v] * q1[ci][i + u][j + v];
              }
            }
          }
          a2[c][i][j] = Math.max(0, s);
        }
      }
    }
    double[][][] q2 = pool(a2);
    int p2 = q2[0].length;
    int flat = c2 * p2 * p2;
    double[] f = new double[flat];
    for (int c = 0, i = 0; c < c2; c++) {
      for (int u = 0; u < p2; u++) {
        for (int v = 0; v < p2; v++, i++) {
          f[i] = q2[c][u][v];
        }
      }
    }
    double[] h = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double s = t[m.offFb1() + j];
      for (int i = 0; i < flat; i++) {
        s += t[m.offF1() + j * flat + i] * f[i];
      }
      h[j] = Math.max(0, s);
    }
    double[] z = new double[classes];
    for (int c = 0; c < classes; c++) {
      double s = t[m.offFb2() + c];
      for (int j = 0; j < hidden; j++) {
        s += t[m.offF2() + c * hidden + j] * h[j];
      }
      z[c] = s;
    }
    return z;
  }

  private static double[][][] pool(double[][][] a) {
    int p = a[0].length / 2;
    double[][][] q = new double[a.length][p][p];
    for (int c = 0; c < a.length; c++) {
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          q[c][i][j] =
              Math.max(
                  Math.max(a[c][2 * i][2 * j], a[c][2 * i][2 * j + 1]),
                  Math.max(a[c][2 * i + 1][2 * j], a[c][2 * i + 1][2 * j + 1]));
        }
      }
    }
    return q;
  }

  @Test
  void lossEqualsTheDirectDefinition() {
    SplittableRandom r = new SplittableRandom(11);
    for (Cnn m : List.of(small(), new Cnn(13, 3, 3, 2, 4, 3), new Cnn(28, 5, 20, 20, 500, 10))) {
      int side = (int) Math.sqrt(m.inputDim());
      double[] t = m.init(5);
      Batch batch = Ref.uniformBatch(r, 3, m.inputDim(), m.numClasses());
      double expected = 0;
      int[] pred = m.predict(t, batch);
      for (int row = 0; row < 3; row++) {
        double[] x =
            java.util.Arrays.copyOfRange(batch.x(), row * m.inputDim(), (row + 1) * m.inputDim());
        Cnn shape = m;
        int k = side == 28 ? 5 : 3;
        int[] ch =
            side == 28
                ? new int[] {20, 20, 500}
                : side == 10 ? new int[] {2, 3, 5} : new int[] {3, 2, 4};
        double[] z = referenceLogits(shape, side, k, ch[0], ch[1], ch[2], m.numClasses(), t, x);
        double max = java.util.Arrays.stream(z).max().getAsDouble();
        double lse = max + Math.log(java.util.Arrays.stream(z).map(v -> Math.exp(v - max)).sum());
        expected += lse - z[batch.y()[row]];
        int best = 0;
        for (int c = 1; c < z.length; c++) {
          if (z[c] > z[best]) {
            best = c;
          }
        }
        assertEquals(best, pred[row]);
      }
      expected /= 3;
      assertEquals(expected, m.loss(t, batch), 1e-12 * Math.max(1, expected));
      assertEquals(m.loss(t, batch), m.lossAndGradient(t, batch, new double[m.dimension()]), 0.0);
    }
  }

  /** Central differences on every coordinate of a small instance (seeded: kinks not crossed). */
  @Test
  void gradientMatchesFiniteDifferences() {
    for (Cnn m : List.of(small(), new Cnn(13, 3, 3, 2, 4, 3))) {
      SplittableRandom r = new SplittableRandom(12);
      double[] t = m.init(9);
      for (int i = 0; i < t.length; i++) {
        t[i] *= 3; // larger weights: activations and gradients away from 0
      }
      Batch batch = Ref.uniformBatch(r, 4, m.inputDim(), m.numClasses());
      double[] g = new double[m.dimension()];
      m.lossAndGradient(t, batch, g);
      double eps = 1e-6;
      int checked = 0;
      for (int i = 0; i < t.length; i++) {
        double[] tp = t.clone();
        double[] tm = t.clone();
        tp[i] += eps;
        tm[i] -= eps;
        double fd = (m.loss(tp, batch) - m.loss(tm, batch)) / (2 * eps);
        assertEquals(fd, g[i], 1e-6 + 1e-5 * Math.abs(fd), m + " coordinate " + i);
        if (Math.abs(g[i]) > 1e-4) {
          checked++;
        }
      }
      assertTrue(checked > t.length / 3, "too few non-zero gradient coordinates: " + checked);
    }
  }

  /** The paper's network on a few rows: sampled coordinates of every layer. */
  @Test
  void paperNetworkGradientMatchesFiniteDifferencesPerLayer() {
    Cnn m = new Cnn(10);
    SplittableRandom r = new SplittableRandom(13);
    double[] t = m.init(2);
    Batch batch = Ref.uniformBatch(r, 2, 784, 10);
    double[] g = new double[m.dimension()];
    m.lossAndGradient(t, batch, g);
    int[][] layers = {
      {0, m.offB1()},
      {m.offB1(), m.offW2()},
      {m.offW2(), m.offB2()},
      {m.offB2(), m.offF1()},
      {m.offF1(), m.offFb1()},
      {m.offFb1(), m.offF2()},
      {m.offF2(), m.offFb2()},
      {m.offFb2(), m.dimension()}
    };
    double eps = 1e-6;
    for (int[] layer : layers) {
      double worst = 0;
      double scale = 0;
      for (int s = 0; s < 12; s++) {
        int i = layer[0] + r.nextInt(layer[1] - layer[0]);
        double[] tp = t.clone();
        double[] tm = t.clone();
        tp[i] += eps;
        tm[i] -= eps;
        double fd = (m.loss(tp, batch) - m.loss(tm, batch)) / (2 * eps);
        worst = Math.max(worst, Math.abs(fd - g[i]));
        scale = Math.max(scale, Math.abs(g[i]));
      }
      assertTrue(worst <= 1e-7 + 1e-5 * scale, "layer at " + layer[0] + ": error " + worst);
    }
  }

  @Test
  void sameBitsWhateverTheGroupsOfExamples() {
    // The convolutions walk the batch in groups sized by a budget of doubles; the gradient must not
    // depend on it: groups of one unit (1, 2 or 4 examples, whatever makes the group's columns a
    // multiple of 4), the default, and the whole batch in one group (the earlier algorithm). The
    // second shape has odd planes (11×11 and 3×3 outputs), so its last group has a k mod 4 tail.
    Object[][] cases = {{new Cnn(10), 25}, {new Cnn(13, 3, 2, 3, 6, 4), 7}, {small(), 5}};
    SplittableRandom r = new SplittableRandom(21);
    for (Object[] c : cases) {
      Cnn m = (Cnn) c[0];
      int b = (Integer) c[1];
      double[] t = m.init(5);
      Batch batch = Ref.uniformBatch(r, b, m.inputDim(), m.numClasses());
      double[] whole = new double[m.dimension()];
      double lw = m.lossAndGradient(t, batch, whole, Integer.MAX_VALUE);
      for (int budget : new int[] {1, 5000, Cnn.COLS_BUDGET}) {
        double[] g = new double[m.dimension()];
        double l = m.lossAndGradient(t, batch, g, budget);
        assertEquals(lw, l, 0.0);
        assertArrayEquals(whole, g, 0.0, m + " budget " + budget);
      }
    }
    assertEquals(1, Cnn.groupSize(576, 25, 1));
    assertEquals(4, Cnn.groupSize(121, 9, 1));
    assertEquals(2, Cnn.groupSize(10, 9, 1));
    assertEquals(2, Cnn.groupSize(64, 500, 1 << 16));
  }

  @Test
  void sameBitsWhateverTheThreads() throws Exception {
    Cnn m = new Cnn(10);
    double[] t = m.init(4);
    Batch batch = Ref.uniformBatch(new SplittableRandom(14), 25, 784, 10);
    double[] g0 = new double[m.dimension()];
    double l0 = m.lossAndGradient(t, batch, g0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(
            pool.submit(
                () -> {
                  double[] g = new double[m.dimension()];
                  double l = m.lossAndGradient(t, batch, g);
                  double[] out = java.util.Arrays.copyOf(g, g.length + 1);
                  out[g.length] = l;
                  return out;
                }));
      }
      for (Future<double[]> f : fs) {
        double[] out = f.get();
        assertEquals(l0, out[g0.length], 0.0);
        assertArrayEquals(g0, java.util.Arrays.copyOf(out, g0.length), 0.0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void predictionInChunksEqualsOneByOne() {
    Cnn m = small();
    double[] t = m.init(6);
    Batch batch = Ref.uniformBatch(new SplittableRandom(15), Cnn.CHUNK * 2 + 7, 100, 3);
    int[] all = m.predict(t, batch);
    for (int r = 0; r < batch.rows(); r += 37) {
      Batch one =
          new Batch(
              java.util.Arrays.copyOfRange(batch.x(), r * 100, r * 100 + 100),
              new int[] {batch.y()[r]},
              1,
              100);
      assertEquals(m.predict(t, one)[0], all[r]);
    }
    double sum = 0;
    for (int r = 0; r < batch.rows(); r++) {
      Batch one =
          new Batch(
              java.util.Arrays.copyOfRange(batch.x(), r * 100, r * 100 + 100),
              new int[] {batch.y()[r]},
              1,
              100);
      sum += m.loss(t, one);
    }
    assertEquals(sum / batch.rows(), m.loss(t, batch), 1e-12);
  }

  @Test
  void badShapesAreRefusedInOneLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Cnn(8, 5, 2, 2, 3, 3));
    assertTrue(e.getMessage().contains("too small"));
    assertFalse(e.getMessage().contains("\n"));
  }
}
