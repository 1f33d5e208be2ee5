package org.byzspark.model;

/**
 * Package-private building blocks of the convolutional models: im2col / col2im for a square kernel
 * with stride 1 and zero padding, 2×2 max-pooling with stride 2 and its backward pass.
 *
 * <p>Layouts. A stack of images is addressed by two strides: {@code cStride} between channels and
 * {@code bStride} between examples, each image h×w row-major. The input batch is (B, C, H, W)
 * (cStride = H·W, bStride = C·H·W); the models keep inner activations as (C, B, H, W), the layout a
 * convolution's GEMM output has (cStride = B·H·W, bStride = H·W).
 *
 * <p>im2col writes the (C·k·k) × (B·OH·OW) row-major matrix whose row (c, kh, kw) and column (b,
 * oh, ow) hold input[b, c, oh + kh − pad, ow + kw − pad] (0 outside the image), so that a
 * convolution with weights W (C_out × C·k·k, PyTorch's (C_out, C_in, k, k) layout) is the product
 * W·cols, whose result is (C_out, B, OH, OW). The loops copy whole output rows; the arithmetic of
 * the convolution is all in the GEMM.
 */
final class ConvOps {
  private ConvOps() {}

  /** Output side of a stride-1 convolution. */
  static int convOut(int in, int k, int pad) {
    return in + 2 * pad - k + 1;
  }

  /** im2col of {@code batch} images of {@code ch} channels, h×w; writes {@code cols}. */
  static void im2col(
      double[] src,
      int off,
      int batch,
      int ch,
      int h,
      int w,
      int bStride,
      int cStride,
      int k,
      int pad,
      double[] cols) {
    int oh = convOut(h, k, pad);
    int ow = convOut(w, k, pad);
    int plane = oh * ow;
    int n = batch * plane;
    int row = 0;
    for (int c = 0; c < ch; c++) {
      for (int kh = 0; kh < k; kh++) {
        for (int kw = 0; kw < k; kw++, row++) {
          int dst = row * n;
          // columns ow with 0 <= ow + kw - pad < w
          int lo = Math.max(0, pad - kw);
          int hi = Math.min(ow, w + pad - kw);
          for (int b = 0; b < batch; b++) {
            int base = off + b * bStride + c * cStride;
            for (int y = 0; y < oh; y++, dst += ow) {
              int sy = y + kh - pad;
              if (sy < 0 || sy >= h || lo >= hi) {
                java.util.Arrays.fill(cols, dst, dst + ow, 0.0);
                continue;
              }
              int s = base + sy * w + kw - pad;
              for (int x = 0; x < lo; x++) {
                cols[dst + x] = 0.0;
              }
              System.arraycopy(src, s + lo, cols, dst + lo, hi - lo);
              for (int x = hi; x < ow; x++) {
                cols[dst + x] = 0.0;
              }
            }
          }
        }
      }
    }
  }

  /**
   * {@link #im2col} restricted to the outputs that a following 2×2 max-pooling reads, with the
   * columns of each example ordered (dy, dx, py, px) instead of (oy, ox) = (2py + dy, 2px + dx):
   * the four positions of every pooling window fall in four separate planes of ⌊oh/2⌋·⌊ow/2⌋
   * columns, so that pooling is element-wise ({@link org.byzspark.linalg.Conv#biasReluMaxPool4}).
   * No padding. The products of a convolution do not depend on the order of its columns, so W·cols
   * has the bits of the plain im2col form, reordered (the last row and column of an odd output,
   * which floor-mode pooling drops, are not computed).
   */
  static void im2colPooled(
      double[] src,
      int off,
      int batch,
      int ch,
      int h,
      int w,
      int bStride,
      int cStride,
      int k,
      double[] cols) {
    int ph = convOut(h, k, 0) / 2;
    int pw = convOut(w, k, 0) / 2;
    int n = batch * 4 * ph * pw;
    int row = 0;
    for (int c = 0; c < ch; c++) {
      for (int kh = 0; kh < k; kh++) {
        for (int kw = 0; kw < k; kw++, row++) {
          int dst = row * n;
          for (int b = 0; b < batch; b++) {
            int base = off + b * bStride + c * cStride + kh * w + kw;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                for (int py = 0; py < ph; py++) {
                  int s = base + (2 * py + dy) * w + dx;
                  for (int px = 0; px < pw; px++, dst++) {
                    cols[dst] = src[s + 2 * px];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Backward of {@link org.byzspark.linalg.Conv#biasReluMaxPool4} into the plain (oh, ow) layout:
   * for the pooled entries o in [from, from + count) of consecutive ph×pw planes, when {@code
   * pooled[o] > 0} (the ReLU output at the window's maximum), adds {@code dOut[o]} to the window
   * position {@code pos[o]} (0 … 3 = (dy, dx) in row-major order) of the oh×ow plane of {@code dIn}
   * that starts at {@code inOff + (plane index)·oh·ow}. Windows do not overlap, so every entry of
   * dIn receives at most one term: the bits of {@link #maxPoolReluBackward}.
   */
  static void unpoolRelu4(
      double[] dOut,
      double[] pos,
      double[] pooled,
      int from,
      int planes,
      int oh,
      int ow,
      double[] dIn,
      int inOff) {
    int ph = oh / 2;
    int pw = ow / 2;
    int o = from;
    for (int q = 0; q < planes; q++) {
      int base = inOff + q * oh * ow;
      for (int py = 0; py < ph; py++) {
        for (int px = 0; px < pw; px++, o++) {
          if (pooled[o] > 0) {
            int d = (int) pos[o];
            dIn[base + (2 * py + (d >> 1)) * ow + 2 * px + (d & 1)] += dOut[o];
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #im2col}: adds every entry of {@code cols} back to the input position it
   * was copied from ({@code dst} must be zeroed by the caller), in a fixed order.
   */
  static void col2im(
      double[] cols,
      int batch,
      int ch,
      int h,
      int w,
      int bStride,
      int cStride,
      int k,
      int pad,
      double[] dst,
      int off) {
    int oh = convOut(h, k, pad);
    int ow = convOut(w, k, pad);
    int n = batch * oh * ow;
    int row = 0;
    for (int c = 0; c < ch; c++) {
      for (int kh = 0; kh < k; kh++) {
        for (int kw = 0; kw < k; kw++, row++) {
          int src = row * n;
          int lo = Math.max(0, pad - kw);
          int hi = Math.min(ow, w + pad - kw);
          for (int b = 0; b < batch; b++) {
            int base = off + b * bStride + c * cStride;
            for (int y = 0; y < oh; y++, src += ow) {
              int sy = y + kh - pad;
              if (sy < 0 || sy >= h) {
                continue;
              }
              int d = base + sy * w + kw - pad;
              for (int x = lo; x < hi; x++) {
                dst[d + x] += cols[src + x];
              }
            }
          }
        }
      }
    }
  }

  /**
   * 2×2 max-pooling with stride 2 over {@code planes} contiguous h×w planes (the last row or column
   * is dropped when h or w is odd, as PyTorch's floor mode). Writes the maxima to {@code out}
   * (planes × ⌊h/2⌋ × ⌊w/2⌋) and, in {@code arg}, the index in {@code in} each came from: the first
   * maximum in row-major order within its window (PyTorch's choice on ties).
   */
  static void maxPool(double[] in, int planes, int h, int w, double[] out, int[] arg) {
    int ph = h / 2;
    int pw = w / 2;
    int o = 0;
    for (int p = 0; p < planes; p++) {
      int base = p * h * w;
      for (int y = 0; y < ph; y++) {
        int r0 = base + 2 * y * w;
        int r1 = r0 + w;
        for (int x = 0; x < pw; x++, o++) {
          int best = r0 + 2 * x;
          double v = in[best];
          int i = r0 + 2 * x + 1;
          if (in[i] > v) {
            best = i;
            v = in[i];
          }
          i = r1 + 2 * x;
          if (in[i] > v) {
            best = i;
            v = in[i];
          }
          i = r1 + 2 * x + 1;
          if (in[i] > v) {
            best = i;
            v = in[i];
          }
          out[o] = v;
          arg[o] = best;
        }
      }
    }
  }

  /** Backward of {@link #maxPool}: {@code dIn} (zeroed by the caller) += routed {@code dOut}. */
  static void maxPoolBackward(double[] dOut, int[] arg, int count, double[] dIn) {
    for (int o = 0; o < count; o++) {
      dIn[arg[o]] += dOut[o];
    }
  }

  /**
   * Backward of max-pooling followed by the ReLU mask of the pooled activation, in one pass over
   * the pooled entries: {@code dIn[arg[o]] += dOut[o]} when {@code act[arg[o]] > 0}. The same bits
   * as {@link #maxPoolBackward} then zeroing the entries where act ≤ 0 (the 2×2 windows do not
   * overlap, so each entry of dIn receives at most one term, and the others stay 0), without the
   * pass over the whole unpooled array.
   */
  static void maxPoolReluBackward(double[] dOut, int[] arg, int count, double[] act, double[] dIn) {
    for (int o = 0; o < count; o++) {
      int i = arg[o];
      if (act[i] > 0) {
        dIn[i] += dOut[o];
      }
    }
  }

  /**
   * {@link #maxPoolReluBackward} over the pooled entries [from, from + count) when the forward pass
   * kept the pooled ReLU outputs instead of the whole activation: the pooled value is the
   * activation at the window's maximum, so {@code pooled[o] > 0} is the same test as {@code
   * act[arg[o]] > 0}.
   */
  static void maxPoolReluBackward(
      double[] dOut, int[] arg, int from, int count, double[] pooled, double[] dIn) {
    for (int o = from, end = from + count; o < end; o++) {
      if (pooled[o] > 0) {
        dIn[arg[o]] += dOut[o];
      }
    }
  }

  /**
   * Bias, ReLU and 2×2 max-pooling of one h×w plane in one pass: the values v = (in + bias &gt; 0 ?
   * in + bias : 0) of {@link #addRowBiasRelu} are pooled as {@link #maxPool} pools them (first
   * maximum in row-major order, floor mode), without writing v back. Writes ⌊h/2⌋·⌊w/2⌋ maxima to
   * {@code out} from {@code outOff} and, at the same positions of {@code arg}, the index in {@code
   * in} of each maximum.
   *
   * <p>Branch-free on the data (the compare-and-branch form mispredicts on about half of the
   * windows): the maximum m of the four sums and of 0 is taken with {@link Math#max}, the index is
   * the first sum equal to m, and the first position when m = 0 (all four ReLU outputs are 0). This
   * is the same value and index as pooling the ReLU outputs in order; NaN sums (ReLU maps them to
   * 0) take the rare branch that applies the ReLU first.
   */
  static void biasReluMaxPool(
      double[] in, int inOff, int h, int w, double bias, double[] out, int outOff, int[] arg) {
    int ph = h / 2;
    int pw = w / 2;
    int o = outOff;
    for (int y = 0; y < ph; y++) {
      int r0 = inOff + 2 * y * w;
      int r1 = r0 + w;
      for (int x = 0; x < pw; x++, o++) {
        int i0 = r0 + 2 * x;
        int i2 = r1 + 2 * x;
        double v0 = in[i0] + bias;
        double v1 = in[i0 + 1] + bias;
        double v2 = in[i2] + bias;
        double v3 = in[i2 + 1] + bias;
        if (v0 != v0 | v1 != v1 | v2 != v2 | v3 != v3) {
          v0 = v0 > 0 ? v0 : 0.0;
          v1 = v1 > 0 ? v1 : 0.0;
          v2 = v2 > 0 ? v2 : 0.0;
          v3 = v3 > 0 ? v3 : 0.0;
        }
        double m = Math.max(Math.max(Math.max(v0, v1), Math.max(v2, v3)), 0.0);
        int best = v0 == m ? i0 : v1 == m ? i0 + 1 : v2 == m ? i2 : i2 + 1;
        out[o] = m;
        arg[o] = m > 0 ? best : i0;
      }
    }
  }

  /** Adds {@code bias[off + r]} to every entry of row r of the rows×cols matrix m, then ReLU. */
  static void addRowBiasRelu(double[] m, int rows, int cols, double[] bias, int off) {
    for (int r = 0, i = 0; r < rows; r++) {
      double b = bias[off + r];
      for (int j = 0; j < cols; j++, i++) {
        double v = m[i] + b;
        m[i] = v > 0 ? v : 0.0;
      }
    }
  }

  /** out[off + r] = Σ_j m[r, j] in ascending j (overwrites). */
  static void rowSums(double[] m, int rows, int cols, double[] out, int off) {
    for (int r = 0, i = 0; r < rows; r++) {
      double s = 0;
      for (int j = 0; j < cols; j++, i++) {
        s += m[i];
      }
      out[off + r] = s;
    }
  }

  /**
   * out[off + r] += Σ_j m[r, j], each row's terms added one by one in ascending j onto the old
   * value (a serial chain per row, as a plain loop row after row); four rows are walked together so
   * that four independent chains keep the adder busy. The same bits as the row-by-row loop.
   */
  static void addRowSums(double[] m, int rows, int cols, double[] out, int off) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      double s0 = out[off + r];
      double s1 = out[off + r + 1];
      double s2 = out[off + r + 2];
      double s3 = out[off + r + 3];
      int i0 = r * cols;
      int i1 = i0 + cols;
      int i2 = i1 + cols;
      int i3 = i2 + cols;
      for (int j = 0; j < cols; j++) {
        s0 += m[i0 + j];
        s1 += m[i1 + j];
        s2 += m[i2 + j];
        s3 += m[i3 + j];
      }
      out[off + r] = s0;
      out[off + r + 1] = s1;
      out[off + r + 2] = s2;
      out[off + r + 3] = s3;
    }
    for (; r < rows; r++) {
      double s = out[off + r];
      for (int j = r * cols, end = j + cols; j < end; j++) {
        s += m[j];
      }
      out[off + r] = s;
    }
  }

  /** PyTorch's default ε of {@code nn.BatchNorm2d}. */
  static final double BN_EPS = 1e-5;

  /**
   * Batch normalisation in training mode over the rows of the rows×n matrix {@code x} (one row per
   * channel, n = B·H·W values: the (C, B, H, W) layout): per row, μ = Σx/n and the biased variance
   * v = Σ(x − μ)²/n (two passes, ascending order), x̂ = (x − μ)/√(v + ε), out = γ·x̂ + β with γ =
   * {@code theta[offG + r]}, β = {@code theta[offBeta + r]}. Writes {@code out} (may not alias x),
   * and μ and 1/√(v + ε) into {@code mean} and {@code inv}.
   */
  static void batchNorm(
      double[] x,
      int rows,
      int n,
      double[] theta,
      int offG,
      int offBeta,
      double[] out,
      double[] mean,
      double[] inv) {
    for (int r = 0; r < rows; r++) {
      int o = r * n;
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += x[o + j];
      }
      double mu = s / n;
      double v = 0;
      for (int j = 0; j < n; j++) {
        double c = x[o + j] - mu;
        v += c * c;
      }
      double iv = 1.0 / Math.sqrt(v / n + BN_EPS);
      mean[r] = mu;
      inv[r] = iv;
      double g = theta[offG + r];
      double b = theta[offBeta + r];
      for (int j = 0; j < n; j++) {
        out[o + j] = g * ((x[o + j] - mu) * iv) + b;
      }
    }
  }

  /**
   * Backward of {@link #batchNorm} (training mode, the statistics depend on x): with x̂ recomputed
   * from x, μ and 1/√(v + ε) exactly as in the forward pass, ∂β = Σ dy, ∂γ = Σ dy·x̂ (written to
   * {@code grad} at offG, offBeta) and dx = γ/√(v + ε) · (dy − ∂β/n − x̂·∂γ/n), written over {@code
   * dy}.
   */
  static void batchNormBackward(
      double[] dy,
      double[] x,
      int rows,
      int n,
      double[] theta,
      int offG,
      double[] mean,
      double[] inv,
      double[] grad,
      int offBeta) {
    for (int r = 0; r < rows; r++) {
      int o = r * n;
      double mu = mean[r];
      double iv = inv[r];
      double sb = 0;
      double sg = 0;
      for (int j = 0; j < n; j++) {
        double d = dy[o + j];
        sb += d;
        sg += d * ((x[o + j] - mu) * iv);
      }
      grad[offG + r] = sg;
      grad[offBeta + r] = sb;
      double k = theta[offG + r] * iv;
      double mb = sb / n;
      double mg = sg / n;
      for (int j = 0; j < n; j++) {
        dy[o + j] = k * (dy[o + j] - mb - ((x[o + j] - mu) * iv) * mg);
      }
    }
  }

  /**
   * Inverted dropout with probability p (PyTorch's training mode): each entry is kept with
   * probability 1 − p and scaled by 1/(1 − p), else set to 0. The mask (0 or 1/(1 − p)) is drawn in
   * index order from {@code rng} (an entry is dropped when {@code rng.nextDouble() < p}), stored in
   * {@code mask}, and applied to {@code x} in place.
   */
  static void dropout(
      double[] x, int count, double p, java.util.SplittableRandom rng, double[] mask) {
    double keep = 1.0 / (1.0 - p);
    for (int i = 0; i < count; i++) {
      double m = rng.nextDouble() < p ? 0.0 : keep;
      mask[i] = m;
      x[i] *= m;
    }
  }

  /** d[i] *= mask[i] (the backward of {@link #dropout}). */
  static void mulMask(double[] d, double[] mask, int count) {
    for (int i = 0; i < count; i++) {
      d[i] *= mask[i];
    }
  }
}
