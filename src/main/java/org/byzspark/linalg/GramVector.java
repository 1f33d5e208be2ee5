package org.byzspark.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API tiles of {@link CentredGram}, loaded only when the module is present. The species
 * is fixed to 256 bits (4 lanes) whatever the hardware prefers: lane l of an accumulator is the
 * partial sum s_l of the definition, so the tile shape never changes the bits.
 */
final class GramVector {
  private GramVector() {}

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

  /** 4 rows per tile when the CPU has 512-bit vectors (hence 32 vector registers), else 2. */
  static int preferredPanelRows() {
    return DoubleVector.SPECIES_PREFERRED.length() >= 8 ? 4 : 2;
  }

  /** Partial sums of the 4×4 tile a[0..4) × b[0..4) over [from, to). */
  static void tile4x4(
      double[][] a, double[][] b, double[] c, int from, int to, double[] part, int q) {
    double[] a0 = a[0];
    double[] a1 = a[1];
    double[] a2 = a[2];
    double[] a3 = a[3];
    double[] b0 = b[0];
    double[] b1 = b[1];
    double[] b2 = b[2];
    double[] b3 = b[3];
    DoubleVector s00 = DoubleVector.fromArray(S, part, q);
    DoubleVector s01 = DoubleVector.fromArray(S, part, q + 4);
    DoubleVector s02 = DoubleVector.fromArray(S, part, q + 8);
    DoubleVector s03 = DoubleVector.fromArray(S, part, q + 12);
    DoubleVector s10 = DoubleVector.fromArray(S, part, q + 16);
    DoubleVector s11 = DoubleVector.fromArray(S, part, q + 20);
    DoubleVector s12 = DoubleVector.fromArray(S, part, q + 24);
    DoubleVector s13 = DoubleVector.fromArray(S, part, q + 28);
    DoubleVector s20 = DoubleVector.fromArray(S, part, q + 32);
    DoubleVector s21 = DoubleVector.fromArray(S, part, q + 36);
    DoubleVector s22 = DoubleVector.fromArray(S, part, q + 40);
    DoubleVector s23 = DoubleVector.fromArray(S, part, q + 44);
    DoubleVector s30 = DoubleVector.fromArray(S, part, q + 48);
    DoubleVector s31 = DoubleVector.fromArray(S, part, q + 52);
    DoubleVector s32 = DoubleVector.fromArray(S, part, q + 56);
    DoubleVector s33 = DoubleVector.fromArray(S, part, q + 60);
    for (int k = from; k < to; k += 4) {
      DoubleVector cv = DoubleVector.fromArray(S, c, k);
      DoubleVector x0 = DoubleVector.fromArray(S, a0, k).sub(cv);
      DoubleVector x1 = DoubleVector.fromArray(S, a1, k).sub(cv);
      DoubleVector x2 = DoubleVector.fromArray(S, a2, k).sub(cv);
      DoubleVector x3 = DoubleVector.fromArray(S, a3, k).sub(cv);
      DoubleVector y = DoubleVector.fromArray(S, b0, k).sub(cv);
      s00 = x0.fma(y, s00);
      s10 = x1.fma(y, s10);
      s20 = x2.fma(y, s20);
      s30 = x3.fma(y, s30);
      y = DoubleVector.fromArray(S, b1, k).sub(cv);
      s01 = x0.fma(y, s01);
      s11 = x1.fma(y, s11);
      s21 = x2.fma(y, s21);
      s31 = x3.fma(y, s31);
      y = DoubleVector.fromArray(S, b2, k).sub(cv);
      s02 = x0.fma(y, s02);
      s12 = x1.fma(y, s12);
      s22 = x2.fma(y, s22);
      s32 = x3.fma(y, s32);
      y = DoubleVector.fromArray(S, b3, k).sub(cv);
      s03 = x0.fma(y, s03);
      s13 = x1.fma(y, s13);
      s23 = x2.fma(y, s23);
      s33 = x3.fma(y, s33);
    }
    s00.intoArray(part, q);
    s01.intoArray(part, q + 4);
    s02.intoArray(part, q + 8);
    s03.intoArray(part, q + 12);
    s10.intoArray(part, q + 16);
    s11.intoArray(part, q + 20);
    s12.intoArray(part, q + 24);
    s13.intoArray(part, q + 28);
    s20.intoArray(part, q + 32);
    s21.intoArray(part, q + 36);
    s22.intoArray(part, q + 40);
    s23.intoArray(part, q + 44);
    s30.intoArray(part, q + 48);
    s31.intoArray(part, q + 52);
    s32.intoArray(part, q + 56);
    s33.intoArray(part, q + 60);
  }

  /** Partial sums of the 2×4 tile a[0..2) × b[0..4) over [from, to). */
  static void tile2x4(
      double[][] a, double[][] b, double[] c, int from, int to, double[] part, int q) {
    double[] a0 = a[0];
    double[] a1 = a[1];
    double[] b0 = b[0];
    double[] b1 = b[1];
    double[] b2 = b[2];
    double[] b3 = b[3];
    DoubleVector s00 = DoubleVector.fromArray(S, part, q);
    DoubleVector s01 = DoubleVector.fromArray(S, part, q + 4);
    DoubleVector s02 = DoubleVector.fromArray(S, part, q + 8);
    DoubleVector s03 = DoubleVector.fromArray(S, part, q + 12);
    DoubleVector s10 = DoubleVector.fromArray(S, part, q + 16);
    DoubleVector s11 = DoubleVector.fromArray(S, part, q + 20);
    DoubleVector s12 = DoubleVector.fromArray(S, part, q + 24);
    DoubleVector s13 = DoubleVector.fromArray(S, part, q + 28);
    for (int k = from; k < to; k += 4) {
      DoubleVector cv = DoubleVector.fromArray(S, c, k);
      DoubleVector x0 = DoubleVector.fromArray(S, a0, k).sub(cv);
      DoubleVector x1 = DoubleVector.fromArray(S, a1, k).sub(cv);
      DoubleVector y = DoubleVector.fromArray(S, b0, k).sub(cv);
      s00 = x0.fma(y, s00);
      s10 = x1.fma(y, s10);
      y = DoubleVector.fromArray(S, b1, k).sub(cv);
      s01 = x0.fma(y, s01);
      s11 = x1.fma(y, s11);
      y = DoubleVector.fromArray(S, b2, k).sub(cv);
      s02 = x0.fma(y, s02);
      s12 = x1.fma(y, s12);
      y = DoubleVector.fromArray(S, b3, k).sub(cv);
      s03 = x0.fma(y, s03);
      s13 = x1.fma(y, s13);
    }
    s00.intoArray(part, q);
    s01.intoArray(part, q + 4);
    s02.intoArray(part, q + 8);
    s03.intoArray(part, q + 12);
    s10.intoArray(part, q + 16);
    s11.intoArray(part, q + 20);
    s12.intoArray(part, q + 24);
    s13.intoArray(part, q + 28);
  }
}
