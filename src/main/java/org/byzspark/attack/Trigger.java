package org.byzspark.attack;

import java.io.Serializable;

/**
 * A backdoor trigger (BadNets, Gu et al. 2017): a square patch of {@code size}×{@code size} pixels
 * whose top-left corner is at ({@code row}, {@code col}) of every channel of an image, set to the
 * image's largest value (white on MNIST's normalised scale, whatever the normalisation).
 *
 * <p>Images are rows of c·s·s features, channel-major (c = 1 for MNIST, 3 for CIFAR-10), as the
 * datasets store them; {@link #geometry} recovers (c, s) from the feature count. A negative row or
 * column means the bottom-right corner one pixel from the edges. Plain Java, no Spark.
 */
public final class Trigger implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int size;
  private final int row;
  private final int col;

  public Trigger(int size, int row, int col) {
    this.size = size;
    this.row = row;
    this.col = col;
  }

  public int size() {
    return size;
  }

  /** (channels, side) of images of {@code dim} features: c·s·s with c ∈ {1, 3}; null otherwise. */
  public static int[] geometry(int dim) {
    for (int c : new int[] {1, 3}) {
      if (dim % c == 0) {
        int s = (int) Math.round(Math.sqrt(dim / (double) c));
        if (s * s * c == dim) {
          return new int[] {c, s};
        }
      }
    }
    return null;
  }

  /** Fails (one line naming {@code owner}) unless the patch fits images of {@code dim} features. */
  public void check(String owner, int dim) {
    int[] g = geometry(dim);
    if (g == null) {
      throw new IllegalArgumentException(
          owner
              + " needs image data (c·s·s features, c = 1 or 3); allowed: mnist, fashion-mnist,"
              + " cifar10, got "
              + dim
              + " features");
    }
    int s = g[1];
    if (top(s) < 0 || left(s) < 0 || top(s) + size > s || left(s) + size > s) {
      throw new IllegalArgumentException(
          owner
              + " trigger size="
              + size
              + " at row="
              + row
              + ",col="
              + col
              + " does not fit "
              + s
              + "×"
              + s
              + " images; allowed: 0 <= row, col and row + size, col + size <= "
              + s);
    }
  }

  private int top(int s) {
    return row < 0 ? s - size - 1 : row;
  }

  private int left(int s) {
    return col < 0 ? s - size - 1 : col;
  }

  /** Stamps the trigger on image r of the rows x (dim features each), in place. */
  public void stamp(double[] x, int r, int dim) {
    int[] g = geometry(dim);
    int c = g[0];
    int s = g[1];
    int base = r * dim;
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < dim; j++) {
      double v = x[base + j];
      if (v > max) { // NaN never is
        max = v;
      }
    }
    int top = top(s);
    int left = left(s);
    for (int ch = 0; ch < c; ch++) {
      for (int i = top; i < top + size; i++) {
        for (int j = left; j < left + size; j++) {
          x[base + ch * s * s + i * s + j] = max;
        }
      }
    }
  }
}
