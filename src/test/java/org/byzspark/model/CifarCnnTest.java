package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.byzspark.util.Seeds;
import org.junit.jupiter.api.Test;

class CifarCnnTest {
  /** A small instance: 3×8×8 input, 2 and 3 channels, hidden 4, 3 classes. */
  private static CifarCnn small() {
    return new CifarCnn(8, 3, 2, 3, 4, 3);
  }

  @Test
  void paperDimensionLayoutAndSelection() {
    CifarCnn m = new CifarCnn(10);
    assertEquals(1_310_922, m.dimension());
    assertEquals(3072, m.inputDim());
    assertEquals(64 * 27, m.offB(0));
    assertEquals(64 * 27 + 64, m.offGamma(0));
    assertEquals(64 * 27 + 128, m.offBeta(0));
    assertEquals(64 * 27 + 192, m.offW(1));
    assertEquals(m.dimension() - 10 - 1280 - 128 - 128 * 8192, m.offF1());
    assertEquals(m.dimension() - 10, m.offFb2());
    // --model cnn picks the network from the data's shape
    assertEquals(m, Models.create("cnn", 3072, 10));
    assertEquals(new Cnn(10), Models.create("cnn", 784, 10));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Models.create("cnn", 3 * 30 * 30, 10));
    assertTrue(e.getMessage().contains("2700") && e.getMessage().contains("3072"), e.getMessage());
  }

  @Test
  void initialisation() {
    CifarCnn m = new CifarCnn(10);
    double[] t = m.init(3);
    assertArrayEquals(t, m.init(3));
    int[] fanIn = {27, 576, 576, 1152};
    for (int l = 0; l < 4; l++) {
      double bound = 1 / Math.sqrt(fanIn[l]);
      double max = 0;
      for (int i = m.offW(l); i < m.offGamma(l); i++) {
        max = Math.max(max, Math.abs(t[i]));
      }
      assertTrue(max <= bound && max > 0.95 * bound, "layer " + l + ": " + max);
      for (int i = m.offGamma(l); i < m.offBeta(l); i++) {
        assertEquals(1.0, t[i]);
      }
      int end = l < 3 ? m.offW(l + 1) : m.offF1();
      for (int i = m.offBeta(l); i < end; i++) {
        assertEquals(0.0, t[i]);
      }
    }
  }

  /** Batch normalisation on a hand-computed case, and its backward pass by finite differences. */
  @Test
  void batchNormHandCase() {
    // one channel, values 1, 2, 3, 4: μ = 2.5, biased variance 1.25; γ = 2, β = 0.5
    double[] x = {1, 2, 3, 4};
    double[] theta = {2, 0.5};
    double[] out = new double[4];
    double[] mean = new double[1];
    double[] inv = new double[1];
    ConvOps.batchNorm(x, 1, 4, theta, 0, 1, out, mean, inv);
    double sd = Math.sqrt(1.25 + 1e-5);
    assertEquals(2.5, mean[0], 0);
    assertEquals(1 / sd, inv[0], 1e-15);
    for (int i = 0; i < 4; i++) {
      assertEquals(2 * (x[i] - 2.5) / sd + 0.5, out[i], 1e-14);
    }
    // a constant channel normalises to β
    ConvOps.batchNorm(new double[] {3, 3, 3}, 1, 3, theta, 0, 1, out, mean, inv);
    assertEquals(0.5, out[0], 1e-12);
    // backward: L = Σ w_i out_i, two channels
    double[] w = {0.3, -1.2, 0.7, 2.0, -0.4, 0.9, 1.1, -0.5};
    double[] x2 = {1, 2, 3, 4, -1, 0.5, 0.25, 3};
    double[] th = {2, -0.7, 0.5, 0.1}; // γ0, γ1, β0, β1
    double[] dy = w.clone();
    double[] grad = new double[4];
    double[] mean2 = new double[2];
    double[] inv2 = new double[2];
    double[] o2 = new double[8];
    ConvOps.batchNorm(x2, 2, 4, th, 0, 2, o2, mean2, inv2);
    ConvOps.batchNormBackward(dy, x2, 2, 4, th, 0, mean2, inv2, grad, 2);
    double eps = 1e-6;
    for (int i = 0; i < 8; i++) {
      double[] xp = x2.clone();
      double[] xm = x2.clone();
      xp[i] += eps;
      xm[i] -= eps;
      double fd = (bnObjective(xp, th, w) - bnObjective(xm, th, w)) / (2 * eps);
      assertEquals(fd, dy[i], 1e-7, "dx " + i);
    }
    for (int i = 0; i < 4; i++) {
      double[] tp = th.clone();
      double[] tm = th.clone();
      tp[i] += eps;
      tm[i] -= eps;
      double fd = (bnObjective(x2, tp, w) - bnObjective(x2, tm, w)) / (2 * eps);
      assertEquals(fd, grad[i], 1e-7, "dγ/dβ " + i);
    }
  }

  private static double bnObjective(double[] x, double[] th, double[] w) {
    double[] out = new double[x.length];
    ConvOps.batchNorm(x, 2, 4, th, 0, 2, out, new double[2], new double[2]);
    double s = 0;
    for (int i = 0; i < out.length; i++) {
      s += w[i] * out[i];
    }
    return s;
  }

  @Test
  void dropoutMasks() {
    double[] x = new double[100_000];
    java.util.Arrays.fill(x, 2.0);
    double[] mask = new double[x.length];
    ConvOps.dropout(x, x.length, 0.25, new SplittableRandom(1), mask);
    int zeros = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] == 0) {
        zeros++;
        assertEquals(0.0, mask[i]);
      } else {
        assertEquals(2.0 / 0.75, x[i], 1e-15);
        assertEquals(1 / 0.75, mask[i], 1e-15);
      }
    }
    // binomial(100000, 0.25): sd ≈ 137
    assertEquals(25_000, zeros, 700);
  }

  /** Central differences on every coordinate, training mode with fixed dropout masks. */
  @Test
  void gradientMatchesFiniteDifferencesTrainingMode() {
    CifarCnn m = small();
    SplittableRandom r = new SplittableRandom(21);
    double[] t = m.init(9);
    for (int i = 0; i < t.length; i++) {
      t[i] = t[i] * 2 + 0.05 * r.nextDouble(-1, 1); // β ≠ 0, γ ≠ 1: every term of BN exercised
    }
    Batch batch = Ref.uniformBatch(r, 5, m.inputDim(), m.numClasses());
    long noise = Seeds.derive(7, Seeds.Purpose.DROPOUT, 3, 1);
    double[] g = new double[m.dimension()];
    double loss = m.lossAndGradient(t, batch, g, noise);
    assertEquals(m.trainingLoss(t, batch, noise), loss, 0.0);
    double eps = 1e-6;
    int nonZero = 0;
    for (int i = 0; i < t.length; i++) {
      double[] tp = t.clone();
      double[] tm = t.clone();
      tp[i] += eps;
      tm[i] -= eps;
      double fd = (m.trainingLoss(tp, batch, noise) - m.trainingLoss(tm, batch, noise)) / (2 * eps);
      assertEquals(fd, g[i], 1e-6 + 1e-5 * Math.abs(fd), "coordinate " + i);
      if (Math.abs(g[i]) > 1e-5) {
        nonZero++;
      }
    }
    assertTrue(nonZero > t.length / 2, "too few non-zero gradient coordinates: " + nonZero);
    // the masks matter: another noise seed gives another loss and gradient
    double[] g2 = new double[m.dimension()];
    double loss2 = m.lossAndGradient(t, batch, g2, noise + 1);
    assertNotEquals(loss, loss2);
  }

  /** Sampled coordinates of every layer of the paper's network (2 rows, training mode). */
  @Test
  void paperNetworkGradientMatchesFiniteDifferencesPerLayer() {
    CifarCnn m = new CifarCnn(10);
    SplittableRandom r = new SplittableRandom(23);
    double[] t = m.init(2);
    Batch batch = Ref.uniformBatch(r, 2, 3072, 10);
    long noise = 99;
    double[] g = new double[m.dimension()];
    m.lossAndGradient(t, batch, g, noise);
    List<int[]> layers = new ArrayList<>();
    for (int l = 0; l < 4; l++) {
      layers.add(new int[] {m.offW(l), m.offB(l)});
      layers.add(new int[] {m.offB(l), m.offGamma(l)});
      layers.add(new int[] {m.offGamma(l), m.offBeta(l)});
      layers.add(new int[] {m.offBeta(l), l < 3 ? m.offW(l + 1) : m.offF1()});
    }
    layers.add(new int[] {m.offF1(), m.offFb1()});
    layers.add(new int[] {m.offFb1(), m.offF2()});
    layers.add(new int[] {m.offF2(), m.offFb2()});
    layers.add(new int[] {m.offFb2(), m.dimension()});
    // 1e-6: with 2·1024 pixels × 64 channels, a step of 1e-5 in a first-layer weight already
    // moves some pre-activations across ReLU's kink (measured: fd(1e-5) off by 5e-4, fd(1e-6) by
    // 3e-9 on the same coordinate)
    double eps = 1e-6;
    for (int[] layer : layers) {
      double worst = 0;
      double scale = 0;
      for (int s = 0; s < 4; s++) {
        int i = layer[0] + r.nextInt(layer[1] - layer[0]);
        double[] tp = t.clone();
        double[] tm = t.clone();
        tp[i] += eps;
        tm[i] -= eps;
        double fd =
            (m.trainingLoss(tp, batch, noise) - m.trainingLoss(tm, batch, noise)) / (2 * eps);
        worst = Math.max(worst, Math.abs(fd - g[i]));
        scale = Math.max(scale, Math.abs(g[i]));
      }
      assertTrue(worst <= 1e-7 + 1e-5 * scale, "layer at " + layer[0] + ": error " + worst);
    }
  }

  /** Evaluation: deterministic, BN statistics per chunk of EVAL_CHUNK rows. */
  @Test
  void evaluationModeIsDeterministicAndChunked() {
    CifarCnn m = small();
    SplittableRandom r = new SplittableRandom(25);
    double[] t = m.init(4);
    Batch big = Ref.uniformBatch(r, 2 * CifarCnn.EVAL_CHUNK + 7, m.inputDim(), m.numClasses());
    int[] p = m.predict(t, big);
    assertArrayEquals(p, m.predict(t, big));
    // a chunk's predictions depend only on its own rows: the first chunk alone gives the same
    Batch first =
        new Batch(
            java.util.Arrays.copyOf(big.x(), CifarCnn.EVAL_CHUNK * m.inputDim()),
            java.util.Arrays.copyOf(big.y(), CifarCnn.EVAL_CHUNK),
            CifarCnn.EVAL_CHUNK,
            m.inputDim());
    assertArrayEquals(java.util.Arrays.copyOf(p, CifarCnn.EVAL_CHUNK), m.predict(t, first));
    double l = m.loss(t, big);
    assertTrue(Double.isFinite(l) && l > 0);
  }

  /** Direct loops from the definition (evaluation mode: no dropout, BN on the batch itself). */
  static double[][] referenceLogits(
      CifarCnn m,
      int side,
      int cin,
      int c1,
      int c2,
      int hidden,
      int classes,
      double[] t,
      double[] x,
      int rows) {
    double[][][][] a = new double[rows][cin][side][side];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cin; c++) {
        for (int i = 0; i < side; i++) {
          for (int j = 0; j < side; j++) {
            a[r][c][i][j] = x[((r * cin + c) * side + i) * side + j];
          }
        }
      }
    }
    int[] couts = {c1, c1, c2, c2};
    for (int l = 0; l < 4; l++) {
      if (l == 2) {
        a = pool(a);
      }
      int ci = a[0].length;
      int s = a[0][0].length;
      int co = couts[l];
      double[][][][] y = new double[rows][co][s][s];
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < co; o++) {
          for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
              double v = t[m.offB(l) + o];
              for (int c = 0; c < ci; c++) {
                for (int u = 0; u < 3; u++) {
                  for (int w = 0; w < 3; w++) {
                    int ii = i + u - 1;
                    int jj = j + w - 1;
                    if (ii >= 0 && ii < s && jj >= 0 && jj < s) {
                      v += t[m.offW(l) + ((o * ci + c) * 3 + u) * 3 + w] * a[r][c][ii][jj];
                    }
                  }
                }
              }
              y[r][o][i][j] = Math.max(0, v);
            }
          }
        }
      }
      for (int o = 0; o < co; o++) {
        double mu = 0;
        for (int r = 0; r < rows; r++) {
          for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
              mu += y[r][o][i][j];
            }
          }
        }
        int n = rows * s * s;
        mu /= n;
        double var = 0;
        for (int r = 0; r < rows; r++) {
          for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
              var += (y[r][o][i][j] - mu) * (y[r][o][i][j] - mu);
            }
          }
        }
        var /= n;
        for (int r = 0; r < rows; r++) {
          for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
              y[r][o][i][j] =
                  t[m.offGamma(l) + o] * (y[r][o][i][j] - mu) / Math.sqrt(var + 1e-5)
                      + t[m.offBeta(l) + o];
            }
          }
        }
      }
      a = y;
    }
    a = pool(a);
    int s4 = a[0][0].length;
    int flat = c2 * s4 * s4;
    double[][] z = new double[rows][classes];
    for (int r = 0; r < rows; r++) {
      double[] f = new double[flat];
      for (int c = 0, i = 0; c < c2; c++) {
        for (int u = 0; u < s4; u++) {
          for (int v = 0; v < s4; v++, i++) {
            f[i] = a[r][c][u][v];
          }
        }
      }
      double[] h = new double[hidden];
      for (int j = 0; j < hidden; j++) {
        double v = t[m.offFb1() + j];
        for (int i = 0; i < flat; i++) {
          v += t[m.offF1() + j * flat + i] * f[i];
        }
        h[j] = Math.max(0, v);
      }
      for (int c = 0; c < classes; c++) {
        double v = t[m.offFb2() + c];
        for (int j = 0; j < hidden; j++) {
          v += t[m.offF2() + c * hidden + j] * h[j];
        }
        z[r][c] = v;
      }
    }
    return z;
  }

  private static double[][][][] pool(double[][][][] a) {
    int p = a[0][0].length / 2;
    double[][][][] q = new double[a.length][a[0].length][p][p];
    for (int r = 0; r < a.length; r++) {
      for (int c = 0; c < a[0].length; c++) {
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < p; j++) {
            q[r][c][i][j] =
                Math.max(
                    Math.max(a[r][c][2 * i][2 * j], a[r][c][2 * i][2 * j + 1]),
                    Math.max(a[r][c][2 * i + 1][2 * j], a[r][c][2 * i + 1][2 * j + 1]));
          }
        }
      }
    }
    return q;
  }

  @Test
  void evaluationEqualsTheDirectDefinition() {
    CifarCnn m = small();
    SplittableRandom r = new SplittableRandom(27);
    double[] t = m.init(6);
    for (int i = 0; i < t.length; i++) {
      t[i] += 0.1 * r.nextDouble(-1, 1);
    }
    Batch batch = Ref.uniformBatch(r, 4, m.inputDim(), 3);
    double[][] z = referenceLogits(m, 8, 3, 2, 3, 4, 3, t, batch.x(), 4);
    double expected = 0;
    int[] pred = m.predict(t, batch);
    for (int row = 0; row < 4; row++) {
      double max = java.util.Arrays.stream(z[row]).max().getAsDouble();
      double lse =
          max + Math.log(java.util.Arrays.stream(z[row]).map(v -> Math.exp(v - max)).sum());
      expected += (lse - z[row][batch.y()[row]]) / 4;
      int best = 0;
      for (int c = 1; c < 3; c++) {
        if (z[row][c] > z[row][best]) {
          best = c;
        }
      }
      assertEquals(best, pred[row]);
    }
    assertEquals(expected, m.loss(t, batch), 1e-12);
  }

  /** Convolutions by groups of examples: same forward bits, same gradient up to rounding. */
  @Test
  void im2colGroups() {
    CifarCnn whole = small();
    CifarCnn oneByOne = new CifarCnn(8, 3, 2, 3, 4, 3, 1);
    SplittableRandom r = new SplittableRandom(29);
    double[] t = whole.init(8);
    Batch batch = Ref.uniformBatch(r, 5, whole.inputDim(), 3);
    double[] g1 = new double[whole.dimension()];
    double[] g2 = new double[whole.dimension()];
    double l1 = whole.lossAndGradient(t, batch, g1, 3);
    double l2 = oneByOne.lossAndGradient(t, batch, g2, 3);
    assertEquals(l1, l2, 0.0);
    assertArrayEquals(whole.predict(t, batch), oneByOne.predict(t, batch));
    for (int i = 0; i < g1.length; i++) {
      assertEquals(g1[i], g2[i], 1e-13 * (1 + Math.abs(g1[i])), "coordinate " + i);
    }
  }

  @Test
  void sameBitsWhateverTheThreads() throws Exception {
    CifarCnn m = new CifarCnn(16, 3, 8, 8, 16, 10);
    double[] t = m.init(4);
    Batch batch = Ref.uniformBatch(new SplittableRandom(14), 6, m.inputDim(), 10);
    double[] g0 = new double[m.dimension()];
    double l0 = m.lossAndGradient(t, batch, g0, 5);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> fs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fs.add(
            pool.submit(
                () -> {
                  double[] g = new double[m.dimension()];
                  double l = m.lossAndGradient(t, batch, g, 5);
                  double[] out = java.util.Arrays.copyOf(g, g.length + 1);
                  out[g.length] = l;
                  return out;
                }));
      }
      for (Future<double[]> f : fs) {
        double[] out = f.get();
        assertEquals(l0, out[g0.length], 0.0);
        assertArrayEquals(g0, java.util.Arrays.copyOf(out, g0.length));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
