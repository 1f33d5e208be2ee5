package org.byzspark.model;

/**
 * Package-private sparse kernels of the linear models, summed in the order of {@link
 * org.byzspark.linalg.Gemm} so that a sparse batch gives the bits of the dense batch holding the
 * same numbers: a skipped zero entry x contributes fma(x, w, s) = s exactly (for finite w), so only
 * the order of the non-zero terms matters, and it is Gemm's.
 */
final class SparseOps {
  private SparseOps() {}

  /**
   * Row r of the batch dotted with θ[off .. off + p): Gemm's dot form (four fma chains over the
   * columns j ≡ l (mod 4) below 4⌊p/4⌋, combined as (s₀ + s₁) + (s₂ + s₃), then the columns from
   * 4⌊p/4⌋ by fma in ascending order).
   */
  static double dot(SparseBatch b, int r, double[] theta, int off, int p) {
    int[] cols = b.cols();
    double[] vals = b.vals();
    int p4 = p & ~3;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = b.rowPtr()[r];
    int end = b.rowPtr()[r + 1];
    for (; k < end && cols[k] < p4; k++) {
      int j = cols[k];
      double v =
          Math.fma(
              vals[k],
              theta[off + j],
              switch (j & 3) {
                case 0 -> s0;
                case 1 -> s1;
                case 2 -> s2;
                default -> s3;
              });
      switch (j & 3) {
        case 0 -> s0 = v;
        case 1 -> s1 = v;
        case 2 -> s2 = v;
        default -> s3 = v;
      }
    }
    double s = (s0 + s1) + (s2 + s3);
    for (; k < end; k++) {
      s = Math.fma(vals[k], theta[off + cols[k]], s);
    }
    return s;
  }

  /**
   * out[c·p + j] = Σ_r delta[r·classes + c]·x[r, j] for c &lt; classes, j &lt; p (overwrites the
   * first classes·p entries): Gemm's broadcast form, one fma chain per output over the rows in
   * ascending order (the dense {@code aTb(classes, p, rows, delta, X)}, or {@code ab(1, p, rows,
   * delta, X)} for one class).
   */
  static void deltaTx(SparseBatch b, double[] delta, int classes, int p, double[] out) {
    java.util.Arrays.fill(out, 0, classes * p, 0.0);
    int[] ptr = b.rowPtr();
    int[] cols = b.cols();
    double[] vals = b.vals();
    for (int r = 0; r < b.rows(); r++) {
      for (int c = 0; c < classes; c++) {
        double d = delta[r * classes + c];
        int o = c * p;
        for (int k = ptr[r], end = ptr[r + 1]; k < end; k++) {
          out[o + cols[k]] = Math.fma(d, vals[k], out[o + cols[k]]);
        }
      }
    }
  }

  /** Checks θ, grad (if non-null) and the batch against the model; labels in range if asked. */
  static void check(Model m, double[] theta, SparseBatch batch, double[] grad, boolean labels) {
    if (theta.length != m.dimension() || (grad != null && grad.length != m.dimension())) {
      throw new IllegalArgumentException(
          m.name()
              + " has d="
              + m.dimension()
              + " parameters, got theta of length "
              + theta.length
              + (grad == null ? "" : " and grad of length " + grad.length));
    }
    if (batch.inputDim() != m.inputDim()) {
      throw new IllegalArgumentException(
          m.name() + " takes " + m.inputDim() + " features, got a batch with " + batch.inputDim());
    }
    if (!labels) {
      return;
    }
    if (batch.rows() <= 0) {
      throw new IllegalArgumentException(
          m.name() + ": the mean loss of an empty batch is undefined");
    }
    int[] y = batch.y();
    for (int r = 0; r < y.length; r++) {
      if (y[r] < 0 || y[r] >= m.numClasses()) {
        throw new IllegalArgumentException(
            m.name() + " has " + m.numClasses() + " classes, got label " + y[r] + " at row " + r);
      }
    }
  }
}
