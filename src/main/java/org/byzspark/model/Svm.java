package org.byzspark.model;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Seeds;

/**
 * A linear support vector machine with the regularised hinge loss of HGO appendix C.1, command-line
 * name {@code svm}; binary, labels {0, 1} read as s = 2y − 1 ∈ {−1, +1}.
 *
 * <p>Loss of a batch of B rows: ½‖w‖² + C·(1/B) Σ_r max(0, 1 − s_r z_r), with score z = w·x + b.
 * HGO writes the score without a bias; we add an unregularised bias b (for b = 0 the loss is HGO's)
 * because the LIBSVM sets it is used with are not centred. C defaults to 1.
 *
 * <p>Gradient (a subgradient at the kink, where we take the hinge's derivative 0, as scikit-learn's
 * {@code SGDClassifier}): ∂/∂w = w − (C/B) Σ_{r: s_r z_r &lt; 1} s_r x_r, ∂/∂b = −(C/B) Σ_{r: s_r
 * z_r &lt; 1} s_r. Prediction: 1 if z &gt; 0, else 0.
 *
 * <p>Parameter layout θ = [w (p), b], d = p + 1; initialisation as {@link LogisticRegression}.
 * Sparse batches ({@link SparseBatch}): the same sums over the non-zeros only, in the same order,
 * so the same bits for finite θ up to the sign of an exactly zero result (a skipped zero adds θ_j·0
 * = ±0, which changes no non-zero sum); O(non-zeros) plus O(d) for the regulariser and the dense
 * gradient. Unlike the other models, {@link #loss} includes the regularisation term, which is part
 * of the SVM's objective.
 */
public final class Svm implements Model {
  private static final long serialVersionUID = 1L;
  public static final double DEFAULT_C = 1.0;

  /** The registry's declaration: {@code svm}, binary, with its constant {@code c}; sparse too. */
  public static final ModelType TYPE =
      ModelType.of(
              Component.of(
                  "svm",
                  "linear SVM, regularised hinge loss (HGO C.1), binary",
                  ParamSpec.number("c", true, DEFAULT_C, "weight C of the hinge term")),
              (p, inputDim, numClasses) ->
                  binary(inputDim, numClasses, Double.parseDouble(p.getString("c", null))))
          .withSparse();

  private final int inputDim;
  private final double c;

  public Svm(int inputDim, double c) {
    if (inputDim < 1) {
      throw new IllegalArgumentException("svm needs inputDim >= 1, got " + inputDim);
    }
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("svm needs a finite C > 0, got " + c);
    }
    Dense.checkedDimension("svm", (long) inputDim + 1);
    this.inputDim = inputDim;
    this.c = c;
  }

  /** An SVM for a dataset of {@code numClasses} classes: fails unless it is binary. */
  public static Svm binary(int inputDim, int numClasses, double c) {
    if (numClasses != 2) {
      throw new IllegalArgumentException(
          "svm is binary: it needs numClasses = 2, got "
              + numClasses
              + " (use --binary-classes POS,NEG on a multi-class dataset)");
    }
    return new Svm(inputDim, c);
  }

  @Override
  public String name() {
    return "svm";
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

  private double score(double[] theta, double[] x, int row) {
    double z = theta[inputDim];
    int off = row * inputDim;
    for (int j = 0; j < inputDim; j++) {
      z += theta[j] * x[off + j];
    }
    return z;
  }

  private double regulariser(double[] theta) {
    double sq = 0;
    for (int j = 0; j < inputDim; j++) {
      sq += theta[j] * theta[j];
    }
    return 0.5 * sq;
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
    Dense.check(this, theta, batch, grad);
    int rows = batch.rows();
    double[] x = batch.x();
    System.arraycopy(theta, 0, grad, 0, inputDim);
    grad[inputDim] = 0;
    double hinge = 0;
    double scale = c / rows;
    for (int r = 0; r < rows; r++) {
      double s = batch.y()[r] == 1 ? 1 : -1;
      double margin = s * score(theta, x, r);
      if (margin < 1) {
        hinge += 1 - margin;
        int off = r * inputDim;
        for (int j = 0; j < inputDim; j++) {
          grad[j] -= scale * s * x[off + j];
        }
        grad[inputDim] -= scale * s;
      }
    }
    return regulariser(theta) + scale * hinge;
  }

  @Override
  public double loss(double[] theta, Batch batch) {
    Dense.check(this, theta, batch, null);
    double hinge = 0;
    for (int r = 0; r < batch.rows(); r++) {
      double s = batch.y()[r] == 1 ? 1 : -1;
      hinge += Math.max(0, 1 - s * score(theta, batch.x(), r));
    }
    return regulariser(theta) + c * hinge / batch.rows();
  }

  @Override
  public int[] predict(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    int[] out = new int[batch.rows()];
    for (int r = 0; r < out.length; r++) {
      out[r] = score(theta, batch.x(), r) > 0 ? 1 : 0;
    }
    return out;
  }

  /** (0, z) per row, z the margin score; not probabilities. */
  @Override
  public double[] scores(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    double[] z = new double[batch.rows()];
    for (int r = 0; r < z.length; r++) {
      z[r] = score(theta, batch.x(), r);
    }
    return LogisticRegression.binaryScores(z);
  }

  @Override
  public double[] scores(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, false);
    double[] z = new double[batch.rows()];
    for (int r = 0; r < z.length; r++) {
      z[r] = score(theta, batch, r);
    }
    return LogisticRegression.binaryScores(z);
  }

  @Override
  public boolean takesSparse() {
    return true;
  }

  /**
   * z = b + Σ θ_j x_j over the row's non-zeros in column order, as {@code score} sums a dense row.
   */
  private double score(double[] theta, SparseBatch batch, int row) {
    double z = theta[inputDim];
    for (int k = batch.rowPtr()[row], end = batch.rowPtr()[row + 1]; k < end; k++) {
      z += theta[batch.cols()[k]] * batch.vals()[k];
    }
    return z;
  }

  @Override
  public double lossAndGradient(double[] theta, SparseBatch batch, double[] grad) {
    SparseOps.check(this, theta, batch, grad, true);
    int rows = batch.rows();
    System.arraycopy(theta, 0, grad, 0, inputDim);
    grad[inputDim] = 0;
    double hinge = 0;
    double scale = c / rows;
    for (int r = 0; r < rows; r++) {
      double s = batch.y()[r] == 1 ? 1 : -1;
      double margin = s * score(theta, batch, r);
      if (margin < 1) {
        hinge += 1 - margin;
        for (int k = batch.rowPtr()[r], end = batch.rowPtr()[r + 1]; k < end; k++) {
          grad[batch.cols()[k]] -= scale * s * batch.vals()[k];
        }
        grad[inputDim] -= scale * s;
      }
    }
    return regulariser(theta) + scale * hinge;
  }

  @Override
  public double loss(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, true);
    double hinge = 0;
    for (int r = 0; r < batch.rows(); r++) {
      double s = batch.y()[r] == 1 ? 1 : -1;
      hinge += Math.max(0, 1 - s * score(theta, batch, r));
    }
    return regulariser(theta) + c * hinge / batch.rows();
  }

  @Override
  public int[] predict(double[] theta, SparseBatch batch) {
    SparseOps.check(this, theta, batch, null, false);
    int[] out = new int[batch.rows()];
    for (int r = 0; r < out.length; r++) {
      out[r] = score(theta, batch, r) > 0 ? 1 : 0;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Svm m && m.inputDim == inputDim && m.c == c;
  }

  @Override
  public int hashCode() {
    return 31 * inputDim + Double.hashCode(c);
  }

  @Override
  public String toString() {
    return "svm(p=" + inputDim + ", C=" + c + ", d=" + dimension() + ")";
  }
}
