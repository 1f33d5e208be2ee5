package org.byzspark.model;

import java.io.Serializable;

/**
 * A differentiable classifier whose parameters are one flat vector θ of length {@link #dimension}.
 * Pure Java with BLAS, no Spark: the same object runs on the driver and on executors, so it must be
 * small, immutable and serializable (it holds shapes, never parameters).
 */
public interface Model extends Serializable {
  String name();

  /** Number of parameters d. */
  int dimension();

  /** Number of input features p. */
  int inputDim();

  /** Number of classes C (2 for binary logistic regression). */
  int numClasses();

  /**
   * The layers of HGO C.3 (partial gradients): the sizes of consecutive blocks of θ, in layout
   * order, summing to {@link #dimension()}. One block, the whole vector, unless a model declares
   * its layers ({@link Mlp}: one per weight matrix with its bias).
   */
  default int[] layers() {
    return new int[] {dimension()};
  }

  /** Initial parameters, a deterministic function of the seed. */
  double[] init(long seed);

  /**
   * The mean loss over the batch (cross-entropy; no regularisation term) and its gradient with
   * respect to θ, written into {@code grad} (length d, overwritten).
   */
  double lossAndGradient(double[] theta, Batch batch, double[] grad);

  /**
   * {@link #lossAndGradient(double[], Batch, double[])} for a model with random training-mode
   * layers (dropout), whose randomness is drawn from {@code noiseSeed} (the trainer derives it from
   * (seed, step, worker) with {@code Seeds.Purpose.DROPOUT}), so a recomputed step gets the same
   * masks. Models without such layers ignore the seed (the default).
   */
  default double lossAndGradient(double[] theta, Batch batch, double[] grad, long noiseSeed) {
    return lossAndGradient(theta, batch, grad);
  }

  /** The mean loss over the batch, without the gradient. */
  double loss(double[] theta, Batch batch);

  /** The predicted class of each row of the batch. */
  int[] predict(double[] theta, Batch batch);

  /**
   * The raw class scores of each row of the batch, row-major rows × {@link #numClasses()}, whose
   * row argmax (the first one on ties) is {@link #predict(double[], Batch)}'s class: the logits of
   * the softmax models, (0, z) for the binary ones with score z, the predicted value of a {@link
   * RegressionModel} (one column). A model that declares no scores gives the indicator of its
   * predicted class (the default). Computed on the same chunks of rows as {@code predict}, so a
   * model whose evaluation uses batch statistics scores a row as it predicts it.
   */
  default double[] scores(double[] theta, Batch batch) {
    return oneHot(predict(theta, batch), numClasses());
  }

  /**
   * Whether the softmax of a row of {@link #scores} is the model's class probabilities (the models
   * trained by cross-entropy: softmax, logistic, mlp, cnn); false for raw margins (svm), values
   * (regression) and indicators.
   */
  default boolean probabilistic() {
    return false;
  }

  /**
   * The shape of one input row when it is an image, (channels, height, width) with the row laid out
   * channel by channel, each channel row-major; null for a flat feature vector (the default).
   */
  default int[] inputShape() {
    return null;
  }

  /** Row-major rows × classes indicator of the given classes. */
  static double[] oneHot(int[] classes, int numClasses) {
    double[] out = new double[classes.length * numClasses];
    for (int r = 0; r < classes.length; r++) {
      out[r * numClasses + classes[r]] = 1.0;
    }
    return out;
  }

  /**
   * Whether the model computes from {@link SparseBatch}es (sparse datasets such as {@code
   * synthetic:...}); the dense models (mlp, cnn) do not.
   */
  default boolean takesSparse() {
    return false;
  }

  /**
   * {@link #lossAndGradient(double[], Batch, double[])} on a sparse batch, in O(non-zeros) plus the
   * O(d) of writing {@code grad}.
   *
   * @throws IllegalArgumentException when the model does not take sparse data
   */
  default double lossAndGradient(double[] theta, SparseBatch batch, double[] grad) {
    throw Models.noSparse(name());
  }

  /** {@link #loss(double[], Batch)} on a sparse batch. */
  default double loss(double[] theta, SparseBatch batch) {
    throw Models.noSparse(name());
  }

  /** {@link #predict(double[], Batch)} on a sparse batch. */
  default int[] predict(double[] theta, SparseBatch batch) {
    throw Models.noSparse(name());
  }

  /** {@link #scores(double[], Batch)} on a sparse batch. */
  default double[] scores(double[] theta, SparseBatch batch) {
    return oneHot(predict(theta, batch), numClasses());
  }
}
