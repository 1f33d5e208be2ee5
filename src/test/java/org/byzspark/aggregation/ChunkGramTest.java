package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorSet#gram} and {@link VectorSet#signCounts} in memory: hand-computed values, the
 * definition of {@link ChunkGram} entry by entry (per-chunk dot form, pairwise tree over chunks)
 * against a scalar reference, and the independence of the bits from the tile shape, the threads and
 * the cut of the chunks into ranges.
 */
class ChunkGramTest {
  private static final int CHUNK = VectorSet.CHUNK;

  /** The dot form of one chunk over the given coordinates (scalar, one entry). */
  private static double chunkValue(double[] a, double[] b, double[] c, List<Integer> ks) {
    int len = ks.size();
    int len4 = len & ~3;
    double[] s = new double[4];
    for (int j = 0; j < len4; j++) {
      int k = ks.get(j);
      s[j % 4] = Math.fma(a[k] - c[k], b[k] - c[k], s[j % 4]);
    }
    double v = (s[0] + s[1]) + (s[2] + s[3]);
    for (int j = len4; j < len; j++) {
      int k = ks.get(j);
      v = Math.fma(a[k] - c[k], b[k] - c[k], v);
    }
    return v;
  }

  /** Node (l, i) of the pairwise tree over the leaves, by the definition. */
  private static double node(double[] leaves, int l, int i) {
    if (((long) i << l) >= leaves.length) {
      return Double.NaN; // not reached for covered nodes
    }
    if (l == 0) {
      return leaves[i];
    }
    double left = node(leaves, l - 1, 2 * i);
    if (((long) (2 * i + 1) << (l - 1)) >= leaves.length) {
      return left;
    }
    return left + node(leaves, l - 1, 2 * i + 1);
  }

  private static double reference(double[] a, double[] b, double[] c, int[] coords, int d) {
    int chunks = (d + CHUNK - 1) / CHUNK;
    if (chunks == 0) {
      return 0;
    }
    double[] leaves = new double[chunks];
    for (int ch = 0; ch < chunks; ch++) {
      List<Integer> ks = new ArrayList<>();
      for (int k = ch * CHUNK; k < Math.min(d, (ch + 1) * CHUNK); k++) {
        if (coords == null || java.util.Arrays.binarySearch(coords, k) >= 0) {
          ks.add(k);
        }
      }
      leaves[ch] = chunkValue(a, b, c, ks);
    }
    int levels = 0;
    while ((1 << levels) < chunks) {
      levels++;
    }
    return node(leaves, levels, 0);
  }

  private static double[][] rows(Random r, int m, int d) {
    double[][] x = new double[m][d];
    for (double[] row : x) {
      for (int k = 0; k < d; k++) {
        row[k] = r.nextGaussian() * Math.exp(3 * r.nextGaussian());
      }
    }
    return x;
  }

  private static int[] sample(Random r, int d, double p) {
    List<Integer> ks = new ArrayList<>();
    for (int k = 0; k < d; k++) {
      if (r.nextDouble() < p) {
        ks.add(k);
      }
    }
    return ks.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void handComputed() {
    // centred at (1, 1): rows (0, 1), (2, 3): G = [[1, 3], [3, 13]]
    VectorSet x = VectorSet.of(new double[][] {{1, 2}, {3, 4}});
    assertArrayEquals(new double[][] {{1, 3}, {3, 13}}, x.gram(x.point(new double[] {1, 1}), null));
    // no centre: [[5, 11], [11, 25]]; coordinate 1 alone: [[4, 8], [8, 16]]
    assertArrayEquals(new double[][] {{5, 11}, {11, 25}}, x.gram(null, null));
    assertArrayEquals(new double[][] {{4, 8}, {8, 16}}, x.gram(null, new int[] {1}));
    assertArrayEquals(new double[][] {{0, 0}, {0, 0}}, x.gram(null, new int[0]));
    // a NaN row spoils its own row and column only
    VectorSet y = VectorSet.of(new double[][] {{1, 0}, {Double.NaN, 1}, {0, 2}});
    double[][] g = y.gram(null, null);
    assertEquals(1, g[0][0], 0.0);
    assertEquals(0, g[0][2], 0.0);
    assertEquals(4, g[2][2], 0.0);
    assertTrue(Double.isNaN(g[0][1]) && Double.isNaN(g[1][1]) && Double.isNaN(g[2][1]));
  }

  @Test
  void signCountsHandComputed() {
    VectorSet x =
        VectorSet.of(
            new double[][] {
              {1, -2, 0, -0.0, Double.NaN},
              {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3, 4, 5}
            });
    int[][] all = x.signCounts(null);
    assertArrayEquals(new int[] {1, 4}, all[0]);
    assertArrayEquals(new int[] {2, 0}, all[1]);
    assertArrayEquals(new int[] {1, 1}, all[2]);
    int[][] some = x.signCounts(new int[] {1, 3, 4});
    assertArrayEquals(new int[] {0, 2}, some[0]);
    assertArrayEquals(new int[] {1, 0}, some[1]);
    assertArrayEquals(new int[] {1, 1}, some[2]);
  }

  @Test
  void coordinatesAreChecked() {
    VectorSet x = VectorSet.of(new double[][] {{1, 2, 3}});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> x.gram(null, new int[] {0, 2, 2}));
    assertEquals(
        "coordinates must be strictly increasing in [0, 3), got 2 at position 2", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> x.signCounts(new int[] {3}));
    assertThrows(IllegalArgumentException.class, () -> x.gram(null, new int[] {-1}));
  }

  @Test
  void everyEntryFollowsTheDefinition() throws Exception {
    Random r = new Random(11);
    for (int m : new int[] {1, 2, 3, 5, 9, 17}) {
      for (int d : new int[] {1, 7, 512, 513, 3000, 5 * 512 + 3}) {
        double[][] x = rows(r, m, d);
        double[] c = rows(r, 1, d)[0];
        for (int[] coords : new int[][] {null, sample(r, d, 0.3), sample(r, d, 0.01)}) {
          VectorSet set = VectorSet.of(x);
          double[][] g = set.gram(set.point(c), coords);
          for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
              assertEquals(
                  Double.doubleToRawLongBits(reference(x[p], x[q], c, coords, d)),
                  Double.doubleToRawLongBits(g[p][q]),
                  "m=" + m + " d=" + d + " p=" + p + " q=" + q);
            }
          }
          // any cut of the chunks into ranges, and both tile shapes, give the same bits
          long chunks = ChunkGram.chunks(d);
          for (int h : new int[] {4, 2}) {
            List<ChunkTree.Piece> pieces = new ArrayList<>();
            long c0 = 0;
            while (c0 < chunks) {
              long c1 = Math.min(chunks, c0 + 1 + r.nextInt(3));
              pieces.addAll(ChunkGram.pieces(x, c, 0, d, c0, c1, coords, h));
              c0 = c1;
            }
            double[][] cut =
                ChunkGram.toMatrix(ChunkTree.fold(chunks, pieces, ChunkGram.entries(m)), m);
            for (int p = 0; p < m; p++) {
              assertArrayEquals(g[p], cut[p], 0.0, "h=" + h + " m=" + m + " d=" + d);
            }
          }
          double[][] one = new ForkJoinPool(1).submit(() -> set.gram(set.point(c), coords)).get();
          double[][] three = new ForkJoinPool(3).submit(() -> set.gram(set.point(c), coords)).get();
          for (int p = 0; p < m; p++) {
            assertArrayEquals(g[p], one[p], 0.0);
            assertArrayEquals(g[p], three[p], 0.0);
          }
        }
      }
    }
  }

  @Test
  void treeIsPairwiseAndCutIndependent() {
    // leaves 1, 1e-16, 1e-16, 1e-16: pairwise (1 + 1e-16) + (1e-16 + 1e-16) = 1 + 2^-52, while the
    // sequential sum stays 1
    double pairwise = (1 + 1e-16) + (1e-16 + 1e-16);
    double sequential = ((1 + 1e-16) + 1e-16) + 1e-16;
    assertTrue(pairwise != sequential);
    double[] leaves = {1, 1e-16, 1e-16, 1e-16};
    for (int cut = 0; cut <= 4; cut++) {
      List<ChunkTree.Piece> pieces = new ArrayList<>();
      ChunkTree a = new ChunkTree(0);
      for (int i = 0; i < cut; i++) {
        a.push(new double[] {leaves[i]});
      }
      ChunkTree b = new ChunkTree(cut);
      for (int i = cut; i < 4; i++) {
        b.push(new double[] {leaves[i]});
      }
      pieces.addAll(b.pieces()); // any order
      pieces.addAll(a.pieces());
      assertEquals(pairwise, ChunkTree.fold(4, pieces, 1)[0], 0.0, "cut " + cut);
    }
    // three chunks: (v0 + v1) + v2
    ChunkTree t = new ChunkTree(0);
    for (double v : new double[] {1e-16, 1, 1e-16}) {
      t.push(new double[] {v});
    }
    assertEquals((1e-16 + 1) + 1e-16, ChunkTree.fold(3, t.pieces(), 1)[0], 0.0);
    // a missing chunk is an error, as is a piece given twice
    assertThrows(IllegalArgumentException.class, () -> ChunkTree.fold(4, t.pieces(), 1));
    List<ChunkTree.Piece> twice = new ArrayList<>(t.pieces());
    twice.addAll(t.pieces());
    assertThrows(IllegalArgumentException.class, () -> ChunkTree.fold(3, twice, 1));
    assertArrayEquals(new double[2], ChunkTree.fold(0, List.of(), 2), 0.0);
  }
}
