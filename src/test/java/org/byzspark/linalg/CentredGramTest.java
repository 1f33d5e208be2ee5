package org.byzspark.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiles of {@link CentredGram}: the vector kernels (4×4 and 2×4) give the bits of the scalar
 * definition, whatever the chunks the range is cut into.
 */
class CentredGramTest {
  private static double[][] rows(Random r, int count, int d) {
    double[][] x = new double[count][d];
    for (double[] row : x) {
      for (int k = 0; k < d; k++) {
        row[k] = r.nextGaussian() * Math.exp(4 * r.nextGaussian());
      }
    }
    return x;
  }

  /** The definition, one entry at a time: four fma lanes from k0, then the tail. */
  private static double entry(double[] x, double[] y, double[] c, int k0, int k1) {
    double[] s = new double[4];
    int k4 = k0 + ((k1 - k0) & ~3);
    for (int k = k0; k < k4; k++) {
      s[(k - k0) % 4] = Math.fma(x[k] - c[k], y[k] - c[k], s[(k - k0) % 4]);
    }
    double v = (s[0] + s[1]) + (s[2] + s[3]);
    for (int k = k4; k < k1; k++) {
      v = Math.fma(x[k] - c[k], y[k] - c[k], v);
    }
    return v;
  }

  @Test
  void tilesFollowTheDefinitionWhateverTheChunks() {
    Random r = new Random(11);
    int d = 1003;
    double[][] a = rows(r, 4, d);
    double[][] b = rows(r, 4, d);
    double[] c = rows(r, 1, d)[0];
    int k0 = 5;
    int k1 = 998;
    int k4 = k0 + ((k1 - k0) & ~3);
    for (int h : new int[] {4, 2}) {
      for (int chunk : new int[] {4, 8, 60, 512, 4096}) {
        double[] part = new double[h * 4 * 4 + 3];
        for (int lo = k0; lo < k4; lo += chunk) {
          CentredGram.accumulate(h, a, b, c, lo, Math.min(k4, lo + chunk), part, 3);
        }
        double[] scalar = new double[part.length];
        CentredGram.accumulateScalar(h, a, b, c, k0, k4, scalar, 3);
        for (int rr = 0; rr < h; rr++) {
          for (int s = 0; s < 4; s++) {
            int q = 3 + (rr * 4 + s) * 4;
            double v = CentredGram.finish(part, q, a[rr], b[s], c, k4, k1);
            String where = "h=" + h + " chunk=" + chunk + " r=" + rr + " s=" + s;
            assertEquals(
                Double.doubleToRawLongBits(entry(a[rr], b[s], c, k0, k1)),
                Double.doubleToRawLongBits(v),
                where);
            assertEquals(
                Double.doubleToRawLongBits(v),
                Double.doubleToRawLongBits(CentredGram.finish(scalar, q, a[rr], b[s], c, k4, k1)),
                where + " (scalar form)");
          }
        }
      }
    }
  }

  @Test
  void refusesBadShapes() {
    double[][] a = new double[4][8];
    double[] c = new double[8];
    double[] part = new double[64];
    assertThrows(
        IllegalArgumentException.class, () -> CentredGram.accumulate(4, a, a, c, 0, 6, part, 0));
    assertThrows(
        IllegalArgumentException.class, () -> CentredGram.accumulate(3, a, a, c, 0, 8, part, 0));
  }
}
