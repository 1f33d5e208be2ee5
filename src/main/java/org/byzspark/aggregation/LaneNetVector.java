package org.byzspark.aggregation;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link SortNet#apply} for {@link CoordinateKernel}, loaded only when the
 * module is present: one group of {@value #GROUP} coordinates (lanes) at a time, the n values of a
 * lane turned into order keys ({@link CoordinateSelect#key}) and the network run lane-wise with
 * integer min/max on keys in a small wire-major scratch array (n·{@value #GROUP} longs, in L1).
 *
 * <p>Same bits as the double path: on keys, min/max order values exactly as {@link Math#min} and
 * {@link Math#max} do for every non-NaN value (−Inf &lt; finite &lt; +Inf, −0.0 &lt; 0.0), and a
 * comparator moves whole values, so after the same comparators in the same order every wire of a
 * lane without NaN holds the same bits. Lanes with a NaN (or any non-finite value) are flagged in
 * {@code bad} and recomputed exactly by the caller, as on the double path. Each lane is one
 * coordinate, so any species gives the same bits. The species is {@code SPECIES_256}, the shape of
 * every other kernel of the project ({@code linalg.Gemm}, {@code linalg.GramVector}): mixing vector
 * shapes in one JVM pollutes the profiles of the Vector API's shared methods, after which C2 no
 * longer intrinsifies them (measured: the Gram kernel behind krum at n = 100, d = 10^4 took 44 ms
 * per call instead of 2 ms once cwtm had run with 512-bit vectors in the same JVM).
 */
final class LaneNetVector {
  private LaneNetVector() {}

  /** Coordinates per group (a multiple of every species length up to 2048 bits). */
  static final int GROUP = 32;

  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
  private static final VectorSpecies<Long> L = LongVector.SPECIES_256;

  /**
   * Runs the network whose comparators are the wire offsets {@code off} (wire·{@value #GROUP}) on
   * coordinates [lo, lo + w) of {@code rows}: keys into {@code kv}, {@code bad[k]} NaN for a lane
   * with a non-finite value (else 0), the network, then the wires back as doubles into {@code
   * v[i][0..w)}.
   */
  static void run(
      int[] off, long[] kv, double[][] rows, int lo, int w, double[][] v, double[] bad) {
    int n = rows.length;
    java.util.Arrays.fill(bad, 0, GROUP, 0.0);
    int vl = D.length();
    if (w == GROUP) {
      for (int i = 0; i < n; i++) {
        double[] row = rows[i];
        int base = i * GROUP;
        for (int k = 0; k < GROUP; k += vl) {
          DoubleVector x = DoubleVector.fromArray(D, row, lo + k);
          DoubleVector.fromArray(D, bad, k).add(x.sub(x)).intoArray(bad, k);
          LongVector b = (LongVector) x.viewAsIntegralLanes();
          b.lanewise(
                  VectorOperators.XOR,
                  b.lanewise(VectorOperators.ASHR, 63)
                      .lanewise(VectorOperators.AND, Long.MAX_VALUE))
              .intoArray(kv, base + k);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        double[] row = rows[i];
        int base = i * GROUP;
        for (int k = 0; k < w; k++) {
          double x = row[lo + k];
          bad[k] += x - x;
          kv[base + k] = CoordinateSelect.key(x);
        }
        for (int k = w; k < GROUP; k++) {
          kv[base + k] = 0L; // padding lanes: never read back
        }
      }
    }
    int ll = L.length();
    for (int c = 0; c < off.length; c += 2) {
      int oa = off[c];
      int ob = off[c + 1];
      for (int k = 0; k < GROUP; k += ll) {
        LongVector x = LongVector.fromArray(L, kv, oa + k);
        LongVector y = LongVector.fromArray(L, kv, ob + k);
        x.min(y).intoArray(kv, oa + k);
        x.max(y).intoArray(kv, ob + k);
      }
    }
    if (w == GROUP) {
      for (int i = 0; i < n; i++) {
        double[] vi = v[i];
        int base = i * GROUP;
        for (int k = 0; k < GROUP; k += ll) {
          LongVector b = LongVector.fromArray(L, kv, base + k);
          b.lanewise(
                  VectorOperators.XOR,
                  b.lanewise(VectorOperators.ASHR, 63)
                      .lanewise(VectorOperators.AND, Long.MAX_VALUE))
              .reinterpretAsDoubles()
              .intoArray(vi, k);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        double[] vi = v[i];
        int base = i * GROUP;
        for (int k = 0; k < w; k++) {
          vi[k] = CoordinateSelect.value(kv[base + k]);
        }
      }
    }
  }
}
