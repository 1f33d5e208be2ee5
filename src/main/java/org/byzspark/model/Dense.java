package org.byzspark.model;

import java.util.SplittableRandom;
import org.byzspark.linalg.Gemm;

/**
 * Package-private numerics shared by the models: row-major matrix products (through {@link Gemm},
 * whose summation order is fixed whatever the CPU's vector width, so that a task recomputed on
 * another machine returns the same bits), the stable softmax cross-entropy, PyTorch's nn.Linear
 * initialisation and argument checks.
 *
 * <p>All matrices here are dense with tight leading dimensions, addressed by an offset into their
 * array (so the blocks of θ and of the gradient are used in place, never copied). Every product
 * overwrites its output block.
 */
final class Dense {
  private Dense() {}

  /** Row-major C(m×n) = A(m×k) · B(n×k)ᵀ (see {@link Gemm#abT}). */
  static void abT(
      int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
    Gemm.abT(m, n, k, a, offA, b, offB, c, offC);
  }

  /** Row-major C(m×n) = A(k×m)ᵀ · B(k×n) (see {@link Gemm#aTb}). */
  static void aTb(
      int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
    Gemm.aTb(m, n, k, a, offA, b, offB, c, offC);
  }

  /** Row-major C(m×n) = A(m×k) · B(k×n) (see {@link Gemm#ab}). */
  static void ab(
      int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
    Gemm.ab(m, n, k, a, offA, b, offB, c, offC);
  }

  /** Adds {@code bias[off + j]} to column j of the row-major rows×cols matrix z. */
  static void addBias(double[] z, int rows, int cols, double[] bias, int off) {
    for (int r = 0, i = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++, i++) {
        z[i] += bias[off + j];
      }
    }
  }

  /** out[off + j] = Σ_r m[r, j] for the row-major rows×cols matrix m (overwrites). */
  static void columnSums(double[] m, int rows, int cols, double[] out, int off) {
    for (int j = 0; j < cols; j++) {
      out[off + j] = 0.0;
    }
    for (int r = 0, i = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++, i++) {
        out[off + j] += m[i];
      }
    }
  }

  /**
   * Mean softmax cross-entropy of the row-major rows×classes logits against labels y, computed as
   * logsumexp(z) − z_y with the row max subtracted first (finite for any finite logits). If {@code
   * toDelta}, the logits are overwritten by ∂loss/∂z = (softmax(z) − onehot(y)) / rows.
   */
  static double softmaxCrossEntropy(double[] z, int rows, int classes, int[] y, boolean toDelta) {
    double total = 0.0;
    double invRows = 1.0 / rows;
    for (int r = 0; r < rows; r++) {
      int o = r * classes;
      double max = z[o];
      for (int c = 1; c < classes; c++) {
        max = Math.max(max, z[o + c]);
      }
      double sum = 0.0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(z[o + c] - max);
      }
      double logSum = Math.log(sum);
      total += logSum - (z[o + y[r]] - max);
      if (toDelta) {
        for (int c = 0; c < classes; c++) {
          z[o + c] = Math.exp(z[o + c] - max - logSum) * invRows;
        }
        z[o + y[r]] -= invRows;
      }
    }
    return total * invRows;
  }

  /** Index of the largest entry of each row (the first one on ties). */
  static int[] argmaxRows(double[] z, int rows, int cols) {
    int[] out = new int[rows];
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      int best = 0;
      for (int c = 1; c < cols; c++) {
        if (z[o + c] > z[o + best]) {
          best = c;
        }
      }
      out[r] = best;
    }
    return out;
  }

  /**
   * PyTorch's default initialisation of {@code nn.Linear(fanIn, fanOut)}: weight by
   * kaiming_uniform_(a=√5), which is U(−1/√fanIn, 1/√fanIn), and bias U(−1/√fanIn, 1/√fanIn). Fills
   * {@code fanOut·fanIn} weights at {@code offW} and then {@code fanOut} biases at {@code offB}, in
   * that order, from {@code rng}.
   */
  static void initLinear(
      SplittableRandom rng, int fanIn, int fanOut, double[] theta, int offW, int offB) {
    double bound = 1.0 / Math.sqrt(fanIn);
    for (int i = 0, n = fanOut * fanIn; i < n; i++) {
      theta[offW + i] = rng.nextDouble(-bound, bound);
    }
    for (int i = 0; i < fanOut; i++) {
      theta[offB + i] = rng.nextDouble(-bound, bound);
    }
  }

  /** Exact d, or an IllegalArgumentException if it does not fit in an int. */
  static int checkedDimension(String model, long d) {
    if (d > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(model + " would have " + d + " parameters, too many");
    }
    return (int) d;
  }

  /** Checks θ, the batch and (if non-null) grad against the model's shape; labels in range. */
  static void check(Model m, double[] theta, Batch batch, double[] grad) {
    if (theta.length != m.dimension()) {
      throw new IllegalArgumentException(
          m.name()
              + " has d="
              + m.dimension()
              + " parameters, got theta of length "
              + theta.length);
    }
    if (grad != null && grad.length != m.dimension()) {
      throw new IllegalArgumentException(
          m.name() + " has d=" + m.dimension() + " parameters, got grad of length " + grad.length);
    }
    if (batch.inputDim() != m.inputDim()) {
      throw new IllegalArgumentException(
          m.name() + " takes " + m.inputDim() + " features, got a batch with " + batch.inputDim());
    }
    if (batch.rows() <= 0) {
      throw new IllegalArgumentException(
          m.name() + ": the mean loss of an empty batch is undefined");
    }
    int[] y = batch.y();
    for (int r = 0; r < y.length; r++) {
      if (y[r] < 0 || y[r] >= m.numClasses()) {
        throw new IllegalArgumentException(
            m.name() + " has " + m.numClasses() + " classes, got label " + y[r] + " at row " + r);
      }
    }
  }

  static void checkPredict(Model m, double[] theta, Batch batch) {
    if (theta.length != m.dimension()) {
      throw new IllegalArgumentException(
          m.name()
              + " has d="
              + m.dimension()
              + " parameters, got theta of length "
              + theta.length);
    }
    if (batch.inputDim() != m.inputDim()) {
      throw new IllegalArgumentException(
          m.name() + " takes " + m.inputDim() + " features, got a batch with " + batch.inputDim());
    }
  }
}
