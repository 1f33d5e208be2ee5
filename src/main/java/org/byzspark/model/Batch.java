package org.byzspark.model;

/**
 * A mini-batch in row-major dense form: {@code x[r * inputDim + j]} is feature j of row r.
 *
 * @param x features, length {@code rows * inputDim}
 * @param y labels in {0, ..., numClasses − 1}
 * @param rows number of rows
 * @param inputDim number of features per row
 */
public record Batch(double[] x, int[] y, int rows, int inputDim) {
  public Batch {
    if (x.length != rows * inputDim || y.length != rows) {
      throw new IllegalArgumentException(
          "batch of "
              + rows
              + " rows and "
              + inputDim
              + " features needs x.length="
              + rows * inputDim
              + " and y.length="
              + rows
              + ", got "
              + x.length
              + " and "
              + y.length);
    }
  }
}
