package org.byzspark.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link Conv} (ow a multiple of 4, so that four consecutive output
 * columns are four consecutive input columns of every tap); loaded only when the module is present.
 * Every result is summed in the order {@link Conv} documents; the tiles only choose which results
 * are computed together.
 */
final class ConvVector {
  private ConvVector() {}

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
  private static final int L = 4;

  /** Offset of output vector v (4 columns) in its example's input image: oy·w + ox. */
  private static int[] vectorOffsets(int oh, int ow, int w) {
    int[] o = new int[oh * ow / L];
    for (int v = 0; v < o.length; v++) {
      int t = v * L;
      o[v] = (t / ow) * w + t % ow;
    }
    return o;
  }

  static void forward(
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
    int plane = oh * ow;
    int[] pOff = Conv.tapOffsets(cIn, k, w, cs);
    int[] vOff = vectorOffsets(oh, ow, w);
    int nv = vOff.length;
    for (int e = 0; e < batch; e++) {
      int xe = xOff + e * bs;
      int ye = yOff + e * plane;
      int co = 0;
      for (; co + 4 <= cOut; co += 4) {
        int v = 0;
        for (; v + 4 <= nv; v += 4) {
          fwd4x4(pOff, wt, offW + co * ldw, ldw, x, xe, vOff, v, y, ye + co * ldy + v * L, ldy);
        }
        for (; v < nv; v++) {
          for (int r = 0; r < 4; r++) {
            fwd1x1(
                pOff, wt, offW + (co + r) * ldw, x, xe + vOff[v], y, ye + (co + r) * ldy + v * L);
          }
        }
      }
      for (; co < cOut; co++) {
        for (int v = 0; v < nv; v++) {
          fwd1x1(pOff, wt, offW + co * ldw, x, xe + vOff[v], y, ye + co * ldy + v * L);
        }
      }
    }
  }

  /** Four output channels × four output vectors (16 columns), chained over every tap p. */
  private static void fwd4x4(
      int[] pOff,
      double[] wt,
      int w0,
      int ldw,
      double[] x,
      int xe,
      int[] vOff,
      int v,
      double[] y,
      int yo,
      int ldy) {
    int a0 = xe + vOff[v];
    int a1 = xe + vOff[v + 1];
    int a2 = xe + vOff[v + 2];
    int a3 = xe + vOff[v + 3];
    int w1 = w0 + ldw;
    int w2 = w1 + ldw;
    int w3 = w2 + ldw;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c02 = c00;
    DoubleVector c03 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c12 = c00;
    DoubleVector c13 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c22 = c00;
    DoubleVector c23 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c32 = c00;
    DoubleVector c33 = c00;
    for (int p = 0; p < pOff.length; p++) {
      int o = pOff[p];
      DoubleVector b0 = DoubleVector.fromArray(S, x, a0 + o);
      DoubleVector b1 = DoubleVector.fromArray(S, x, a1 + o);
      DoubleVector b2 = DoubleVector.fromArray(S, x, a2 + o);
      DoubleVector b3 = DoubleVector.fromArray(S, x, a3 + o);
      DoubleVector s = DoubleVector.broadcast(S, wt[w0 + p]);
      c00 = s.fma(b0, c00);
      c01 = s.fma(b1, c01);
      c02 = s.fma(b2, c02);
      c03 = s.fma(b3, c03);
      s = DoubleVector.broadcast(S, wt[w1 + p]);
      c10 = s.fma(b0, c10);
      c11 = s.fma(b1, c11);
      c12 = s.fma(b2, c12);
      c13 = s.fma(b3, c13);
      s = DoubleVector.broadcast(S, wt[w2 + p]);
      c20 = s.fma(b0, c20);
      c21 = s.fma(b1, c21);
      c22 = s.fma(b2, c22);
      c23 = s.fma(b3, c23);
      s = DoubleVector.broadcast(S, wt[w3 + p]);
      c30 = s.fma(b0, c30);
      c31 = s.fma(b1, c31);
      c32 = s.fma(b2, c32);
      c33 = s.fma(b3, c33);
    }
    c00.intoArray(y, yo);
    c01.intoArray(y, yo + L);
    c02.intoArray(y, yo + 2 * L);
    c03.intoArray(y, yo + 3 * L);
    yo += ldy;
    c10.intoArray(y, yo);
    c11.intoArray(y, yo + L);
    c12.intoArray(y, yo + 2 * L);
    c13.intoArray(y, yo + 3 * L);
    yo += ldy;
    c20.intoArray(y, yo);
    c21.intoArray(y, yo + L);
    c22.intoArray(y, yo + 2 * L);
    c23.intoArray(y, yo + 3 * L);
    yo += ldy;
    c30.intoArray(y, yo);
    c31.intoArray(y, yo + L);
    c32.intoArray(y, yo + 2 * L);
    c33.intoArray(y, yo + 3 * L);
  }

  private static void fwd1x1(
      int[] pOff, double[] wt, int w0, double[] x, int a, double[] y, int yo) {
    DoubleVector c = DoubleVector.zero(S);
    for (int p = 0; p < pOff.length; p++) {
      c = DoubleVector.broadcast(S, wt[w0 + p]).fma(DoubleVector.fromArray(S, x, a + pOff[p]), c);
    }
    c.intoArray(y, yo);
  }

  static void weightGradient(
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
    int[] pOff = Conv.tapOffsets(cIn, k, w, cs);
    int[] vOff = vectorOffsets(oh, ow, w);
    int nv = vOff.length;
    // offset in x of column vector tv = (e, v) of the whole batch (δ's vector tv is at 4·tv)
    int[] cOff = new int[batch * nv];
    for (int e = 0, tv = 0; e < batch; e++) {
      for (int v = 0; v < nv; v++, tv++) {
        cOff[tv] = xOff + e * bs + vOff[v];
      }
    }
    int kk = pOff.length;
    // p blocks outside: the four taps' input rows stay in L1 while every δ row streams past
    int p = 0;
    for (; p + 4 <= kk; p += 4) {
      int co = 0;
      for (; co + 4 <= cOut; co += 4) {
        dw4x4(cOff, d, dOff + co * ldd, ldd, x, pOff, p, g, gOff + co * ldg + p, ldg);
      }
      for (; co < cOut; co++) {
        for (int j = 0; j < 4; j++) {
          g[gOff + co * ldg + p + j] = dw1x1(cOff, d, dOff + co * ldd, x, pOff[p + j]);
        }
      }
    }
    for (; p < kk; p++) {
      for (int co = 0; co < cOut; co++) {
        g[gOff + co * ldg + p] = dw1x1(cOff, d, dOff + co * ldd, x, pOff[p]);
      }
    }
  }

  /** (s₀ + s₁) + (s₂ + s₃), Gemm's reduction of the four lane sums. */
  private static double reduce(DoubleVector s) {
    return (s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3));
  }

  /** ∂W of four output channels × four taps, the lane sums chained over the whole batch. */
  private static void dw4x4(
      int[] cOff,
      double[] d,
      int d0,
      int ldd,
      double[] x,
      int[] pOff,
      int p,
      double[] g,
      int go,
      int ldg) {
    int d1 = d0 + ldd;
    int d2 = d1 + ldd;
    int d3 = d2 + ldd;
    int x0 = pOff[p];
    int x1 = pOff[p + 1];
    int x2 = pOff[p + 2];
    int x3 = pOff[p + 3];
    DoubleVector s00 = DoubleVector.zero(S);
    DoubleVector s01 = s00;
    DoubleVector s02 = s00;
    DoubleVector s03 = s00;
    DoubleVector s10 = s00;
    DoubleVector s11 = s00;
    DoubleVector s12 = s00;
    DoubleVector s13 = s00;
    DoubleVector s20 = s00;
    DoubleVector s21 = s00;
    DoubleVector s22 = s00;
    DoubleVector s23 = s00;
    DoubleVector s30 = s00;
    DoubleVector s31 = s00;
    DoubleVector s32 = s00;
    DoubleVector s33 = s00;
    for (int tv = 0, dt = 0; tv < cOff.length; tv++, dt += L) {
      int c = cOff[tv];
      DoubleVector a0 = DoubleVector.fromArray(S, d, d0 + dt);
      DoubleVector a1 = DoubleVector.fromArray(S, d, d1 + dt);
      DoubleVector a2 = DoubleVector.fromArray(S, d, d2 + dt);
      DoubleVector a3 = DoubleVector.fromArray(S, d, d3 + dt);
      DoubleVector b = DoubleVector.fromArray(S, x, c + x0);
      s00 = a0.fma(b, s00);
      s10 = a1.fma(b, s10);
      s20 = a2.fma(b, s20);
      s30 = a3.fma(b, s30);
      b = DoubleVector.fromArray(S, x, c + x1);
      s01 = a0.fma(b, s01);
      s11 = a1.fma(b, s11);
      s21 = a2.fma(b, s21);
      s31 = a3.fma(b, s31);
      b = DoubleVector.fromArray(S, x, c + x2);
      s02 = a0.fma(b, s02);
      s12 = a1.fma(b, s12);
      s22 = a2.fma(b, s22);
      s32 = a3.fma(b, s32);
      b = DoubleVector.fromArray(S, x, c + x3);
      s03 = a0.fma(b, s03);
      s13 = a1.fma(b, s13);
      s23 = a2.fma(b, s23);
      s33 = a3.fma(b, s33);
    }
    g[go] = reduce(s00);
    g[go + 1] = reduce(s01);
    g[go + 2] = reduce(s02);
    g[go + 3] = reduce(s03);
    go += ldg;
    g[go] = reduce(s10);
    g[go + 1] = reduce(s11);
    g[go + 2] = reduce(s12);
    g[go + 3] = reduce(s13);
    go += ldg;
    g[go] = reduce(s20);
    g[go + 1] = reduce(s21);
    g[go + 2] = reduce(s22);
    g[go + 3] = reduce(s23);
    go += ldg;
    g[go] = reduce(s30);
    g[go + 1] = reduce(s31);
    g[go + 2] = reduce(s32);
    g[go + 3] = reduce(s33);
  }

  private static double dw1x1(int[] cOff, double[] d, int d0, double[] x, int x0) {
    DoubleVector s = DoubleVector.zero(S);
    for (int tv = 0, dt = 0; tv < cOff.length; tv++, dt += L) {
      s = DoubleVector.fromArray(S, d, d0 + dt).fma(DoubleVector.fromArray(S, x, cOff[tv] + x0), s);
    }
    return reduce(s);
  }

  static void inputGradient(
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
    int plane = oh * ow;
    int[] pOff = Conv.tapOffsets(cIn, k, w, cs);
    int[] vOff = vectorOffsets(oh, ow, w);
    int nv = vOff.length;
    int kk = pOff.length;
    // Wᵀ, so that the chain over the output channels reads consecutive weights
    double[] wT = new double[kk * cOut];
    for (int co = 0; co < cOut; co++) {
      for (int p = 0; p < kk; p++) {
        wT[p * cOut + co] = wt[offW + co * ldw + p];
      }
    }
    for (int e = 0; e < batch; e++) {
      int de = dOff + e * plane;
      int xe = dxOff + e * bs;
      for (int p = 0; p < kk; p++) {
        int xo = xe + pOff[p];
        int wp = p * cOut;
        int v = 0;
        for (; v + 8 <= nv; v += 8) {
          dx8(cOut, wT, wp, d, de + v * L, ldd, dx, xo, vOff, v);
        }
        for (; v < nv; v++) {
          DoubleVector c = DoubleVector.zero(S);
          for (int co = 0, dr = de + v * L; co < cOut; co++, dr += ldd) {
            c = DoubleVector.broadcast(S, wT[wp + co]).fma(DoubleVector.fromArray(S, d, dr), c);
          }
          int i = xo + vOff[v];
          DoubleVector.fromArray(S, dx, i).add(c).intoArray(dx, i);
        }
      }
    }
  }

  /** Eight output vectors of one tap: ∂cols chained over the output channels, then added to ∂x. */
  private static void dx8(
      int cOut,
      double[] wT,
      int wp,
      double[] d,
      int dr,
      int ldd,
      double[] dx,
      int xo,
      int[] vOff,
      int v) {
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    DoubleVector c4 = c0;
    DoubleVector c5 = c0;
    DoubleVector c6 = c0;
    DoubleVector c7 = c0;
    for (int co = 0; co < cOut; co++, dr += ldd) {
      DoubleVector s = DoubleVector.broadcast(S, wT[wp + co]);
      c0 = s.fma(DoubleVector.fromArray(S, d, dr), c0);
      c1 = s.fma(DoubleVector.fromArray(S, d, dr + L), c1);
      c2 = s.fma(DoubleVector.fromArray(S, d, dr + 2 * L), c2);
      c3 = s.fma(DoubleVector.fromArray(S, d, dr + 3 * L), c3);
      c4 = s.fma(DoubleVector.fromArray(S, d, dr + 4 * L), c4);
      c5 = s.fma(DoubleVector.fromArray(S, d, dr + 5 * L), c5);
      c6 = s.fma(DoubleVector.fromArray(S, d, dr + 6 * L), c6);
      c7 = s.fma(DoubleVector.fromArray(S, d, dr + 7 * L), c7);
    }
    addTo(dx, xo + vOff[v], c0);
    addTo(dx, xo + vOff[v + 1], c1);
    addTo(dx, xo + vOff[v + 2], c2);
    addTo(dx, xo + vOff[v + 3], c3);
    addTo(dx, xo + vOff[v + 4], c4);
    addTo(dx, xo + vOff[v + 5], c5);
    addTo(dx, xo + vOff[v + 6], c6);
    addTo(dx, xo + vOff[v + 7], c7);
  }

  private static void addTo(double[] dx, int i, DoubleVector c) {
    DoubleVector.fromArray(S, dx, i).add(c).intoArray(dx, i);
  }

  /** The vector part of {@link Conv#biasReluMaxPool4}; returns how many entries it did. */
  static int biasReluMaxPool4(
      double[] y, int off, int plane, double bias, double[] out, int outOff, double[] pos) {
    DoubleVector bv = DoubleVector.broadcast(S, bias);
    DoubleVector zero = DoubleVector.zero(S);
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    DoubleVector two = DoubleVector.broadcast(S, 2.0);
    DoubleVector three = DoubleVector.broadcast(S, 3.0);
    int t = 0;
    for (; t + L <= plane; t += L) {
      DoubleVector r0 = relu(DoubleVector.fromArray(S, y, off + t).add(bv), zero);
      DoubleVector r1 = relu(DoubleVector.fromArray(S, y, off + plane + t).add(bv), zero);
      DoubleVector r2 = relu(DoubleVector.fromArray(S, y, off + 2 * plane + t).add(bv), zero);
      DoubleVector r3 = relu(DoubleVector.fromArray(S, y, off + 3 * plane + t).add(bv), zero);
      DoubleVector m = r0.max(r1).max(r2.max(r3));
      DoubleVector p = three.blend(two, r2.eq(m));
      p = p.blend(one, r1.eq(m));
      p = p.blend(zero, r0.eq(m));
      m.intoArray(out, outOff + t);
      p.intoArray(pos, outOff + t);
    }
    return t;
  }

  /** v where v &gt; 0, else +0 (NaN included). */
  private static DoubleVector relu(DoubleVector v, DoubleVector zero) {
    VectorMask<Double> positive = v.compare(VectorOperators.GT, zero);
    return zero.blend(v, positive);
  }
}
