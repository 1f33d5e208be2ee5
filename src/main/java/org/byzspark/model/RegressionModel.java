package org.byzspark.model;

/**
 * A model whose output is a real number rather than a class, evaluated by its test mean squared
 * error instead of accuracy ({@link LinearRegression}, command-line name {@code linear}).
 *
 * <p><b>Where the target lives.</b> {@link Batch} and the cached data blocks carry integer class
 * labels only, so a regression example carries its real-valued target as its <em>last feature
 * column</em>: a batch of a regression model has {@link #inputDim()} = p + 1 columns, the first p
 * are the features, column p is the target y, and every integer label is 0 ({@link #numClasses()} =
 * 1). The LIBSVM reader builds such rows for regression runs ({@code TrainingData.loadRegression}).
 * Targets are therefore stored as {@code float}, like the features.
 */
public interface RegressionModel extends Model {
  /** Σ_r (ŷ_r − y_r)² over the rows of the batch (a sum, so that partitions add exactly). */
  double sumSquaredError(double[] theta, Batch batch);

  /** The predictions ŷ_r of the batch's rows. */
  double[] predictValues(double[] theta, Batch batch);
}
