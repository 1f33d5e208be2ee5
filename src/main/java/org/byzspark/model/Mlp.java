package org.byzspark.model;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Seeds;

/**
 * A one-hidden-layer perceptron p → h → C with ReLU, command-line name {@code mlp}.
 *
 * <p>Forward pass on a batch X (B×p): Z1 = X·W1ᵀ + b1 (B×h), H = ReLU(Z1), Z2 = H·W2ᵀ + b2 (B×C);
 * loss = (1/B) Σ_r [logsumexp(Z2_r) − Z2_{r,y_r}], the mean softmax cross-entropy (log-softmax with
 * the row max subtracted), without regularisation. Backward: δ2 = (softmax(Z2) − onehot(y))/B, ∂W2
 * = δ2ᵀH, ∂b2 = Σ_r δ2_r, δ1 = (δ2·W2) ⊙ 1[Z1 &gt; 0] (derivative 0 at the kink, as PyTorch), ∂W1 =
 * δ1ᵀX, ∂b1 = Σ_r δ1_r. The four matrix products go through BLAS dgemm, addressing W1, W2 and their
 * gradient blocks in place by offset; per call it allocates only B×h and B×C buffers.
 *
 * <p>Parameter layout: θ = [W1 (h×p, row-major), b1 (h), W2 (C×h, row-major), b2 (C)], d = h·p + h
 * + C·h + C; for p = 784, h = 100, C = 10, d = 79,510.
 *
 * <p>Initialisation: PyTorch's default for each {@code nn.Linear}: weights and biases i.i.d.
 * U(−1/√fan_in, 1/√fan_in), fan_in = p for layer 1 and h for layer 2, drawn in layout order (W1,
 * b1, W2, b2) from {@code Seeds.rng(seed, Seeds.Purpose.INIT)}.
 *
 * <p>The "simple feed-forward network" 784-100-10 of the ResAM paper (Farhadkhani et al., 2022,
 * appendix D.3) for (Fashion-)MNIST, there trained with ℓ2-regularisation 1e-4 (not part of this
 * loss).
 */
public final class Mlp implements Model {
  private static final long serialVersionUID = 1L;

  /** The hidden width of the ResAM paper's MLP. */
  public static final int DEFAULT_HIDDEN = 100;

  /** The registry's declaration: {@code mlp}, with its hidden width {@code hidden}. */
  public static final ModelType TYPE =
      ModelType.of(
          Component.of(
              "mlp",
              "one-hidden-layer perceptron p→h→C with ReLU (RESAM D.3: 784-100-10)",
              ParamSpec.integer("hidden", 1, Integer.MAX_VALUE, DEFAULT_HIDDEN, "hidden width h")),
          (p, inputDim, numClasses) ->
              new Mlp(inputDim, Integer.parseInt(p.getString("hidden", null)), numClasses));

  private final int inputDim;
  private final int hidden;
  private final int numClasses;
  private final int dimension;

  public Mlp(int inputDim, int numClasses) {
    this(inputDim, DEFAULT_HIDDEN, numClasses);
  }

  public Mlp(int inputDim, int hidden, int numClasses) {
    if (inputDim < 1 || hidden < 1 || numClasses < 2) {
      throw new IllegalArgumentException(
          "mlp needs inputDim >= 1, hidden >= 1 and numClasses >= 2,"
              + " got "
              + inputDim
              + ", "
              + hidden
              + " and "
              + numClasses);
    }
    this.inputDim = inputDim;
    this.hidden = hidden;
    this.numClasses = numClasses;
    this.dimension =
        Dense.checkedDimension(
            "mlp", (long) hidden * inputDim + hidden + (long) numClasses * hidden + numClasses);
  }

  @Override
  public String name() {
    return "mlp";
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

  public int hidden() {
    return hidden;
  }

  /** HGO C.3's layers: W1 with b1 (h·p + h), then W2 with b2 (C·h + C). */
  @Override
  public int[] layers() {
    return new int[] {hidden * inputDim + hidden, numClasses * hidden + numClasses};
  }

  int offB1() {
    return hidden * inputDim;
  }

  int offW2() {
    return offB1() + hidden;
  }

  int offB2() {
    return offW2() + numClasses * hidden;
  }

  @Override
  public double[] init(long seed) {
    double[] theta = new double[dimension];
    var rng = Seeds.rng(seed, Seeds.Purpose.INIT);
    Dense.initLinear(rng, inputDim, hidden, theta, 0, offB1());
    Dense.initLinear(rng, hidden, numClasses, theta, offW2(), offB2());
    return theta;
  }

  /** Hidden activations H = ReLU(X·W1ᵀ + b1), B×h row-major. */
  private double[] hiddenLayer(double[] theta, Batch batch) {
    int rows = batch.rows();
    double[] a = new double[rows * hidden];
    Dense.abT(rows, hidden, inputDim, batch.x(), 0, theta, 0, a, 0);
    int offB1 = offB1();
    for (int r = 0, i = 0; r < rows; r++) {
      for (int k = 0; k < hidden; k++, i++) {
        double v = a[i] + theta[offB1 + k];
        a[i] = v > 0 ? v : 0.0;
      }
    }
    return a;
  }

  /** Output logits Z2 = H·W2ᵀ + b2, B×C row-major. */
  private double[] outputLayer(double[] theta, double[] h, int rows) {
    double[] z = new double[rows * numClasses];
    Dense.abT(rows, numClasses, hidden, h, 0, theta, offW2(), z, 0);
    Dense.addBias(z, rows, numClasses, theta, offB2());
    return z;
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
    Dense.check(this, theta, batch, grad);
    int rows = batch.rows();
    double[] h = hiddenLayer(theta, batch);
    double[] z = outputLayer(theta, h, rows);
    double loss = Dense.softmaxCrossEntropy(z, rows, numClasses, batch.y(), true); // z := δ2
    // ∂W2 = δ2ᵀH (C×h), ∂b2 = column sums of δ2.
    Dense.aTb(numClasses, hidden, rows, z, 0, h, 0, grad, offW2());
    Dense.columnSums(z, rows, numClasses, grad, offB2());
    // δ1 = (δ2·W2) ⊙ 1[Z1 > 0], masked by H (H > 0 exactly where Z1 > 0).
    double[] d1 = new double[rows * hidden];
    Dense.ab(rows, hidden, numClasses, z, 0, theta, offW2(), d1, 0);
    for (int i = 0; i < d1.length; i++) {
      if (!(h[i] > 0)) {
        d1[i] = 0.0;
      }
    }
    // ∂W1 = δ1ᵀX (h×p), ∂b1 = column sums of δ1.
    Dense.aTb(hidden, inputDim, rows, d1, 0, batch.x(), 0, grad, 0);
    Dense.columnSums(d1, rows, hidden, grad, offB1());
    return loss;
  }

  @Override
  public double loss(double[] theta, Batch batch) {
    Dense.check(this, theta, batch, null);
    int rows = batch.rows();
    double[] z = outputLayer(theta, hiddenLayer(theta, batch), rows);
    return Dense.softmaxCrossEntropy(z, rows, numClasses, batch.y(), false);
  }

  @Override
  public int[] predict(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    int rows = batch.rows();
    if (rows == 0) {
      return new int[0];
    }
    double[] z = outputLayer(theta, hiddenLayer(theta, batch), rows);
    return Dense.argmaxRows(z, rows, numClasses);
  }

  @Override
  public double[] scores(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    int rows = batch.rows();
    return rows == 0 ? new double[0] : outputLayer(theta, hiddenLayer(theta, batch), rows);
  }

  @Override
  public boolean probabilistic() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mlp m
        && m.inputDim == inputDim
        && m.hidden == hidden
        && m.numClasses == numClasses;
  }

  @Override
  public int hashCode() {
    return (31 * inputDim + hidden) * 31 + numClasses;
  }

  @Override
  public String toString() {
    return "mlp(p=" + inputDim + ", h=" + hidden + ", C=" + numClasses + ", d=" + dimension + ")";
  }
}
