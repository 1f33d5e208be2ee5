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
}
