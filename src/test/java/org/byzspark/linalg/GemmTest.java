package org.byzspark.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {
  private static double[] random(SplittableRandom r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble(-1, 1);
    }
    return x;
  }

  @Test
  void vectorModuleIsUsedInTests() {
    // Surefire runs with --add-modules=jdk.incubator.vector: the bit-identity tests below then
    // compare the Vector API kernels against the scalar definition, not the fallback with itself.
    assertTrue(Gemm.vectorized());
  }

  @Test
  void smallProductsByHand() {
    // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]: AB = [[19, 22], [43, 50]], AᵀB = [[26, 30], [38,
    // 44]],
    // ABᵀ = [[17, 23], [39, 53]].
    double[] a = {1, 2, 3, 4};
    double[] b = {5, 6, 7, 8};
    double[] c = new double[4];
    Gemm.ab(2, 2, 2, a, 0, b, 0, c, 0);
    assertArrayEquals(new double[] {19, 22, 43, 50}, c);
    Gemm.aTb(2, 2, 2, a, 0, b, 0, c, 0);
    assertArrayEquals(new double[] {26, 30, 38, 44}, c);
    Gemm.abT(2, 2, 2, a, 0, b, 0, c, 0);
    assertArrayEquals(new double[] {17, 23, 39, 53}, c);
    Gemm.mul(2, 2, 2, a, 0, 2, 1, b, 0, 2, c, 0, 2, true); // c = ABᵀ + AB
    assertArrayEquals(new double[] {36, 45, 82, 103}, c);
  }

  /** Every shape class of the blocking: full tiles, row tails, 4- and 1-column tails. */
  @Test
  void mulEqualsItsScalarDefinitionBitForBit() {
    SplittableRandom r = new SplittableRandom(7);
    int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17, 25};
    for (int m : sizes) {
      for (int n : sizes) {
        for (int k : new int[] {0, 1, 3, 8, 25, 70}) {
          for (boolean trans : new boolean[] {false, true}) {
            for (boolean acc : new boolean[] {false, true}) {
              int off = r.nextInt(3);
              double[] a = random(r, off + m * k);
              double[] b = random(r, off + k * n + 2);
              double[] c0 = random(r, m * (n + 1));
              double[] c1 = c0.clone();
              double[] old = c0.clone();
              int ars = trans ? 1 : k;
              int acs = trans ? m : 1;
              Gemm.mul(m, n, k, a, off, ars, acs, b, off, n, c0, 0, n + 1, acc);
              Gemm.mulScalar(0, m, 0, n, k, a, off, ars, acs, b, off, n, c1, 0, n + 1, acc);
              assertArrayEquals(c1, c0, 0.0, "m=" + m + " n=" + n + " k=" + k);
              // and it is the product, up to rounding
              for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                  double s = 0;
                  for (int p = 0; p < k; p++) {
                    s += a[off + i * ars + p * acs] * b[off + p * n + j];
                  }
                  double expected = (acc ? old[i * (n + 1) + j] : 0) + s;
                  assertEquals(expected, c0[i * (n + 1) + j], 1e-12);
                }
              }
            }
          }
        }
      }
    }
  }

  /** Deep products cross the k blocks of the vector kernel: the fma chains go on through C. */
  @Test
  void mulOverSeveralKBlocksEqualsItsScalarDefinitionBitForBit() {
    SplittableRandom r = new SplittableRandom(17);
    for (int[] s : new int[][] {{5, 37, 255}, {4, 16, 256}, {9, 33, 257}, {6, 20, 600}}) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (boolean trans : new boolean[] {false, true}) {
        for (boolean acc : new boolean[] {false, true}) {
          int ld = n + 3;
          double[] a = random(r, 1 + m * k);
          double[] b = random(r, 2 + k * ld);
          double[] c0 = random(r, m * (n + 2));
          double[] c1 = c0.clone();
          int ars = trans ? 1 : k;
          int acs = trans ? m : 1;
          Gemm.mul(m, n, k, a, 1, ars, acs, b, 2, ld, c0, 0, n + 2, acc);
          Gemm.mulScalar(0, m, 0, n, k, a, 1, ars, acs, b, 2, ld, c1, 0, n + 2, acc);
          assertArrayEquals(c1, c0, 0.0, "m=" + m + " n=" + n + " k=" + k);
        }
      }
    }
  }

  @Test
  void mulTransBEqualsItsScalarDefinitionBitForBit() {
    SplittableRandom r = new SplittableRandom(8);
    int[] sizes = {1, 2, 3, 4, 5, 9, 20, 25};
    for (int m : sizes) {
      for (int n : sizes) {
        for (int k : new int[] {0, 1, 3, 4, 7, 64, 1030, 1601}) {
          for (boolean acc : new boolean[] {false, true}) {
            double[] a = random(r, m * k + 1);
            double[] b = random(r, n * k + 1);
            double[] c = random(r, m * n);
            double[] expected = c.clone();
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < n; j++) {
                double s = Gemm.dotScalar(k, a, 1 + i * k, b, 1 + j * k);
                expected[i * n + j] = acc ? expected[i * n + j] + s : s;
              }
            }
            Gemm.mulTransB(m, n, k, a, 1, k, b, 1, k, c, 0, n, acc);
            assertArrayEquals(expected, c, 0.0, "m=" + m + " n=" + n + " k=" + k);
          }
        }
      }
    }
  }

  @Test
  void dotPartialsInChunksThenFinishEqualMulTransB() {
    // k split into chunks of multiples of 4 (as the CNN walks groups of examples), the k mod 4 tail
    // handed to dotFinish: the same bits as one mulTransB over all k, with A and B strided
    SplittableRandom r = new SplittableRandom(9);
    int[][] cases = {{20, 25, 14400, 576}, {20, 500, 1600, 64}, {3, 7, 1603, 8}, {5, 4, 17, 4}};
    for (int[] cs : cases) {
      int m = cs[0];
      int n = cs[1];
      int k = cs[2];
      int chunk = cs[3];
      int lda = k + 3;
      double[] a = random(r, m * lda);
      double[] b = random(r, n * k);
      double[] expected = new double[m * n];
      Gemm.mulTransB(m, n, k, a, 2, lda, b, 0, k, expected, 0, n, false);
      double[] part = new double[m * n * 4];
      int k4 = k & ~3;
      for (int p0 = 0; p0 < k4; p0 += chunk) {
        int len = Math.min(chunk, k4 - p0);
        // B's chunk copied to a tight buffer, as the CNN's per-group im2col
        double[] bc = new double[n * len];
        for (int j = 0; j < n; j++) {
          System.arraycopy(b, j * k + p0, bc, j * len, len);
        }
        Gemm.dotPartials(m, n, len, a, 2 + p0, lda, bc, 0, len, part);
      }
      double[] c = new double[m * n];
      Gemm.dotFinish(m, n, k - k4, a, 2 + k4, lda, b, k4, k, part, c, 0, n, false);
      assertArrayEquals(expected, c, 0.0, "m=" + m + " n=" + n + " k=" + k);
      // accumulate adds the old C after the reduction, as mulTransB does
      double[] old = random(r, m * n);
      double[] acc = old.clone();
      double[] accExpected = old.clone();
      Gemm.mulTransB(m, n, k, a, 2, lda, b, 0, k, accExpected, 0, n, true);
      Gemm.dotFinish(m, n, k - k4, a, 2 + k4, lda, b, k4, k, part, acc, 0, n, true);
      assertArrayEquals(accExpected, acc, 0.0);
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Gemm.dotPartials(2, 2, 6, new double[12], 0, 6, new double[12], 0, 6, new double[16]));
  }

  @Test
  void dotOrderIsTheDocumentedOne() {
    // k = 6: s_l over p = l (l < 4), then (s0 + s1) + (s2 + s3), then p = 4, 5 by fma.
    double[] a = {1e16, 1, -1e16, 1, 3, 0.5};
    double[] b = {1, 1, 1, 1, 1, 1};
    double expected = Math.fma(0.5, 1, Math.fma(3, 1, (1e16 + 1) + (-1e16 + 1)));
    assertEquals(expected, Gemm.dotScalar(6, a, 0, b, 0), 0.0);
    double[] c = new double[1];
    Gemm.abT(1, 1, 6, a, 0, b, 0, c, 0);
    assertEquals(expected, c[0], 0.0);
  }

  @Test
  void negativeSizesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Gemm.ab(-1, 1, 1, new double[1], 0, new double[1], 0, new double[1], 0));
  }
}
