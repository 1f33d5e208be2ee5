package org.byzspark.model;

import org.byzspark.util.Component;
import org.byzspark.util.Seeds;

/**
 * Linear regression with the squared loss, command-line name {@code linear} (HGO appendix C.1, used
 * there on Boston housing).
 *
 * <p><b>Definition.</b> HGO C.1 writes the cost as C(w) = ‖Xw − y‖². On a batch of B rows we use
 * its mean, loss = (1/B) Σ_r (ŷ_r − y_r)² with ŷ_r = w·x_r + b, so that the loss of a mini-batch
 * does not grow with its size (as for every other model here; the factor 1/B only rescales the
 * learning rate) and no ½ factor (HGO writes none). Gradient: ∂/∂w = (2/B) Σ_r (ŷ_r − y_r) x_r,
 * ∂/∂b = (2/B) Σ_r (ŷ_r − y_r). The bias b is HGO's constant feature. The test metric is the same
 * mean squared error on the test set (HGO C.3: "the evaluation metric is the cost function").
 *
 * <p><b>Layout.</b> A batch row holds the p features and then the target (see {@link
 * RegressionModel}): {@link #inputDim()} = p + 1. θ = [w (p), b], d = p + 1. Labels must be 0.
 *
 * <p><b>Initialisation</b>: PyTorch's {@code nn.Linear(p, 1)}, w and b i.i.d. U(−1/√p, 1/√p), drawn
 * in layout order from {@code Seeds.rng(seed, Seeds.Purpose.INIT)}.
 *
 * <p>Sums run over rows in order, then features in order (plain loops, no vector lanes), so the
 * result has the same bits on every CPU. {@link #predict} (classes) returns 0 for every row: a
 * regression model has one "class"; use {@link #predictValues}.
 */
public final class LinearRegression implements RegressionModel {
  private static final long serialVersionUID = 1L;

  /**
   * The registry's declaration: {@code linear}, a regression model; {@code inputDim} counts the
   * target column and {@code numClasses} is ignored (one "class").
   */
  public static final ModelType TYPE =
      ModelType.of(
              Component.of("linear", "linear regression, squared loss (HGO C.1), p + 1 parameters"),
              (p, inputDim, numClasses) -> forColumns(inputDim))
          .withRegression();

  private final int features;

  /**
   * @param features p, the number of features (the batch width is p + 1)
   */
  public LinearRegression(int features) {
    if (features < 1) {
      throw new IllegalArgumentException("linear needs at least 1 feature, got " + features);
    }
    Dense.checkedDimension("linear", (long) features + 1);
    this.features = features;
  }

  /** The model for batches of {@code columns} = p + 1 columns (features, then the target). */
  public static LinearRegression forColumns(int columns) {
    if (columns < 2) {
      throw new IllegalArgumentException(
          "linear needs rows of at least 1 feature and the target, got " + columns + " column(s)");
    }
    return new LinearRegression(columns - 1);
  }

  @Override
  public String name() {
    return "linear";
  }

  /** p, the number of features. */
  public int features() {
    return features;
  }

  @Override
  public int dimension() {
    return features + 1;
  }

  /** p + 1: the features and the target column. */
  @Override
  public int inputDim() {
    return features + 1;
  }

  @Override
  public int numClasses() {
    return 1;
  }

  @Override
  public double[] init(long seed) {
    double[] theta = new double[features + 1];
    Dense.initLinear(Seeds.rng(seed, Seeds.Purpose.INIT), features, 1, theta, 0, features);
    return theta;
  }

  @Override
  public double[] predictValues(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    int w = features + 1;
    double[] x = batch.x();
    double[] out = new double[batch.rows()];
    for (int r = 0; r < out.length; r++) {
      double s = theta[features];
      int off = r * w;
      for (int j = 0; j < features; j++) {
        s += theta[j] * x[off + j];
      }
      out[r] = s;
    }
    return out;
  }

  @Override
  public double sumSquaredError(double[] theta, Batch batch) {
    double[] yhat = predictValues(theta, batch);
    double sum = 0;
    int w = features + 1;
    for (int r = 0; r < yhat.length; r++) {
      double e = yhat[r] - batch.x()[r * w + features];
      sum += e * e;
    }
    return sum;
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
    Dense.check(this, theta, batch, grad);
    int rows = batch.rows();
    int w = features + 1;
    double[] x = batch.x();
    double[] yhat = predictValues(theta, batch);
    java.util.Arrays.fill(grad, 0.0);
    double loss = 0;
    double scale = 2.0 / rows;
    for (int r = 0; r < rows; r++) {
      int off = r * w;
      double e = yhat[r] - x[off + features];
      loss += e * e;
      double g = scale * e;
      for (int j = 0; j < features; j++) {
        grad[j] += g * x[off + j];
      }
      grad[features] += g;
    }
    return loss / rows;
  }

  @Override
  public double loss(double[] theta, Batch batch) {
    Dense.check(this, theta, batch, null);
    return sumSquaredError(theta, batch) / batch.rows();
  }

  @Override
  public int[] predict(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    return new int[batch.rows()];
  }

  /** The predicted values, one column ({@link #predictValues}). */
  @Override
  public double[] scores(double[] theta, Batch batch) {
    return predictValues(theta, batch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearRegression m && m.features == features;
  }

  @Override
  public int hashCode() {
    return 7 * features + 1;
  }

  @Override
  public String toString() {
    return "linear(p=" + features + ", d=" + dimension() + ")";
  }
}
