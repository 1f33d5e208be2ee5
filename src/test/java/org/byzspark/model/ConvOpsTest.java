package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvOpsTest {
  @Test
  void im2colOfAHandMadeImage() {
    // one 3×3 image 1..9, kernel 2, no padding: columns (oh, ow) = (0,0), (0,1), (1,0), (1,1)
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    double[] cols = new double[4 * 4];
    ConvOps.im2col(x, 0, 1, 1, 3, 3, 9, 9, 2, 0, cols);
    assertArrayEquals(
        new double[] {
          1, 2, 4, 5, // (kh, kw) = (0, 0)
          2, 3, 5, 6, // (0, 1)
          4, 5, 7, 8, // (1, 0)
          5, 6, 8, 9
        },
        cols); // (1, 1)
  }

  @Test
  void im2colWithPadding() {
    // 2×2 image, kernel 3, padding 1: output 2×2; row (kh, kw) = (0, 0) sees x[oh−1, ow−1]
    double[] x = {1, 2, 3, 4};
    double[] cols = new double[9 * 4];
    ConvOps.im2col(x, 0, 1, 1, 2, 2, 4, 4, 3, 1, cols);
    assertArrayEquals(new double[] {0, 0, 0, 1}, java.util.Arrays.copyOfRange(cols, 0, 4));
    assertArrayEquals(new double[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(cols, 16, 20));
    assertArrayEquals(new double[] {4, 0, 0, 0}, java.util.Arrays.copyOfRange(cols, 32, 36));
  }

  /** Convolution as W·im2col equals the direct sum, for 2 examples, 2 channels, padding 0 and 1. */
  @Test
  void convolutionThroughGemmEqualsDirectLoops() {
    SplittableRandom r = new SplittableRandom(3);
    for (int pad : new int[] {0, 1}) {
      int b = 2;
      int ch = 2;
      int h = 5;
      int w = 6;
      int k = 3;
      int cout = 3;
      double[] x = new double[b * ch * h * w];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextInt(7) - 3;
      }
      double[] wt = new double[cout * ch * k * k];
      for (int i = 0; i < wt.length; i++) {
        wt[i] = r.nextInt(5) - 2;
      }
      int oh = ConvOps.convOut(h, k, pad);
      int ow = ConvOps.convOut(w, k, pad);
      int n = b * oh * ow;
      double[] cols = new double[ch * k * k * n];
      ConvOps.im2col(x, 0, b, ch, h, w, ch * h * w, h * w, k, pad, cols);
      double[] y = new double[cout * n];
      Dense.ab(cout, n, ch * k * k, wt, 0, cols, 0, y, 0);
      for (int co = 0; co < cout; co++) {
        for (int e = 0; e < b; e++) {
          for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
              double s = 0;
              for (int c = 0; c < ch; c++) {
                for (int u = 0; u < k; u++) {
                  for (int v = 0; v < k; v++) {
                    int yy = i + u - pad;
                    int xx = j + v - pad;
                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                      s +=
                          wt[((co * ch + c) * k + u) * k + v] * x[((e * ch + c) * h + yy) * w + xx];
                    }
                  }
                }
              }
              assertEquals(s, y[co * n + (e * oh + i) * ow + j], 0.0);
            }
          }
        }
      }
    }
  }

  /** col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩. */
  @Test
  void col2imIsTheAdjoint() {
    SplittableRandom r = new SplittableRandom(4);
    for (int pad : new int[] {0, 1, 2}) {
      int b = 3;
      int ch = 2;
      int h = 6;
      int w = 5;
      int k = 3;
      int n = b * ConvOps.convOut(h, k, pad) * ConvOps.convOut(w, k, pad);
      // the (C, B, H, W) layout
      int cStride = b * h * w;
      int bStride = h * w;
      double[] x = new double[ch * b * h * w];
      double[] c = new double[ch * k * k * n];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextInt(9) - 4;
      }
      for (int i = 0; i < c.length; i++) {
        c[i] = r.nextInt(9) - 4;
      }
      double[] cols = new double[c.length];
      ConvOps.im2col(x, 0, b, ch, h, w, bStride, cStride, k, pad, cols);
      double[] back = new double[x.length];
      ConvOps.col2im(c, b, ch, h, w, bStride, cStride, k, pad, back, 0);
      double lhs = 0;
      double rhs = 0;
      for (int i = 0; i < c.length; i++) {
        lhs += cols[i] * c[i];
      }
      for (int i = 0; i < x.length; i++) {
        rhs += x[i] * back[i];
      }
      assertEquals(lhs, rhs, 0.0);
      assertNotEquals(0.0, lhs);
    }
  }

  @Test
  void maxPoolOfAHandMadePlane() {
    // 4×5 plane (last column dropped), ties go to the first maximum in row-major order
    double[] in = {
      1, 3, 2, 2, 9,
      0, 3, 1, 2, 9,
      -1, -2, 5, 4, 9,
      -3, -1, 4, 5, 9
    };
    double[] out = new double[4];
    int[] arg = new int[4];
    ConvOps.maxPool(in, 1, 4, 5, out, arg);
    assertArrayEquals(new double[] {3, 2, -1, 5}, out);
    assertArrayEquals(new int[] {1, 2, 10, 12}, arg);
    double[] dIn = new double[20];
    ConvOps.maxPoolBackward(new double[] {10, 20, 30, 40}, arg, 4, dIn);
    double[] expected = new double[20];
    expected[1] = 10;
    expected[2] = 20;
    expected[10] = 30;
    expected[12] = 40;
    assertArrayEquals(expected, dIn);
  }
}
