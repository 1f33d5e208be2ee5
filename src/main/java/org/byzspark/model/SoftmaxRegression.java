package org.byzspark.model;

import org.byzspark.util.Component;
import org.byzspark.util.Seeds;

/**
 * Multinomial logistic (softmax) regression, command-line name {@code softmax}.
 *
 * <p>Logits z = W·x + b with W ∈ ℝ^{C×p}, b ∈ ℝ^C; loss = (1/B) Σ_r [logsumexp(z_r) − z_{r,y_r}],
 * the mean cross-entropy of softmax(z) over a batch of B rows, without regularisation. Gradient:
 * ∂/∂W = δᵀX, ∂/∂b = Σ_r δ_r with δ = (softmax(Z) − onehot(y)) / B.
 *
 * <p>Parameter layout: θ = [W row-major (W[c, j] at c·p + j), b], d = C·p + C.
 *
 * <p>Initialisation: that of PyTorch's {@code nn.Linear(p, C)}, i.e. W and b i.i.d. U(−1/√p, 1/√p),
 * drawn in layout order from {@code Seeds.rng(seed, Seeds.Purpose.INIT)}.
 *
 * <p>Sparse batches ({@link SparseBatch}): the same function in O(C·non-zeros) plus O(d) to write
 * the dense gradient, bit-identical to the dense computation on the same numbers (the logits and
 * δᵀX are summed in {@link org.byzspark.linalg.Gemm}'s order, see {@code SparseOps}; for finite θ).
 *
 * <p>Not one of the models of the ResAM paper (which uses an MLP and CNNs); a convex baseline, the
 * "logistic regression" of many Byzantine-robust SGD papers' multiclass experiments.
 */
public final class SoftmaxRegression implements Model {
  private static final long serialVersionUID = 1L;

  /** The registry's declaration: {@code softmax}, any number of classes, sparse data too. */
  public static final ModelType TYPE =
      ModelType.of(
              Component.of(
                  "softmax", "multinomial logistic regression, C·p + C parameters (convex)"),
              (p, inputDim, numClasses) -> new SoftmaxRegression(inputDim, numClasses))
          .withSparse();

  private final int inputDim;
  private final int numClasses;
  private final int dimension;

  public SoftmaxRegression(int inputDim, int numClasses) {
    if (inputDim < 1 || numClasses < 2) {
      throw new IllegalArgumentException(
          "softmax needs inputDim >= 1 and numClasses >= 2, got "
              + inputDim
              + " and "
              + numClasses);
    }
    this.inputDim = inputDim;
    this.numClasses = numClasses;
    this.dimension = Dense.checkedDimension("softmax", (long) numClasses * inputDim + numClasses);
  }

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int inputDim() {
    return inputDim;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** Offset of b in θ. */
  int biasOffset() {
    return numClasses * inputDim;
  }

  @Override
  public double[] init(long seed) {
    double[] theta = new double[dimension];
    Dense.initLinear(
        Seeds.rng(seed, Seeds.Purpose.INIT), inputDim, numClasses, theta, 0, biasOffset());
    return theta;
  }

  /** Row-major B×C logits. */
  private double[] logits(double[] theta, Batch batch) {
    int rows = batch.rows();
    double[] z = new double[rows * numClasses];
    Dense.abT(rows, numClasses, inputDim, batch.x(), 0, theta, 0, z, 0);
    Dense.addBias(z, rows, numClasses, theta, biasOffset());
    return z;
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
    Dense.check(this, theta, batch, grad);
    int rows = batch.rows();
    double[] z = logits(theta, batch);
    double loss = Dense.softmaxCrossEntropy(z, rows, numClasses, batch.y(), true);
    Dense.aTb(numClasses, inputDim, rows, z, 0, batch.x(), 0, grad, 0);
    Dense.columnSums(z, rows, numClasses, grad, biasOffset());
    return loss;
  }

  @Override
  public double loss(double[] theta, Batch batch) {
    Dense.check(this, theta, batch, null);
    return Dense.softmaxCrossEntropy(
        logits(theta, batch), batch.rows(), numClasses, batch.y(), false);
  }

  @Override
  public int[] predict(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    if (batch.rows() == 0) {
      return new int[0];
    }
    return Dense.argmaxRows(logits(theta, batch), batch.rows(), numClasses);
  }

  @Override
  public double[] scores(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    return batch.rows() == 0 ? new double[0] : logits(theta, batch);
  }

  @Override
  public double[] scores(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, false);
    return logits(theta, batch);
  }

  @Override
  public boolean probabilistic() {
    return true;
  }

  @Override
  public boolean takesSparse() {
    return true;
  }

  /** Row-major B×C logits of a sparse batch, summed as the dense ones (see the class comment). */
  private double[] logits(double[] theta, SparseBatch batch) {
    int rows = batch.rows();
    double[] z = new double[rows * numClasses];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < numClasses; c++) {
        z[r * numClasses + c] = SparseOps.dot(batch, r, theta, c * inputDim, inputDim);
      }
    }
    Dense.addBias(z, rows, numClasses, theta, biasOffset());
    return z;
  }

  @Override
  public double lossAndGradient(double[] theta, SparseBatch batch, double[] grad) {
    SparseOps.check(this, theta, batch, grad, true);
    int rows = batch.rows();
    double[] z = logits(theta, batch);
    double loss = Dense.softmaxCrossEntropy(z, rows, numClasses, batch.y(), true);
    SparseOps.deltaTx(batch, z, numClasses, inputDim, grad);
    Dense.columnSums(z, rows, numClasses, grad, biasOffset());
    return loss;
  }

  @Override
  public double loss(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, true);
    return Dense.softmaxCrossEntropy(
        logits(theta, batch), batch.rows(), numClasses, batch.y(), false);
  }

  @Override
  public int[] predict(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, false);
    return Dense.argmaxRows(logits(theta, batch), batch.rows(), numClasses);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SoftmaxRegression m && m.inputDim == inputDim && m.numClasses == numClasses;
  }

  @Override
  public int hashCode() {
    return 31 * inputDim + numClasses;
  }

  @Override
  public String toString() {
    return "softmax(p=" + inputDim + ", C=" + numClasses + ", d=" + dimension + ")";
  }
}
