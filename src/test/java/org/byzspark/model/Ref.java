package org.byzspark.model;

import java.util.SplittableRandom;

/**
 * Test support: naive triple-loop references written directly from the documented parameter layouts
 * (independent of BLAS and of the row/column-major juggling in the models), random batches and a
 * central finite-difference gradient check.
 */
final class Ref {
  private Ref() {}

  static Batch randomBatch(SplittableRandom rnd, int rows, int p, int classes) {
    double[] x = new double[rows * p];
    int[] y = new int[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = gaussian(rnd);
    }
    for (int r = 0; r < rows; r++) {
      y[r] = rnd.nextInt(classes);
    }
    return new Batch(x, y, rows, p);
  }

  /** A batch with features uniform in [−2, 2) and labels uniform in 0..classes−1. */
  static Batch uniformBatch(SplittableRandom rnd, int rows, int p, int classes) {
    double[] x = new double[rows * p];
    int[] y = new int[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextDouble(-2, 2);
    }
    for (int i = 0; i < rows; i++) {
      y[i] = rnd.nextInt(classes);
    }
    return new Batch(x, y, rows, p);
  }

  static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  static double[] randomTheta(SplittableRandom rnd, int d, double scale) {
    double[] t = new double[d];
    for (int i = 0; i < d; i++) {
      t[i] = scale * gaussian(rnd);
    }
    return t;
  }

  /** Softmax regression logits from θ = [W (C×p row-major), b]. */
  static double[][] softmaxLogits(double[] theta, Batch b, int classes) {
    int p = b.inputDim();
    double[][] z = new double[b.rows()][classes];
    for (int r = 0; r < b.rows(); r++) {
      for (int c = 0; c < classes; c++) {
        double s = theta[classes * p + c];
        for (int j = 0; j < p; j++) {
          s += theta[c * p + j] * b.x()[r * p + j];
        }
        z[r][c] = s;
      }
    }
    return z;
  }

  /** Hidden pre-activations Z1 from θ = [W1 (h×p), b1, W2 (C×h), b2]. */
  static double[][] mlpPre(double[] theta, Batch b, int hidden) {
    int p = b.inputDim();
    double[][] z = new double[b.rows()][hidden];
    for (int r = 0; r < b.rows(); r++) {
      for (int k = 0; k < hidden; k++) {
        double s = theta[hidden * p + k];
        for (int j = 0; j < p; j++) {
          s += theta[k * p + j] * b.x()[r * p + j];
        }
        z[r][k] = s;
      }
    }
    return z;
  }

  static double[][] mlpLogits(double[] theta, Batch b, int hidden, int classes) {
    int p = b.inputDim();
    int offW2 = hidden * p + hidden;
    int offB2 = offW2 + classes * hidden;
    double[][] z1 = mlpPre(theta, b, hidden);
    double[][] z = new double[b.rows()][classes];
    for (int r = 0; r < b.rows(); r++) {
      for (int c = 0; c < classes; c++) {
        double s = theta[offB2 + c];
        for (int k = 0; k < hidden; k++) {
          s += theta[offW2 + c * hidden + k] * Math.max(0.0, z1[r][k]);
        }
        z[r][c] = s;
      }
    }
    return z;
  }

  /** Mean cross-entropy −log softmax(z)_y, textbook form (fine for moderate logits). */
  static double crossEntropy(double[][] z, int[] y) {
    double total = 0;
    for (int r = 0; r < z.length; r++) {
      double s = 0;
      for (double v : z[r]) {
        s += Math.exp(v);
      }
      total += -Math.log(Math.exp(z[r][y[r]]) / s);
    }
    return total / z.length;
  }

  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Central differences with step h on the given coordinates; returns the largest violation of |fd
   * − g| ≤ rel·max(|fd|, |g|) + abs, as a ratio (≤ 1 means all coordinates pass).
   */
  static double gradientCheck(
      Model m, double[] theta, Batch b, int[] coords, double h, double rel, double abs) {
    double[] grad = new double[m.dimension()];
    m.lossAndGradient(theta, b, grad);
    double worst = 0;
    for (int i : coords) {
      double t = theta[i];
      theta[i] = t + h;
      double fp = m.loss(theta, b);
      theta[i] = t - h;
      double fm = m.loss(theta, b);
      theta[i] = t;
      double fd = (fp - fm) / (2 * h);
      double ratio =
          Math.abs(fd - grad[i]) / (rel * Math.max(Math.abs(fd), Math.abs(grad[i])) + abs);
      if (ratio > worst) {
        worst = ratio;
      }
    }
    return worst;
  }

  static int[] allCoords(int d) {
    int[] c = new int[d];
    for (int i = 0; i < d; i++) {
      c[i] = i;
    }
    return c;
  }
}
