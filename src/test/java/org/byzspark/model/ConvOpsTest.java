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

  @Test
  void fusedBiasReluPoolOfAHandMadePlane() {
    // bias −2, sums by rows {−1, 1, 0, 0, 7 | 0, 0, −1, −3, 7 | −4, −4, 3, 2, 7 | −5, −3, 2, 3, 7};
    // ReLU; pool (last column dropped). Windows 2 and 3 are all ReLU zeros (first position), window
    // 4 ties at 3 (first in row-major order). Written from out[1]; out[0] is left alone.
    double[] in = {
      1, 3, 2, 2, 9,
      2, 2, 1, -1, 9,
      -2, -2, 5, 4, 9,
      -3, -1, 4, 5, 9
    };
    double[] out = new double[5];
    int[] arg = new int[5];
    ConvOps.biasReluMaxPool(in, 0, 4, 5, -2.0, out, 1, arg);
    assertArrayEquals(new double[] {0, 1, 0, 0, 3}, out);
    assertArrayEquals(new int[] {0, 1, 2, 10, 12}, arg);
  }

  @Test
  void fusedBiasReluPoolEqualsBiasReluThenPool() {
    // ties, exact zeros, −0.0, infinities and NaN (ReLU maps NaN to 0), odd sides (floor mode)
    SplittableRandom r = new SplittableRandom(33);
    double[] special = {
      0.0, -0.0, 1.0, 1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0
    };
    for (int trial = 0; trial < 200; trial++) {
      int h = 2 + r.nextInt(6);
      int w = 2 + r.nextInt(6);
      double bias = trial % 3 == 0 ? 0.0 : r.nextDouble(-1, 1);
      double[] in = new double[h * w];
      for (int i = 0; i < in.length; i++) {
        in[i] = r.nextInt(3) == 0 ? special[r.nextInt(special.length)] : r.nextInt(5) - 2.0;
      }
      double[] relu = in.clone();
      ConvOps.addRowBiasRelu(relu, 1, in.length, new double[] {bias}, 0);
      int count = (h / 2) * (w / 2);
      double[] expected = new double[count];
      int[] expectedArg = new int[count];
      ConvOps.maxPool(relu, 1, h, w, expected, expectedArg);
      double[] out = new double[count];
      int[] arg = new int[count];
      ConvOps.biasReluMaxPool(in, 0, h, w, bias, out, 0, arg);
      assertArrayEquals(expected, out, 0.0, "trial " + trial);
      assertArrayEquals(expectedArg, arg, "trial " + trial);
      // the backward from the pooled values routes like the one from the whole activation
      double[] d = new double[count];
      for (int o = 0; o < count; o++) {
        d[o] = o + 1.0;
      }
      double[] dA = new double[in.length];
      double[] dB = new double[in.length];
      ConvOps.maxPoolReluBackward(d, expectedArg, count, relu, dA);
      ConvOps.maxPoolReluBackward(d, arg, 0, count, out, dB);
      assertArrayEquals(dA, dB, 0.0);
    }
  }

  @Test
  void pooledColumnsArePlainIm2colColumnsReordered() {
    // (e, dy, dx, py, px) columns hold the plain im2col column (e, 2py + dy, 2px + dx); odd
    // output sides drop their last row and column (floor mode); two channels, strided examples
    SplittableRandom r = new SplittableRandom(41);
    for (int[] s : new int[][] {{2, 2, 8, 9, 3}, {3, 1, 28, 28, 5}, {1, 2, 6, 6, 1}}) {
      int batch = s[0];
      int ch = s[1];
      int h = s[2];
      int w = s[3];
      int k = s[4];
      int bStride = ch * h * w + 1;
      int cStride = h * w;
      double[] src = new double[2 + batch * bStride];
      for (int i = 0; i < src.length; i++) {
        src[i] = r.nextDouble(-1, 1);
      }
      int oh = h - k + 1;
      int ow = w - k + 1;
      int ph = oh / 2;
      int pw = ow / 2;
      int n = batch * oh * ow;
      int np = batch * 4 * ph * pw;
      double[] plain = new double[ch * k * k * n];
      double[] pooled = new double[ch * k * k * np];
      ConvOps.im2col(src, 2, batch, ch, h, w, bStride, cStride, k, 0, plain);
      ConvOps.im2colPooled(src, 2, batch, ch, h, w, bStride, cStride, k, pooled);
      for (int row = 0; row < ch * k * k; row++) {
        for (int e = 0, t = 0; e < batch; e++) {
          for (int d = 0; d < 4; d++) {
            for (int py = 0; py < ph; py++) {
              for (int px = 0; px < pw; px++, t++) {
                int col = e * oh * ow + (2 * py + (d >> 1)) * ow + 2 * px + (d & 1);
                assertEquals(plain[row * n + col], pooled[row * np + t], 0.0);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void fourPlanePoolingEqualsTheFusedPoolAndItsBackward() {
    // the same values as biasReluMaxPool on the plain plane (ties, ±0, ±∞, NaN), the window
    // position in place of the index, and the same backward routing
    SplittableRandom r = new SplittableRandom(42);
    double[] special = {
      0.0, -0.0, 1.0, 1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0
    };
    for (int trial = 0; trial < 200; trial++) {
      int h = 2 + r.nextInt(9);
      int w = 2 + r.nextInt(9);
      double bias = trial % 3 == 0 ? 0.0 : r.nextDouble(-1, 1);
      double[] in = new double[h * w];
      for (int i = 0; i < in.length; i++) {
        in[i] = r.nextInt(3) == 0 ? special[r.nextInt(special.length)] : r.nextInt(5) - 2.0;
      }
      int ph = h / 2;
      int pw = w / 2;
      int count = ph * pw;
      double[] expected = new double[count];
      int[] arg = new int[count];
      ConvOps.biasReluMaxPool(in, 0, h, w, bias, expected, 0, arg);
      // the four window positions as four planes, after one unused leading entry
      double[] planes = new double[1 + 4 * count];
      for (int d = 0; d < 4; d++) {
        for (int py = 0; py < ph; py++) {
          for (int px = 0; px < pw; px++) {
            planes[1 + d * count + py * pw + px] = in[(2 * py + (d >> 1)) * w + 2 * px + (d & 1)];
          }
        }
      }
      double[] out = new double[count + 3];
      double[] pos = new double[count + 3];
      org.byzspark.linalg.Conv.biasReluMaxPool4(planes, 1, count, bias, out, 3, pos);
      for (int o = 0; o < count; o++) {
        assertEquals(
            Double.doubleToLongBits(expected[o]),
            Double.doubleToLongBits(out[3 + o]),
            "trial " + trial);
        int d = (int) pos[3 + o];
        int py = o / pw;
        int px = o % pw;
        assertEquals(arg[o], (2 * py + (d >> 1)) * w + 2 * px + (d & 1), "trial " + trial);
      }
      double[] dOut = new double[count + 3];
      for (int o = 0; o < dOut.length; o++) {
        dOut[o] = o + 1.0;
      }
      double[] dA = new double[in.length];
      double[] dB = new double[1 + in.length];
      ConvOps.maxPoolReluBackward(
          java.util.Arrays.copyOfRange(dOut, 3, 3 + count), arg, 0, count, expected, dA);
      ConvOps.unpoolRelu4(dOut, pos, out, 3, 1, h, w, dB, 1);
      assertArrayEquals(dA, java.util.Arrays.copyOfRange(dB, 1, dB.length), 0.0);
    }
  }

  @Test
  void addRowSumsIsTheRowByRowChain() {
    // 6 rows (a block of four and two single rows), sums onto old values, in ascending j: the
    // large first term makes the order visible (1e16 + 1 + 1 ≠ 1e16 + 2 in another order)
    SplittableRandom r = new SplittableRandom(43);
    int rows = 6;
    int cols = 37;
    double[] m = new double[rows * cols];
    for (int i = 0; i < m.length; i++) {
      m[i] = i % cols == 0 ? 1e16 : r.nextInt(3) - 0.5;
    }
    double[] out = {9, 1, -2, 0.25, 3, -0.0, 7};
    double[] expected = out.clone();
    for (int row = 0; row < rows; row++) {
      double s = expected[1 + row];
      for (int j = 0; j < cols; j++) {
        s += m[row * cols + j];
      }
      expected[1 + row] = s;
    }
    ConvOps.addRowSums(m, rows, cols, out, 1);
    assertArrayEquals(expected, out, 0.0);
    assertEquals(9.0, out[0]);
  }
}
