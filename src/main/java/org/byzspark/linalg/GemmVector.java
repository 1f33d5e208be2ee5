package org.byzspark.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link Gemm}, loaded only when the module is present. The species is
 * fixed to 256 bits (4 doubles) whatever the hardware prefers; see {@link Gemm} for the order of
 * the sums, which the register blocking here never changes.
 */
final class GemmVector {
  private GemmVector() {}

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
  private static final int L = 4;

  /** Rows of B per block of the dot kernel (NB·KC·8 bytes = 128 KiB, kept in L2). */
  private static final int NB = 32;

  /**
   * Depth of a block of k in {@link #mul}: a k×16 panel of B (32 KiB) stays in L1 while every row
   * tile of A passes. The fma chain of each element of C continues from one block to the next
   * through C itself (an exact store and load), so the blocking never changes a bit.
   */
  private static final int MKC = 256;

  static void mul(
      int m,
      int n,
      int k,
      double[] a,
      int offA,
      int ars,
      int acs,
      double[] b,
      int offB,
      int ldb,
      double[] c,
      int offC,
      int ldc,
      boolean acc) {
    if (k == 0) {
      mulBlock(m, n, 0, a, offA, ars, acs, b, offB, ldb, c, offC, ldc, acc);
      return;
    }
    for (int p0 = 0; p0 < k; p0 += MKC) {
      int kc = Math.min(MKC, k - p0);
      mulBlock(
          m,
          n,
          kc,
          a,
          offA + p0 * acs,
          ars,
          acs,
          b,
          offB + p0 * ldb,
          ldb,
          c,
          offC,
          ldc,
          acc || p0 > 0);
    }
  }

  private static void mulBlock(
      int m,
      int n,
      int k,
      double[] a,
      int offA,
      int ars,
      int acs,
      double[] b,
      int offB,
      int ldb,
      double[] c,
      int offC,
      int ldc,
      boolean acc) {
    int m4 = m & ~3;
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      int i = 0;
      for (; i < m4; i += 4) {
        tile4x16(k, a, offA + i * ars, ars, acs, b, offB + j, ldb, c, offC + i * ldc + j, ldc, acc);
      }
      for (; i < m; i++) {
        row1x8(k, a, offA + i * ars, acs, b, offB + j, ldb, c, offC + i * ldc + j, acc);
        row1x8(
            k,
            a,
            offA + i * ars,
            acs,
            b,
            offB + j + 2 * L,
            ldb,
            c,
            offC + i * ldc + j + 2 * L,
            acc);
      }
    }
    for (; j + 2 * L <= n; j += 2 * L) {
      int i = 0;
      for (; i < m4; i += 4) {
        tile4x8(k, a, offA + i * ars, ars, acs, b, offB + j, ldb, c, offC + i * ldc + j, ldc, acc);
      }
      for (; i < m; i++) {
        row1x8(k, a, offA + i * ars, acs, b, offB + j, ldb, c, offC + i * ldc + j, acc);
      }
    }
    if (j + L <= n) {
      for (int i = 0; i < m; i++) {
        row1x4(k, a, offA + i * ars, acs, b, offB + j, ldb, c, offC + i * ldc + j, acc);
      }
      j += L;
    }
    if (j < n) {
      Gemm.mulScalar(0, m, j, n, k, a, offA, ars, acs, b, offB, ldb, c, offC, ldc, acc);
    }
  }

  /** C[4×16] (+)= A[4×k]·B[k×16]: sixteen accumulators (AVX-512 gives C2 32 vector registers). */
  private static void tile4x16(
      int k,
      double[] a,
      int oa,
      int ars,
      int acs,
      double[] b,
      int ob,
      int ldb,
      double[] c,
      int oc,
      int ldc,
      boolean acc) {
    DoubleVector c00;
    DoubleVector c01;
    DoubleVector c02;
    DoubleVector c03;
    DoubleVector c10;
    DoubleVector c11;
    DoubleVector c12;
    DoubleVector c13;
    DoubleVector c20;
    DoubleVector c21;
    DoubleVector c22;
    DoubleVector c23;
    DoubleVector c30;
    DoubleVector c31;
    DoubleVector c32;
    DoubleVector c33;
    int o1 = oc + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    if (acc) {
      c00 = DoubleVector.fromArray(S, c, oc);
      c01 = DoubleVector.fromArray(S, c, oc + L);
      c02 = DoubleVector.fromArray(S, c, oc + 2 * L);
      c03 = DoubleVector.fromArray(S, c, oc + 3 * L);
      c10 = DoubleVector.fromArray(S, c, o1);
      c11 = DoubleVector.fromArray(S, c, o1 + L);
      c12 = DoubleVector.fromArray(S, c, o1 + 2 * L);
      c13 = DoubleVector.fromArray(S, c, o1 + 3 * L);
      c20 = DoubleVector.fromArray(S, c, o2);
      c21 = DoubleVector.fromArray(S, c, o2 + L);
      c22 = DoubleVector.fromArray(S, c, o2 + 2 * L);
      c23 = DoubleVector.fromArray(S, c, o2 + 3 * L);
      c30 = DoubleVector.fromArray(S, c, o3);
      c31 = DoubleVector.fromArray(S, c, o3 + L);
      c32 = DoubleVector.fromArray(S, c, o3 + 2 * L);
      c33 = DoubleVector.fromArray(S, c, o3 + 3 * L);
    } else {
      c00 = DoubleVector.zero(S);
      c01 = c00;
      c02 = c00;
      c03 = c00;
      c10 = c00;
      c11 = c00;
      c12 = c00;
      c13 = c00;
      c20 = c00;
      c21 = c00;
      c22 = c00;
      c23 = c00;
      c30 = c00;
      c31 = c00;
      c32 = c00;
      c33 = c00;
    }
    int a0 = oa;
    int a1 = oa + ars;
    int a2 = oa + 2 * ars;
    int a3 = oa + 3 * ars;
    for (int p = 0, pb = ob, pa = 0; p < k; p++, pb += ldb, pa += acs) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, pb);
      DoubleVector b1 = DoubleVector.fromArray(S, b, pb + L);
      DoubleVector b2 = DoubleVector.fromArray(S, b, pb + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, b, pb + 3 * L);
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      c03 = x.fma(b3, c03);
      x = DoubleVector.broadcast(S, a[a1 + pa]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      c13 = x.fma(b3, c13);
      x = DoubleVector.broadcast(S, a[a2 + pa]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      c23 = x.fma(b3, c23);
      x = DoubleVector.broadcast(S, a[a3 + pa]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
      c33 = x.fma(b3, c33);
    }
    c00.intoArray(c, oc);
    c01.intoArray(c, oc + L);
    c02.intoArray(c, oc + 2 * L);
    c03.intoArray(c, oc + 3 * L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c12.intoArray(c, o1 + 2 * L);
    c13.intoArray(c, o1 + 3 * L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c22.intoArray(c, o2 + 2 * L);
    c23.intoArray(c, o2 + 3 * L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c32.intoArray(c, o3 + 2 * L);
    c33.intoArray(c, o3 + 3 * L);
  }

  /** C[4×8] (+)= A[4×k]·B[k×8]. */
  private static void tile4x8(
      int k,
      double[] a,
      int oa,
      int ars,
      int acs,
      double[] b,
      int ob,
      int ldb,
      double[] c,
      int oc,
      int ldc,
      boolean acc) {
    DoubleVector c00;
    DoubleVector c01;
    DoubleVector c10;
    DoubleVector c11;
    DoubleVector c20;
    DoubleVector c21;
    DoubleVector c30;
    DoubleVector c31;
    if (acc) {
      c00 = DoubleVector.fromArray(S, c, oc);
      c01 = DoubleVector.fromArray(S, c, oc + L);
      c10 = DoubleVector.fromArray(S, c, oc + ldc);
      c11 = DoubleVector.fromArray(S, c, oc + ldc + L);
      c20 = DoubleVector.fromArray(S, c, oc + 2 * ldc);
      c21 = DoubleVector.fromArray(S, c, oc + 2 * ldc + L);
      c30 = DoubleVector.fromArray(S, c, oc + 3 * ldc);
      c31 = DoubleVector.fromArray(S, c, oc + 3 * ldc + L);
    } else {
      c00 = DoubleVector.zero(S);
      c01 = c00;
      c10 = c00;
      c11 = c00;
      c20 = c00;
      c21 = c00;
      c30 = c00;
      c31 = c00;
    }
    int a0 = oa;
    int a1 = oa + ars;
    int a2 = oa + 2 * ars;
    int a3 = oa + 3 * ars;
    for (int p = 0, pb = ob, pa = 0; p < k; p++, pb += ldb, pa += acs) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, pb);
      DoubleVector b1 = DoubleVector.fromArray(S, b, pb + L);
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, a[a1 + pa]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, a[a2 + pa]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, a[a3 + pa]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, oc);
    c01.intoArray(c, oc + L);
    c10.intoArray(c, oc + ldc);
    c11.intoArray(c, oc + ldc + L);
    c20.intoArray(c, oc + 2 * ldc);
    c21.intoArray(c, oc + 2 * ldc + L);
    c30.intoArray(c, oc + 3 * ldc);
    c31.intoArray(c, oc + 3 * ldc + L);
  }

  /** One row of C, 8 columns wide (no branch inside the loop, so C2 keeps both in registers). */
  private static void row1x8(
      int k,
      double[] a,
      int oa,
      int acs,
      double[] b,
      int ob,
      int ldb,
      double[] c,
      int oc,
      boolean acc) {
    DoubleVector c0 = acc ? DoubleVector.fromArray(S, c, oc) : DoubleVector.zero(S);
    DoubleVector c1 = acc ? DoubleVector.fromArray(S, c, oc + L) : DoubleVector.zero(S);
    for (int p = 0, pb = ob, pa = oa; p < k; p++, pb += ldb, pa += acs) {
      DoubleVector x = DoubleVector.broadcast(S, a[pa]);
      c0 = x.fma(DoubleVector.fromArray(S, b, pb), c0);
      c1 = x.fma(DoubleVector.fromArray(S, b, pb + L), c1);
    }
    c0.intoArray(c, oc);
    c1.intoArray(c, oc + L);
  }

  /** One row of C, 4 columns wide. */
  private static void row1x4(
      int k,
      double[] a,
      int oa,
      int acs,
      double[] b,
      int ob,
      int ldb,
      double[] c,
      int oc,
      boolean acc) {
    DoubleVector c0 = acc ? DoubleVector.fromArray(S, c, oc) : DoubleVector.zero(S);
    for (int p = 0, pb = ob, pa = oa; p < k; p++, pb += ldb, pa += acs) {
      c0 = DoubleVector.broadcast(S, a[pa]).fma(DoubleVector.fromArray(S, b, pb), c0);
    }
    c0.intoArray(c, oc);
  }

  static void mulTransB(
      int m,
      int n,
      int k,
      double[] a,
      int offA,
      int lda,
      double[] b,
      int offB,
      int ldb,
      double[] c,
      int offC,
      int ldc,
      boolean acc) {
    int k4 = k & ~3;
    // Four partial sums per element of C, carried across the k blocks.
    double[] part = new double[m * n * L];
    dotPartials(m, n, k4, a, offA, lda, b, offB, ldb, part);
    Gemm.dotFinish(m, n, k - k4, a, offA + k4, lda, b, offB + k4, ldb, part, c, offC, ldc, acc);
  }

  /** {@link Gemm#dotPartials} (k a multiple of 4). */
  static void dotPartials(
      int m,
      int n,
      int k4,
      double[] a,
      int offA,
      int lda,
      double[] b,
      int offB,
      int ldb,
      double[] part) {
    for (int p0 = 0; p0 < k4; p0 += Gemm.KC) {
      int p1 = Math.min(k4, p0 + Gemm.KC);
      // a block of NB rows of B (at most NB·KC doubles) is reused by every row of A from L2
      for (int j0 = 0; j0 < n; j0 += NB) {
        int j1 = Math.min(n, j0 + NB);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          int j = j0;
          for (; j + 4 <= j1; j += 4) {
            dotTile4x4(
                p0,
                p1,
                a,
                offA + i * lda,
                lda,
                b,
                offB + j * ldb,
                ldb,
                part,
                (i * n + j) * L,
                n * L);
          }
          for (; j < j1; j++) {
            dotTile4x1(
                p0, p1, a, offA + i * lda, lda, b, offB + j * ldb, part, (i * n + j) * L, n * L);
          }
        }
        for (; i + 2 <= m; i += 2) {
          int j = j0;
          for (; j + 4 <= j1; j += 4) {
            dotTile2x4(
                p0,
                p1,
                a,
                offA + i * lda,
                lda,
                b,
                offB + j * ldb,
                ldb,
                part,
                (i * n + j) * L,
                n * L);
          }
          for (; j < j1; j++) {
            dot1(p0, p1, a, offA + i * lda, b, offB + j * ldb, part, (i * n + j) * L);
            dot1(p0, p1, a, offA + (i + 1) * lda, b, offB + j * ldb, part, ((i + 1) * n + j) * L);
          }
        }
        for (; i < m; i++) {
          for (int j = j0; j < j1; j++) {
            dot1(p0, p1, a, offA + i * lda, b, offB + j * ldb, part, (i * n + j) * L);
          }
        }
      }
    }
  }

  /**
   * Partial sums of a 4×4 block of C over p in [p0, p1) (multiples of 4): sixteen lane-sum
   * accumulators, each the chain of {@link #dot1} for its element.
   */
  private static void dotTile4x4(
      int p0,
      int p1,
      double[] a,
      int oa,
      int lda,
      double[] b,
      int ob,
      int ldb,
      double[] part,
      int q,
      int rowStride) {
    int q1 = q + rowStride;
    int q2 = q1 + rowStride;
    int q3 = q2 + rowStride;
    DoubleVector s00 = DoubleVector.fromArray(S, part, q);
    DoubleVector s01 = DoubleVector.fromArray(S, part, q + L);
    DoubleVector s02 = DoubleVector.fromArray(S, part, q + 2 * L);
    DoubleVector s03 = DoubleVector.fromArray(S, part, q + 3 * L);
    DoubleVector s10 = DoubleVector.fromArray(S, part, q1);
    DoubleVector s11 = DoubleVector.fromArray(S, part, q1 + L);
    DoubleVector s12 = DoubleVector.fromArray(S, part, q1 + 2 * L);
    DoubleVector s13 = DoubleVector.fromArray(S, part, q1 + 3 * L);
    DoubleVector s20 = DoubleVector.fromArray(S, part, q2);
    DoubleVector s21 = DoubleVector.fromArray(S, part, q2 + L);
    DoubleVector s22 = DoubleVector.fromArray(S, part, q2 + 2 * L);
    DoubleVector s23 = DoubleVector.fromArray(S, part, q2 + 3 * L);
    DoubleVector s30 = DoubleVector.fromArray(S, part, q3);
    DoubleVector s31 = DoubleVector.fromArray(S, part, q3 + L);
    DoubleVector s32 = DoubleVector.fromArray(S, part, q3 + 2 * L);
    DoubleVector s33 = DoubleVector.fromArray(S, part, q3 + 3 * L);
    int a0 = oa;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int b0 = ob;
    int b1 = b0 + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    for (int p = p0; p < p1; p += L) {
      DoubleVector y0 = DoubleVector.fromArray(S, b, b0 + p);
      DoubleVector y1 = DoubleVector.fromArray(S, b, b1 + p);
      DoubleVector y2 = DoubleVector.fromArray(S, b, b2 + p);
      DoubleVector y3 = DoubleVector.fromArray(S, b, b3 + p);
      DoubleVector x = DoubleVector.fromArray(S, a, a0 + p);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      s02 = x.fma(y2, s02);
      s03 = x.fma(y3, s03);
      x = DoubleVector.fromArray(S, a, a1 + p);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      s12 = x.fma(y2, s12);
      s13 = x.fma(y3, s13);
      x = DoubleVector.fromArray(S, a, a2 + p);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      s22 = x.fma(y2, s22);
      s23 = x.fma(y3, s23);
      x = DoubleVector.fromArray(S, a, a3 + p);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
      s32 = x.fma(y2, s32);
      s33 = x.fma(y3, s33);
    }
    s00.intoArray(part, q);
    s01.intoArray(part, q + L);
    s02.intoArray(part, q + 2 * L);
    s03.intoArray(part, q + 3 * L);
    s10.intoArray(part, q1);
    s11.intoArray(part, q1 + L);
    s12.intoArray(part, q1 + 2 * L);
    s13.intoArray(part, q1 + 3 * L);
    s20.intoArray(part, q2);
    s21.intoArray(part, q2 + L);
    s22.intoArray(part, q2 + 2 * L);
    s23.intoArray(part, q2 + 3 * L);
    s30.intoArray(part, q3);
    s31.intoArray(part, q3 + L);
    s32.intoArray(part, q3 + 2 * L);
    s33.intoArray(part, q3 + 3 * L);
  }

  /** Partial sums of a 4×1 block (four rows of A against one row of B), four chains at once. */
  private static void dotTile4x1(
      int p0,
      int p1,
      double[] a,
      int oa,
      int lda,
      double[] b,
      int ob,
      double[] part,
      int q,
      int rowStride) {
    int q1 = q + rowStride;
    int q2 = q1 + rowStride;
    int q3 = q2 + rowStride;
    DoubleVector s0 = DoubleVector.fromArray(S, part, q);
    DoubleVector s1 = DoubleVector.fromArray(S, part, q1);
    DoubleVector s2 = DoubleVector.fromArray(S, part, q2);
    DoubleVector s3 = DoubleVector.fromArray(S, part, q3);
    int a1 = oa + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    for (int p = p0; p < p1; p += L) {
      DoubleVector y = DoubleVector.fromArray(S, b, ob + p);
      s0 = DoubleVector.fromArray(S, a, oa + p).fma(y, s0);
      s1 = DoubleVector.fromArray(S, a, a1 + p).fma(y, s1);
      s2 = DoubleVector.fromArray(S, a, a2 + p).fma(y, s2);
      s3 = DoubleVector.fromArray(S, a, a3 + p).fma(y, s3);
    }
    s0.intoArray(part, q);
    s1.intoArray(part, q1);
    s2.intoArray(part, q2);
    s3.intoArray(part, q3);
  }

  /** Partial sums of a 2×4 block of C over p in [p0, p1) (multiples of 4). */
  private static void dotTile2x4(
      int p0,
      int p1,
      double[] a,
      int oa,
      int lda,
      double[] b,
      int ob,
      int ldb,
      double[] part,
      int q,
      int rowStride) {
    DoubleVector s00 = DoubleVector.fromArray(S, part, q);
    DoubleVector s01 = DoubleVector.fromArray(S, part, q + L);
    DoubleVector s02 = DoubleVector.fromArray(S, part, q + 2 * L);
    DoubleVector s03 = DoubleVector.fromArray(S, part, q + 3 * L);
    DoubleVector s10 = DoubleVector.fromArray(S, part, q + rowStride);
    DoubleVector s11 = DoubleVector.fromArray(S, part, q + rowStride + L);
    DoubleVector s12 = DoubleVector.fromArray(S, part, q + rowStride + 2 * L);
    DoubleVector s13 = DoubleVector.fromArray(S, part, q + rowStride + 3 * L);
    int a0 = oa;
    int a1 = oa + lda;
    int b0 = ob;
    int b1 = ob + ldb;
    int b2 = ob + 2 * ldb;
    int b3 = ob + 3 * ldb;
    for (int p = p0; p < p1; p += L) {
      DoubleVector x0 = DoubleVector.fromArray(S, a, a0 + p);
      DoubleVector x1 = DoubleVector.fromArray(S, a, a1 + p);
      DoubleVector y = DoubleVector.fromArray(S, b, b0 + p);
      s00 = x0.fma(y, s00);
      s10 = x1.fma(y, s10);
      y = DoubleVector.fromArray(S, b, b1 + p);
      s01 = x0.fma(y, s01);
      s11 = x1.fma(y, s11);
      y = DoubleVector.fromArray(S, b, b2 + p);
      s02 = x0.fma(y, s02);
      s12 = x1.fma(y, s12);
      y = DoubleVector.fromArray(S, b, b3 + p);
      s03 = x0.fma(y, s03);
      s13 = x1.fma(y, s13);
    }
    s00.intoArray(part, q);
    s01.intoArray(part, q + L);
    s02.intoArray(part, q + 2 * L);
    s03.intoArray(part, q + 3 * L);
    s10.intoArray(part, q + rowStride);
    s11.intoArray(part, q + rowStride + L);
    s12.intoArray(part, q + rowStride + 2 * L);
    s13.intoArray(part, q + rowStride + 3 * L);
  }

  private static void dot1(
      int p0, int p1, double[] a, int oa, double[] b, int ob, double[] part, int q) {
    DoubleVector s = DoubleVector.fromArray(S, part, q);
    for (int p = p0; p < p1; p += L) {
      s = DoubleVector.fromArray(S, a, oa + p).fma(DoubleVector.fromArray(S, b, ob + p), s);
    }
    s.intoArray(part, q);
  }
}
