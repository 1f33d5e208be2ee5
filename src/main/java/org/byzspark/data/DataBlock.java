package org.byzspark.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.byzspark.model.Batch;
import org.byzspark.model.SparseBatch;

/**
 * The local data of one worker (one Spark partition), stored compactly as one row-major float
 * matrix and a label array so that a cached partition is a single object of about 4·rows·dim bytes
 * — or, for sparse data (the {@code synthetic} dataset, d up to 10⁷), in compressed sparse row form
 * ({@link #sparse}): row r's non-zeros are {@code vals[k]} at column {@code cols[k]} for k in
 * [rowPtr[r], rowPtr[r+1]), about 8 bytes per non-zero. A sparse block yields {@link SparseBatch}es
 * ({@link #sampleSparse}, {@link #sliceSparse}), a dense one {@link Batch}es; both draw the same
 * rows from the same generator.
 */
public final class DataBlock implements Serializable {
  private static final long serialVersionUID = 2L;

  private final float[] x;
  private final int[] y;
  private final int rows;
  private final int dim;
  private final int[] rowPtr;
  private final int[] cols;
  private final float[] vals;

  private DataBlock(int[] rowPtr, int[] cols, float[] vals, int[] y, int dim) {
    this.x = null;
    this.y = y;
    this.rows = y.length;
    this.dim = dim;
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.vals = vals;
  }

  /**
   * A sparse block in CSR form (the arrays are kept, not copied).
   *
   * @throws IllegalArgumentException unless rowPtr has rows + 1 non-decreasing entries from 0 to
   *     cols.length = vals.length and every row's columns increase strictly inside [0, dim)
   */
  public static DataBlock sparse(int[] rowPtr, int[] cols, float[] vals, int[] y, int dim) {
    if (dim < 1
        || rowPtr.length != y.length + 1
        || rowPtr[0] != 0
        || rowPtr[y.length] != cols.length
        || vals.length != cols.length) {
      throw new IllegalArgumentException(
          "sparse block of "
              + y.length
              + " rows: rowPtr needs "
              + (y.length + 1)
              + " entries from 0 to cols.length = vals.length, and dim >= 1");
    }
    for (int r = 0; r < y.length; r++) {
      if (rowPtr[r + 1] < rowPtr[r]) {
        throw new IllegalArgumentException("sparse block: rowPtr decreases at row " + r);
      }
      for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
        if (cols[k] < 0 || cols[k] >= dim || (k > rowPtr[r] && cols[k] <= cols[k - 1])) {
          throw new IllegalArgumentException(
              "sparse block: row "
                  + r
                  + " needs strictly increasing columns in [0, "
                  + dim
                  + "), got "
                  + cols[k]);
        }
      }
    }
    return new DataBlock(rowPtr, cols, vals, y, dim);
  }

  /** Whether the block is stored in CSR form (then only the sparse batches are available). */
  public boolean isSparse() {
    return x == null;
  }

  /** Number of stored non-zeros (rows·dim for a dense block). */
  public long nonZeros() {
    return isSparse() ? cols.length : (long) rows * dim;
  }

  public DataBlock(float[] x, int[] y, int dim) {
    if (dim < 1 || x.length != (long) y.length * dim) {
      throw new IllegalArgumentException(
          "block of "
              + y.length
              + " rows and "
              + dim
              + " features needs "
              + y.length * (long) dim
              + " values, got "
              + x.length);
    }
    this.x = x;
    this.y = y;
    this.rows = y.length;
    this.dim = dim;
    this.rowPtr = null;
    this.cols = null;
    this.vals = null;
  }

  /** Packs examples in the given order (callers sort by {@link Example#index()} first). */
  public static DataBlock of(List<Example> examples, int dim) {
    float[] x = new float[examples.size() * dim];
    int[] y = new int[examples.size()];
    for (int r = 0; r < examples.size(); r++) {
      Example e = examples.get(r);
      if (e.features().length != dim) {
        throw new IllegalArgumentException(
            "example " + e.index() + " has " + e.features().length + " features, expected " + dim);
      }
      System.arraycopy(e.features(), 0, x, r * dim, dim);
      y[r] = e.label();
    }
    return new DataBlock(x, y, dim);
  }

  public int rows() {
    return rows;
  }

  public int dim() {
    return dim;
  }

  public int label(int row) {
    return y[row];
  }

  /**
   * A mini-batch of {@code b} distinct rows drawn uniformly without replacement (all rows when the
   * block has at most {@code b}), labels passed through {@code labelMap} (identity for honest
   * workers, the poisoning map of a data attack for Byzantine ones).
   *
   * <p>Floyd's algorithm draws exactly b numbers from {@code rng}, so the batch is a pure function
   * of the generator's seed.
   */
  public Batch sample(int b, SplittableRandom rng, IntUnaryOperator labelMap) {
    return rows(sampleRows(b, rng), labelMap);
  }

  /**
   * The rows {@link #sample} would draw with the same generator, as a sparse batch (either
   * storage); O(b² + non-zeros of the rows).
   */
  public SparseBatch sampleSparse(int b, SplittableRandom rng, IntUnaryOperator labelMap) {
    return sparseRows(sampleRows(b, rng), labelMap);
  }

  /**
   * Rows {@code from} (inclusive) to {@code to} (exclusive) as a sparse batch, labels unchanged.
   */
  public SparseBatch sliceSparse(int from, int to) {
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return sparseRows(idx, IntUnaryOperator.identity());
  }

  private int[] sampleRows(int b, SplittableRandom rng) {
    int[] idx;
    if (b >= rows) {
      idx = new int[rows];
      for (int i = 0; i < rows; i++) {
        idx[i] = i;
      }
    } else {
      idx = new int[b];
      int count = 0;
      for (int j = rows - b; j < rows; j++) {
        int t = rng.nextInt(j + 1);
        boolean seen = false;
        for (int k = 0; k < count; k++) {
          if (idx[k] == t) {
            seen = true;
            break;
          }
        }
        idx[count++] = seen ? j : t;
      }
    }
    return idx;
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a batch, labels unchanged. */
  public Batch slice(int from, int to) {
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return rows(idx, IntUnaryOperator.identity());
  }

  private SparseBatch sparseRows(int[] idx, IntUnaryOperator labelMap) {
    int[] ptr = new int[idx.length + 1];
    int[] by = new int[idx.length];
    for (int r = 0; r < idx.length; r++) {
      int len;
      if (isSparse()) {
        len = rowPtr[idx[r] + 1] - rowPtr[idx[r]];
      } else {
        len = 0;
        for (int j = 0, o = idx[r] * dim; j < dim; j++) {
          if (x[o + j] != 0) {
            len++;
          }
        }
      }
      ptr[r + 1] = Math.addExact(ptr[r], len);
      by[r] = labelMap.applyAsInt(y[idx[r]]);
    }
    int[] bc = new int[ptr[idx.length]];
    double[] bv = new double[bc.length];
    for (int r = 0; r < idx.length; r++) {
      int k = ptr[r];
      if (isSparse()) {
        for (int s = rowPtr[idx[r]], e = rowPtr[idx[r] + 1]; s < e; s++, k++) {
          bc[k] = cols[s];
          bv[k] = vals[s];
        }
      } else {
        for (int j = 0, o = idx[r] * dim; j < dim; j++) {
          if (x[o + j] != 0) {
            bc[k] = j;
            bv[k++] = x[o + j];
          }
        }
      }
    }
    return new SparseBatch(ptr, bc, bv, by, idx.length, dim);
  }

  private Batch rows(int[] idx, IntUnaryOperator labelMap) {
    if (isSparse()) {
      throw new IllegalArgumentException(
          "a sparse block of " + dim + " features yields sparse batches only (sampleSparse)");
    }
    double[] bx = new double[idx.length * dim];
    int[] by = new int[idx.length];
    for (int r = 0; r < idx.length; r++) {
      int src = idx[r] * dim;
      int dst = r * dim;
      for (int j = 0; j < dim; j++) {
        bx[dst + j] = x[src + j];
      }
      by[r] = labelMap.applyAsInt(y[idx[r]]);
    }
    return new Batch(bx, by, idx.length, dim);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataBlock d
        && d.dim == dim
        && Arrays.equals(d.x, x)
        && Arrays.equals(d.y, y)
        && Arrays.equals(d.rowPtr, rowPtr)
        && Arrays.equals(d.cols, cols)
        && Arrays.equals(d.vals, vals);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(y) + dim;
  }
}
