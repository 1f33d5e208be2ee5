package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiled Gram product of PairwiseDistances computes, entry by entry, the definition of its
 * Javadoc: per block of coordinates four fma lanes over p ≡ l (mod 4), lanes added as (s0 + s1) +
 * (s2 + s3), the tail by fma, block values added in block order.
 */
class GramKernelTest {
  /** The definition, one entry at a time, with scalar code. */
  private static double reference(double[] xp, double[] xq, double[] c, int block) {
    int d = xp.length;
    double g = 0;
    for (int k0 = 0; k0 < d; k0 += block) {
      int b = Math.min(block, d - k0);
      int b4 = b & ~3;
      double[] s = new double[4];
      for (int k = 0; k < b4; k++) {
        s[k % 4] = Math.fma(xp[k0 + k] - c[k0 + k], xq[k0 + k] - c[k0 + k], s[k % 4]);
      }
      double v = (s[0] + s[1]) + (s[2] + s[3]);
      for (int k = b4; k < b; k++) {
        v = Math.fma(xp[k0 + k] - c[k0 + k], xq[k0 + k] - c[k0 + k], v);
      }
      g = k0 == 0 ? v : g + v;
    }
    return g;
  }

  @Test
  void everyEntryFollowsTheDefinition() {
    Random r = new Random(7);
    for (int m : new int[] {1, 2, 3, 5, 15, 16, 17, 33, 40}) {
      for (int d : new int[] {1, 3, 64, 257, 20_011}) {
        double[][] x = new double[m][d];
        for (double[] row : x) {
          for (int k = 0; k < d; k++) {
            row[k] = r.nextGaussian() * Math.exp(5 * r.nextGaussian());
          }
        }
        double[] c = x[0];
        int[] rows = new int[m];
        for (int i = 0; i < m; i++) {
          rows[i] = m - 1 - i; // any order of rows
        }
        int block = PairwiseDistances.blockLength(m, d);
        for (int h : new int[] {4, 2}) { // both tile shapes (AVX-512 and AVX2 machines)
          double[] g = PairwiseDistances.gram(x, rows, m, c, d, h);
          for (int p = 0; p < m; p++) {
            for (int q = p; q < m; q++) {
              assertEquals(
                  Double.doubleToRawLongBits(reference(x[rows[p]], x[rows[q]], c, block)),
                  Double.doubleToRawLongBits(g[p * m + q]),
                  "h=" + h + " m=" + m + " d=" + d + " p=" + p + " q=" + q);
            }
          }
        }
      }
    }
  }
}
