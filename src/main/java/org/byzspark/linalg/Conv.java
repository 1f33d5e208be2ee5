package org.byzspark.linalg;

/**
 * Convolution products without an im2col buffer ("implicit im2col"), with the bits of the im2col
 * form: each result is summed in exactly the order that {@link Gemm} documents for the product of
 * the weights with the im2col matrix, so replacing {@code im2col} + {@link Gemm} by these kernels
 * never changes a result; only the memory traffic goes (no copy of the input per kernel tap).
 *
 * <h2>Shapes</h2>
 *
 * <p>Square kernel k, stride 1, no padding. The input is a stack of h×w images addressed by {@code
 * cStride} between channels and {@code bStride} between examples (the (C, B, H, W) layout of a
 * model's inner activations: cStride = B·h·w, bStride = h·w); the output is oh×ow with oh = h − k +
 * 1, ow = w − k + 1, laid out (C_out, B, oh, ow) with {@code ld} between output channels. The
 * weights are PyTorch's (C_out, C_in, k, k), row-major with leading dimension {@code ldw}; row p of
 * the im2col matrix is p = (ci, kh, kw) and its column t = (e, oy, ox), as {@code ConvOps.im2col}
 * of the model package.
 *
 * <h2>Sums (the same as Gemm on the im2col matrix)</h2>
 *
 * <ul>
 *   <li>{@link #forward}: y[co, e, oy, ox] = the fma chain over p ascending of W[co, p]·x[ci, e, oy
 *       + kh, ox + kw], from 0 ({@link Gemm#mul}'s order).
 *   <li>{@link #weightGradient}: ∂W[co, p] = Σ_t δ[co, t]·cols[p, t] over the columns t of the
 *       whole batch in {@link Gemm#mulTransB}'s order: four lane sums over t ≡ l (mod 4), then (s₀
 *       + s₁) + (s₂ + s₃), then the tail t ≥ 4⌊n/4⌋ by fma; written, not accumulated.
 *   <li>{@link #inputGradient}: for p ascending, each ∂cols[p, t] = the fma chain over co ascending
 *       of W[co, p]·δ[co, t] (from 0, {@link Gemm#mul} with Wᵀ) is added to ∂x[ci, e, oy + kh, ox +
 *       kw] ({@code col2im}'s order: every element of ∂x receives its terms in ascending p).
 * </ul>
 *
 * <p>The Vector API kernels (fixed 256-bit lanes, used when the module is present and ow is a
 * multiple of 4) hold a 4×4 tile of results in registers and read the input where it lies; the
 * scalar code here is their definition and the fallback.
 */
public final class Conv {
  private Conv() {}

  private static final boolean VECTOR = Gemm.vectorized();

  /** Whether the vector kernels apply to an output of width {@code ow} (else the scalar ones). */
  public static boolean fast(int ow) {
    return VECTOR && ow % 4 == 0;
  }

  /**
   * y(C_out, B, oh, ow) = W·im2col(x), overwriting y; see the class comment. {@code x[xOff + ci·cs
   * + e·bs + y·w + x]}, {@code y[yOff + co·ldy + e·oh·ow + oy·ow + ox]}.
   */
  public static void forward(
      int cOut,
      int cIn,
      int batch,
      int h,
      int w,
      int k,
      double[] wt,
      int offW,
      int ldw,
      double[] x,
      int xOff,
      int cs,
      int bs,
      double[] y,
      int yOff,
      int ldy) {
    int oh = h - k + 1;
    int ow = w - k + 1;
    if (fast(ow)) {
      ConvVector.forward(cOut, cIn, batch, h, w, k, wt, offW, ldw, x, xOff, cs, bs, y, yOff, ldy);
      return;
    }
    int[] pOff = tapOffsets(cIn, k, w, cs);
    int plane = oh * ow;
    for (int co = 0; co < cOut; co++) {
      for (int e = 0; e < batch; e++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            int base = xOff + e * bs + oy * w + ox;
            double s = 0.0;
            for (int p = 0; p < pOff.length; p++) {
              s = Math.fma(wt[offW + co * ldw + p], x[base + pOff[p]], s);
            }
            y[yOff + co * ldy + e * plane + oy * ow + ox] = s;
          }
        }
      }
    }
  }

  /**
   * ∂W(C_out × C_in·k·k, leading dimension ldg) = δ·im2col(x)ᵀ over the whole batch, overwriting
   * it; δ is (C_out, B, oh, ow) at {@code d[dOff + co·ldd + t]}. See the class comment.
   */
  public static void weightGradient(
      int cOut,
      int cIn,
      int batch,
      int h,
      int w,
      int k,
      double[] d,
      int dOff,
      int ldd,
      double[] x,
      int xOff,
      int cs,
      int bs,
      double[] g,
      int gOff,
      int ldg) {
    int oh = h - k + 1;
    int ow = w - k + 1;
    if (fast(ow)) {
      ConvVector.weightGradient(
          cOut, cIn, batch, h, w, k, d, dOff, ldd, x, xOff, cs, bs, g, gOff, ldg);
      return;
    }
    int[] pOff = tapOffsets(cIn, k, w, cs);
    int[] tOff = columnOffsets(batch, oh, ow, w, bs);
    int n = tOff.length;
    int n4 = n & ~3;
    for (int co = 0; co < cOut; co++) {
      int dr = dOff + co * ldd;
      for (int p = 0; p < pOff.length; p++) {
        int xr = xOff + pOff[p];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int t = 0; t < n4; t += 4) {
          s0 = Math.fma(d[dr + t], x[xr + tOff[t]], s0);
          s1 = Math.fma(d[dr + t + 1], x[xr + tOff[t + 1]], s1);
          s2 = Math.fma(d[dr + t + 2], x[xr + tOff[t + 2]], s2);
          s3 = Math.fma(d[dr + t + 3], x[xr + tOff[t + 3]], s3);
        }
        double s = (s0 + s1) + (s2 + s3);
        for (int t = n4; t < n; t++) {
          s = Math.fma(d[dr + t], x[xr + tOff[t]], s);
        }
        g[gOff + co * ldg + p] = s;
      }
    }
  }

  /**
   * ∂x += col2im(Wᵀ·δ), ∂x laid out as x (same strides, from {@code dxOff}; the caller zeroes it
   * before the first call); see the class comment.
   */
  public static void inputGradient(
      int cOut,
      int cIn,
      int batch,
      int h,
      int w,
      int k,
      double[] wt,
      int offW,
      int ldw,
      double[] d,
      int dOff,
      int ldd,
      double[] dx,
      int dxOff,
      int cs,
      int bs) {
    int oh = h - k + 1;
    int ow = w - k + 1;
    if (fast(ow)) {
      ConvVector.inputGradient(
          cOut, cIn, batch, h, w, k, wt, offW, ldw, d, dOff, ldd, dx, dxOff, cs, bs);
      return;
    }
    int[] pOff = tapOffsets(cIn, k, w, cs);
    int plane = oh * ow;
    for (int p = 0; p < pOff.length; p++) {
      for (int e = 0; e < batch; e++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            int t = e * plane + oy * ow + ox;
            double s = 0.0;
            for (int co = 0; co < cOut; co++) {
              s = Math.fma(wt[offW + co * ldw + p], d[dOff + co * ldd + t], s);
            }
            int i = dxOff + pOff[p] + e * bs + oy * w + ox;
            dx[i] += s;
          }
        }
      }
    }
  }

  /**
   * Bias, ReLU and 2×2 max-pooling when the four positions of every window are four separate planes
   * (the conv1 columns ordered (e, dy, dx, py, px), see {@code ConvOps.im2colPooled} of the model
   * package): for t in [0, plane), with v_d = y[off + d·plane + t] + bias and r_d = (v_d &gt; 0 ?
   * v_d : 0) (NaN gives 0), writes out[outOff + t] = max_d r_d and pos[outOff + t] = the first d (0
   * … 3) with r_d equal to that maximum. This is the value and the index of {@code
   * ConvOps.biasReluMaxPool} (first maximum in row-major window order, position 0 when all four are
   * 0), vectorised.
   */
  public static void biasReluMaxPool4(
      double[] y, int off, int plane, double bias, double[] out, int outOff, double[] pos) {
    int t = 0;
    if (VECTOR) {
      t = ConvVector.biasReluMaxPool4(y, off, plane, bias, out, outOff, pos);
    }
    for (; t < plane; t++) {
      double r0 = relu(y[off + t] + bias);
      double r1 = relu(y[off + plane + t] + bias);
      double r2 = relu(y[off + 2 * plane + t] + bias);
      double r3 = relu(y[off + 3 * plane + t] + bias);
      double m = Math.max(Math.max(r0, r1), Math.max(r2, r3));
      out[outOff + t] = m;
      pos[outOff + t] = r0 == m ? 0 : r1 == m ? 1 : r2 == m ? 2 : 3;
    }
  }

  private static double relu(double v) {
    return v > 0 ? v : 0.0;
  }

  /** Offset in the input of im2col row p = (ci, kh, kw): ci·cs + kh·w + kw. */
  static int[] tapOffsets(int cIn, int k, int w, int cs) {
    int[] o = new int[cIn * k * k];
    for (int ci = 0, p = 0; ci < cIn; ci++) {
      for (int kh = 0; kh < k; kh++) {
        for (int kw = 0; kw < k; kw++, p++) {
          o[p] = ci * cs + kh * w + kw;
        }
      }
    }
    return o;
  }

  /** Offset in the input of im2col column t = (e, oy, ox): e·bs + oy·w + ox. */
  static int[] columnOffsets(int batch, int oh, int ow, int w, int bs) {
    int[] o = new int[batch * oh * ow];
    for (int e = 0, t = 0; e < batch; e++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++, t++) {
          o[t] = e * bs + oy * w + ox;
        }
      }
    }
    return o;
  }
}
