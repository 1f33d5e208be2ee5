package org.byzspark.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The implicit-im2col kernels against (1) plain loops written from {@link Conv}'s documented
 * summation order and (2) {@link Gemm} on an explicit im2col matrix followed by col2im, bit for
 * bit, on strided shapes with tails in every blocked dimension (output channels, taps, output
 * vectors) and on shapes that take the scalar path.
 */
class ConvTest {
  /** cOut, cIn, batch, h, w, k. */
  private static final int[][] SHAPES = {
    {20, 20, 3, 12, 12, 5}, // the paper's conv2 (vector path, no tails)
    {7, 3, 2, 6, 6, 3}, // ow = 4: output-channel tail 3, tap tail 3 (27 taps)
    {5, 2, 2, 7, 12, 5}, // non-square, 6 output vectors per plane: vector tails
    {1, 1, 1, 5, 8, 1}, // 1×1 kernel, one channel
    {9, 4, 2, 11, 11, 2}, // ow = 10: the scalar path
    {3, 2, 3, 6, 7, 3} // ow = 5: the scalar path, odd batch·plane (a k mod 4 tail in ∂W)
  };

  private static double[] random(SplittableRandom r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble(-1, 1);
    }
    return x;
  }

  /**
   * The strided layout of one test: offsets and strides with gaps, so no kernel assumes tightness.
   */
  private record Layout(
      int cOut,
      int cIn,
      int batch,
      int h,
      int w,
      int k,
      int xOff,
      int bs,
      int cs,
      int offW,
      int ldw,
      int yOff,
      int ldy,
      int gOff,
      int ldg) {
    static Layout of(int[] s) {
      int cOut = s[0];
      int cIn = s[1];
      int batch = s[2];
      int h = s[3];
      int w = s[4];
      int k = s[5];
      int bs = h * w + 3;
      int plane = (h - k + 1) * (w - k + 1);
      return new Layout(
          cOut,
          cIn,
          batch,
          h,
          w,
          k,
          5,
          bs,
          batch * bs + 2,
          3,
          cIn * k * k + 1,
          2,
          batch * plane + 5,
          1,
          cIn * k * k + 2);
    }

    int oh() {
      return h - k + 1;
    }

    int ow() {
      return w - k + 1;
    }

    int taps() {
      return cIn * k * k;
    }

    int cols() {
      return batch * oh() * ow();
    }

    int xIndex(int ci, int e, int y, int x) {
      return xOff + ci * cs + e * bs + y * w + x;
    }

    /**
     * The explicit im2col matrix (taps × cols, row-major), row (ci, kh, kw), column (e, oy, ox).
     */
    double[] im2col(double[] x) {
      double[] c = new double[taps() * cols()];
      for (int ci = 0, p = 0; ci < cIn; ci++) {
        for (int kh = 0; kh < k; kh++) {
          for (int kw = 0; kw < k; kw++, p++) {
            for (int e = 0, t = 0; e < batch; e++) {
              for (int oy = 0; oy < oh(); oy++) {
                for (int ox = 0; ox < ow(); ox++, t++) {
                  c[p * cols() + t] = x[xIndex(ci, e, oy + kh, ox + kw)];
                }
              }
            }
          }
        }
      }
      return c;
    }
  }

  @Test
  void vectorPathIsTestedWhereTheShapeAllowsIt() {
    assertTrue(Conv.fast(8));
    assertTrue(Conv.fast(4));
    assertFalse(Conv.fast(10));
  }

  @Test
  void forwardIsTheFmaChainOverTapsAndEqualsGemmOnIm2col() {
    SplittableRandom r = new SplittableRandom(11);
    for (int[] s : SHAPES) {
      Layout l = Layout.of(s);
      double[] x = random(r, l.xOff + l.cIn * l.cs);
      double[] wt = random(r, l.offW + l.cOut * l.ldw);
      double[] y = random(r, l.yOff + l.cOut * l.ldy); // garbage: forward overwrites
      Conv.forward(
          l.cOut, l.cIn, l.batch, l.h, l.w, l.k, wt, l.offW, l.ldw, x, l.xOff, l.cs, l.bs, y,
          l.yOff, l.ldy);
      // (1) the documented order, written out
      double[] ref = y.clone();
      for (int co = 0; co < l.cOut; co++) {
        for (int e = 0, t = 0; e < l.batch; e++) {
          for (int oy = 0; oy < l.oh(); oy++) {
            for (int ox = 0; ox < l.ow(); ox++, t++) {
              double acc = 0.0;
              for (int ci = 0, p = 0; ci < l.cIn; ci++) {
                for (int kh = 0; kh < l.k; kh++) {
                  for (int kw = 0; kw < l.k; kw++, p++) {
                    acc =
                        Math.fma(
                            wt[l.offW + co * l.ldw + p], x[l.xIndex(ci, e, oy + kh, ox + kw)], acc);
                  }
                }
              }
              ref[l.yOff + co * l.ldy + t] = acc;
            }
          }
        }
      }
      assertArrayEquals(ref, y, 0.0, java.util.Arrays.toString(s));
      // (2) Gemm on the explicit im2col matrix
      double[] viaGemm = y.clone();
      Gemm.mul(
          l.cOut,
          l.cols(),
          l.taps(),
          wt,
          l.offW,
          l.ldw,
          1,
          l.im2col(x),
          0,
          l.cols(),
          viaGemm,
          l.yOff,
          l.ldy,
          false);
      assertArrayEquals(viaGemm, y, 0.0, java.util.Arrays.toString(s));
    }
  }

  @Test
  void weightGradientHasTheLaneOrderOfMulTransB() {
    SplittableRandom r = new SplittableRandom(12);
    for (int[] s : SHAPES) {
      Layout l = Layout.of(s);
      double[] x = random(r, l.xOff + l.cIn * l.cs);
      double[] d = random(r, l.yOff + l.cOut * l.ldy);
      double[] g = random(r, l.gOff + l.cOut * l.ldg);
      double[] viaGemm = g.clone();
      Conv.weightGradient(
          l.cOut, l.cIn, l.batch, l.h, l.w, l.k, d, l.yOff, l.ldy, x, l.xOff, l.cs, l.bs, g, l.gOff,
          l.ldg);
      double[] cols = l.im2col(x);
      Gemm.mulTransB(
          l.cOut, l.taps(), l.cols(), d, l.yOff, l.ldy, cols, 0, l.cols(), viaGemm, l.gOff, l.ldg,
          false);
      assertArrayEquals(viaGemm, g, 0.0, java.util.Arrays.toString(s));
      // the documented order written out: four lane chains, (s0 + s1) + (s2 + s3), then the tail
      int n = l.cols();
      int n4 = n & ~3;
      for (int co = 0; co < l.cOut; co++) {
        for (int p = 0; p < l.taps(); p++) {
          double[] lane = new double[4];
          for (int t = 0; t < n4; t++) {
            lane[t & 3] = Math.fma(d[l.yOff + co * l.ldy + t], cols[p * n + t], lane[t & 3]);
          }
          double e = (lane[0] + lane[1]) + (lane[2] + lane[3]);
          for (int t = n4; t < n; t++) {
            e = Math.fma(d[l.yOff + co * l.ldy + t], cols[p * n + t], e);
          }
          assertEquals(e, g[l.gOff + co * l.ldg + p], 0.0);
        }
      }
    }
  }

  @Test
  void inputGradientIsCol2imOfTheTransposedProductInTapOrder() {
    SplittableRandom r = new SplittableRandom(13);
    for (int[] s : SHAPES) {
      Layout l = Layout.of(s);
      double[] wt = random(r, l.offW + l.cOut * l.ldw);
      double[] d = random(r, l.yOff + l.cOut * l.ldy);
      double[] dx = random(r, l.xOff + l.cIn * l.cs); // accumulated into, as col2im
      double[] expected = dx.clone();
      Conv.inputGradient(
          l.cOut, l.cIn, l.batch, l.h, l.w, l.k, wt, l.offW, l.ldw, d, l.yOff, l.ldy, dx, l.xOff,
          l.cs, l.bs);
      // ∂cols = Wᵀ·δ by Gemm (each entry a chain over the output channels), then col2im with
      // every entry of ∂x receiving its terms in ascending tap order
      int n = l.cols();
      double[] dcols = new double[l.taps() * n];
      Gemm.mul(l.taps(), n, l.cOut, wt, l.offW, 1, l.ldw, d, l.yOff, l.ldy, dcols, 0, n, false);
      for (int ci = 0, p = 0; ci < l.cIn; ci++) {
        for (int kh = 0; kh < l.k; kh++) {
          for (int kw = 0; kw < l.k; kw++, p++) {
            for (int e = 0, t = 0; e < l.batch; e++) {
              for (int oy = 0; oy < l.oh(); oy++) {
                for (int ox = 0; ox < l.ow(); ox++, t++) {
                  expected[l.xIndex(ci, e, oy + kh, ox + kw)] += dcols[p * n + t];
                }
              }
            }
          }
        }
      }
      assertArrayEquals(expected, dx, 0.0, java.util.Arrays.toString(s));
    }
  }

  @Test
  void nonFiniteInputsStayInTheirOwnResults() {
    // a NaN or an infinity in the input reaches exactly the outputs whose window covers it, as in
    // the im2col form (no lane of a tile leaks into another)
    Layout l = Layout.of(SHAPES[0]);
    SplittableRandom r = new SplittableRandom(14);
    double[] x = random(r, l.xOff + l.cIn * l.cs);
    x[l.xIndex(3, 1, 2, 2)] = Double.NaN;
    x[l.xIndex(0, 2, 11, 11)] = Double.POSITIVE_INFINITY;
    double[] wt = random(r, l.offW + l.cOut * l.ldw);
    double[] y = new double[l.yOff + l.cOut * l.ldy];
    Conv.forward(
        l.cOut, l.cIn, l.batch, l.h, l.w, l.k, wt, l.offW, l.ldw, x, l.xOff, l.cs, l.bs, y, l.yOff,
        l.ldy);
    double[] viaGemm = new double[y.length];
    Gemm.mul(
        l.cOut,
        l.cols(),
        l.taps(),
        wt,
        l.offW,
        l.ldw,
        1,
        l.im2col(x),
        0,
        l.cols(),
        viaGemm,
        l.yOff,
        l.ldy,
        false);
    assertArrayEquals(viaGemm, y, 0.0);
    int plane = l.oh() * l.ow();
    assertTrue(Double.isNaN(y[l.yOff + plane + 0])); // example 1, output (0, 0) covers (2, 2)
    assertTrue(
        Double.isInfinite(y[l.yOff + 2 * plane + plane - 1])
            || Double.isNaN(y[l.yOff + 2 * plane + plane - 1]));
    assertTrue(Double.isFinite(y[l.yOff])); // example 0 untouched
  }

  @Test
  void biasReluMaxPool4ByHand() {
    // plane of 5 windows (one past the vector width: the scalar tail too), bias −1:
    // window 0: sums {3, 3, 1, 0} → ReLU {2, 2, 0, 0}: tie, first position 0
    // window 1: {0, 0.5, 1, −2} → all ReLU zeros: 0, position 0
    // window 2: {1, 2, 5, 5} → {0, 1, 4, 4}: 4, first of the tie (2)
    // window 3: {NaN, 2, 1, 3} → NaN becomes 0: max 2 at position 3
    // window 4: {−0.0, 1, 1, 9} → max 8 at position 3
    double nan = Double.NaN;
    double[] y = {
      3, 0, 1, nan, -0.0, //
      3, 0.5, 2, 2, 1, //
      1, 1, 5, 1, 1, //
      0, -2, 5, 3, 9
    };
    double[] out = new double[5];
    double[] pos = new double[5];
    Conv.biasReluMaxPool4(y, 0, 5, -1.0, out, 0, pos);
    assertArrayEquals(new double[] {2, 0, 4, 2, 8}, out, 0.0);
    assertArrayEquals(new double[] {0, 0, 2, 3, 3}, pos, 0.0);
    assertEquals(0L, Double.doubleToRawLongBits(out[1])); // +0, not −0
  }
}
