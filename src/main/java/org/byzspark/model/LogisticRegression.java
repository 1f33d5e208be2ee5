package org.byzspark.model;

import org.byzspark.util.Component;
import org.byzspark.util.Seeds;

/**
 * Binary logistic regression, command-line name {@code logistic}; numClasses = 2, labels in {0, 1}.
 *
 * <p>Score z = w·x + b; with s = 2y − 1 ∈ {−1, +1}, loss = (1/B) Σ_r log(1 + exp(−s_r z_r)), the
 * mean logistic loss (= binary cross-entropy of σ(z)), computed in the stable form softplus(t) =
 * max(t, 0) + log1p(exp(−|t|)). Gradient: ∂/∂w = Xᵀδ, ∂/∂b = Σ_r δ_r with δ_r = (σ(z_r) − y_r) / B.
 * Prediction: 1 if z &gt; 0, else 0.
 *
 * <p>Parameter layout: θ = [w (p), b], d = p + 1.
 *
 * <p>Initialisation: that of PyTorch's {@code nn.Linear(p, 1)}, i.e. w and b i.i.d. U(−1/√p, 1/√p),
 * drawn in layout order from {@code Seeds.rng(seed, Seeds.Purpose.INIT)}.
 *
 * <p>Sparse batches ({@link SparseBatch}, e.g. the {@code synthetic} dataset): the same function,
 * computed in O(non-zeros) plus O(d) to write the dense gradient, and bit-identical to the dense
 * computation on the same numbers. The score x·w is summed exactly as {@link
 * org.byzspark.linalg.Gemm}'s dot form sums a dense row (four fma chains over the columns j ≡ l
 * (mod 4) below 4⌊p/4⌋, combined as (s₀ + s₁) + (s₂ + s₃), then the tail columns by fma in
 * ascending order), and ∂/∂w_j as Gemm's broadcast form (one fma chain over the rows in ascending
 * order): a zero entry contributes fma(0, w, s) = s exactly, so skipping it changes no bit as long
 * as θ is finite (with an infinite or NaN weight the dense product gives NaN through 0·∞, the
 * sparse one does not).
 *
 * <p>Not used in the ResAM paper; the convex binary baseline of many Byzantine-robust SGD papers.
 */
public final class LogisticRegression implements Model {
  private static final long serialVersionUID = 1L;

  /** The registry's declaration: {@code logistic}, two classes only, sparse data too. */
  public static final ModelType TYPE =
      ModelType.of(
              Component.of("logistic", "binary logistic regression, p + 1 parameters (convex)"),
              (p, inputDim, numClasses) -> {
                if (numClasses != 2) {
                  throw new IllegalArgumentException(
                      "logistic is binary: it needs numClasses = 2, got "
                          + numClasses
                          + " (use softmax or mlp for more classes)");
                }
                return new LogisticRegression(inputDim);
              })
          .withSparse();

  private final int inputDim;

  public LogisticRegression(int inputDim) {
    if (inputDim < 1) {
      throw new IllegalArgumentException("logistic needs inputDim >= 1, got " + inputDim);
    }
    Dense.checkedDimension("logistic", (long) inputDim + 1);
    this.inputDim = inputDim;
  }

  @Override
  public String name() {
    return "logistic";
  }

  @Override
  public int dimension() {
    return inputDim + 1;
  }

  @Override
  public int inputDim() {
    return inputDim;
  }

  @Override
  public int numClasses() {
    return 2;
  }

  @Override
  public double[] init(long seed) {
    double[] theta = new double[inputDim + 1];
    Dense.initLinear(Seeds.rng(seed, Seeds.Purpose.INIT), inputDim, 1, theta, 0, inputDim);
    return theta;
  }

  /** z = X·w + b, one score per row. */
  private double[] margins(double[] theta, Batch batch) {
    int rows = batch.rows();
    double[] z = new double[rows];
    // X·w as the row-major product X(B×p)·wᵀ with w a 1×p matrix.
    Dense.abT(rows, 1, inputDim, batch.x(), 0, theta, 0, z, 0);
    double b = theta[inputDim];
    for (int r = 0; r < rows; r++) {
      z[r] += b;
    }
    return z;
  }

  /** log(1 + exp(t)) without overflow or cancellation. */
  static double softplus(double t) {
    return Math.max(t, 0.0) + Math.log1p(Math.exp(-Math.abs(t)));
  }

  /** σ(t) = 1 / (1 + exp(−t)) without overflow. */
  static double sigmoid(double t) {
    if (t >= 0) {
      return 1.0 / (1.0 + Math.exp(-t));
    }
    double e = Math.exp(t);
    return e / (1.0 + e);
  }

  private static double rowLoss(double z, int y) {
    return softplus(y == 1 ? -z : z);
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
    Dense.check(this, theta, batch, grad);
    int rows = batch.rows();
    int[] y = batch.y();
    double[] z = margins(theta, batch);
    double loss = 0.0;
    double db = 0.0;
    double invRows = 1.0 / rows;
    for (int r = 0; r < rows; r++) {
      loss += rowLoss(z[r], y[r]);
      z[r] = (sigmoid(z[r]) - y[r]) * invRows; // z now holds δ
      db += z[r];
    }
    // ∂/∂w = Xᵀδ, as the 1×p row-major product δᵀ(1×B)·X(B×p).
    Dense.ab(1, inputDim, rows, z, 0, batch.x(), 0, grad, 0);
    grad[inputDim] = db;
    return loss * invRows;
  }

  @Override
  public double loss(double[] theta, Batch batch) {
    Dense.check(this, theta, batch, null);
    double[] z = margins(theta, batch);
    int[] y = batch.y();
    double loss = 0.0;
    for (int r = 0; r < z.length; r++) {
      loss += rowLoss(z[r], y[r]);
    }
    return loss / z.length;
  }

  @Override
  public int[] predict(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    if (batch.rows() == 0) {
      return new int[0];
    }
    double[] z = margins(theta, batch);
    int[] out = new int[z.length];
    for (int r = 0; r < z.length; r++) {
      out[r] = z[r] > 0 ? 1 : 0;
    }
    return out;
  }

  /** (0, z_r) per row: their softmax is (1 − σ(z_r), σ(z_r)). */
  static double[] binaryScores(double[] z) {
    double[] out = new double[2 * z.length];
    for (int r = 0; r < z.length; r++) {
      out[2 * r + 1] = z[r];
    }
    return out;
  }

  @Override
  public double[] scores(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    return batch.rows() == 0 ? new double[0] : binaryScores(margins(theta, batch));
  }

  @Override
  public double[] scores(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, false);
    return binaryScores(margins(theta, batch));
  }

  @Override
  public boolean probabilistic() {
    return true;
  }

  @Override
  public boolean takesSparse() {
    return true;
  }

  /** z_r = x_r·w + b in Gemm's dot order (see the class comment). */
  private double[] margins(double[] theta, SparseBatch batch) {
    double[] z = new double[batch.rows()];
    double b = theta[inputDim];
    for (int r = 0; r < z.length; r++) {
      z[r] = SparseOps.dot(batch, r, theta, 0, inputDim) + b;
    }
    return z;
  }

  @Override
  public double lossAndGradient(double[] theta, SparseBatch batch, double[] grad) {
    SparseOps.check(this, theta, batch, grad, true);
    int rows = batch.rows();
    int[] y = batch.y();
    double[] z = margins(theta, batch);
    double loss = 0.0;
    double db = 0.0;
    double invRows = 1.0 / rows;
    for (int r = 0; r < rows; r++) {
      loss += rowLoss(z[r], y[r]);
      z[r] = (sigmoid(z[r]) - y[r]) * invRows; // z now holds δ
      db += z[r];
    }
    // ∂/∂w_j = Σ_r δ_r x_rj, one fma chain per column over the rows in ascending order.
    SparseOps.deltaTx(batch, z, 1, inputDim, grad);
    grad[inputDim] = db;
    return loss * invRows;
  }

  @Override
  public double loss(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, true);
    double[] z = margins(theta, batch);
    int[] y = batch.y();
    double loss = 0.0;
    for (int r = 0; r < z.length; r++) {
      loss += rowLoss(z[r], y[r]);
    }
    return loss / z.length;
  }

  @Override
  public int[] predict(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, false);
    double[] z = margins(theta, batch);
    int[] out = new int[z.length];
    for (int r = 0; r < z.length; r++) {
      out[r] = z[r] > 0 ? 1 : 0;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogisticRegression m && m.inputDim == inputDim;
  }

  @Override
  public int hashCode() {
    return inputDim;
  }

  @Override
  public String toString() {
    return "logistic(p=" + inputDim + ", d=" + dimension() + ")";
  }
}
