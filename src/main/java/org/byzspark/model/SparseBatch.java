package org.byzspark.model;

/**
 * A mini-batch in compressed sparse row (CSR) form: the non-zeros of row r are {@code vals[k]} at
 * column {@code cols[k]} for k in [{@code rowPtr[r]}, {@code rowPtr[r + 1]}), with the columns of a
 * row strictly increasing. A row of a d = 10⁷-feature dataset costs its non-zeros, not d.
 *
 * <p>The models that take it ({@link Model#takesSparse()}) compute exactly what they compute on the
 * dense {@link Batch} holding the same numbers (same bits: see {@link LogisticRegression}), in
 * O(non-zeros) plus the O(d) of writing the dense gradient.
 *
 * @param rowPtr row starts, length rows + 1, rowPtr[0] = 0, non-decreasing
 * @param cols column of each non-zero, in [0, inputDim), increasing within a row
 * @param vals value of each non-zero
 * @param y labels in {0, ..., numClasses − 1}
 * @param rows number of rows
 * @param inputDim number of features per row
 */
public record SparseBatch(
    int[] rowPtr, int[] cols, double[] vals, int[] y, int rows, int inputDim) {
  public SparseBatch {
    if (rows < 0
        || rowPtr.length != rows + 1
        || y.length != rows
        || rowPtr[0] != 0
        || rowPtr[rows] != cols.length
        || vals.length != cols.length) {
      throw new IllegalArgumentException(
          "sparse batch of "
              + rows
              + " rows needs rowPtr.length="
              + (rows + 1)
              + ", y.length="
              + rows
              + ", rowPtr[0]=0 and rowPtr[rows]=cols.length=vals.length, got "
              + rowPtr.length
              + ", "
              + y.length
              + ", "
              + cols.length
              + " and "
              + vals.length);
    }
  }

  /** Number of stored non-zeros. */
  public int nonZeros() {
    return cols.length;
  }

  /** The same rows as a dense row-major batch (for tests and small data only: rows·inputDim). */
  public Batch toDense() {
    double[] x = new double[Math.multiplyExact(rows, inputDim)];
    for (int r = 0; r < rows; r++) {
      for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
        x[r * inputDim + cols[k]] = vals[k];
      }
    }
    return new Batch(x, y.clone(), rows, inputDim);
  }
}
