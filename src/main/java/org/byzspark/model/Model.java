package org.byzspark.model;

import java.io.Serializable;

/**
 * A differentiable classifier whose parameters are one flat vector θ of length {@link #dimension}.
 * Pure Java with BLAS, no Spark: the same object runs on the driver and on executors, so it must
 * be small, immutable and serializable (it holds shapes, never parameters).
 */
public interface Model extends Serializable {
  String name();

  /** Number of parameters d. */
  int dimension();

  /** Number of input features p. */
  int inputDim();

  /** Number of classes C (2 for binary logistic regression). */
  int numClasses();

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
}
