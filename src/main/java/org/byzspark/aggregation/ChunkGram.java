package org.byzspark.aggregation;

import java.util.Arrays;
import java.util.List;
import org.byzspark.linalg.CentredGram;

/**
 * The centred Gram matrix of {@link VectorSet#gram}, with bits that depend on neither the threads,
 * nor the CPU, nor how a sharded set cuts its coordinates into blocks.
 *
 * <h2>Definition</h2>
 *
 * <p>For rows x_1..x_m, a centre c and a set K of coordinates (all of them, or a sorted list), G_pq
 * = Σ_{k∈K} (x_pk − c_k)(x_qk − c_k), computed as follows. The coordinates are cut into the chunks
 * of {@value VectorSet#CHUNK} consecutive coordinates of the whole space. The value of a chunk is
 * the dot form of {@link CentredGram} over the chunk's coordinates in K, in increasing order,
 * numbered j = 0, 1, ...: four fma lanes, lane l taking the j ≡ l (mod 4) of the first 4⌊|K ∩
 * chunk| / 4⌋, then (s0 + s1) + (s2 + s3), then the remaining ones by fma; a chunk without a
 * coordinate of K is worth 0. The chunk values are added pairwise along the tree of {@link
 * ChunkTree}. Each entry depends on rows p and q alone, so non-finite or overflowing rows spoil
 * only their own row and column.
 *
 * <p>Only the upper triangle p ≤ q is computed, as a packed vector of m(m+1)/2 values, row by row
 * ({@link #index}); {@link #toMatrix} unpacks it.
 */
public final class ChunkGram {
  private static final int CHUNK = VectorSet.CHUNK;

  private ChunkGram() {}

  /** Number of values of the packed upper triangle of an m×m matrix. */
  public static int entries(int m) {
    return m * (m + 1) / 2;
  }

  /** Position of (p, q), p ≤ q, in the packed upper triangle of an m×m matrix. */
  static int index(int m, int p, int q) {
    return p * m - p * (p - 1) / 2 + (q - p);
  }

  /** Number of chunks of dimension d. */
  public static long chunks(long d) {
    return (d + CHUNK - 1) / CHUNK;
  }

  /** The full symmetric m×m matrix of a packed upper triangle. */
  public static double[][] toMatrix(double[] packed, int m) {
    double[][] g = new double[m][m];
    for (int p = 0; p < m; p++) {
      for (int q = p; q < m; q++) {
        double v = packed[index(m, p, q)];
        g[p][q] = v;
        g[q][p] = v;
      }
    }
    return g;
  }

  /**
   * Fails unless {@code coordinates} is null or strictly increasing in [0, d); returns it.
   *
   * @throws IllegalArgumentException naming the first offending entry
   */
  public static int[] checkCoordinates(int[] coordinates, int d) {
    if (coordinates == null) {
      return null;
    }
    for (int q = 0; q < coordinates.length; q++) {
      int k = coordinates[q];
      if (k < 0 || k >= d || (q > 0 && k <= coordinates[q - 1])) {
        throw new IllegalArgumentException(
            "coordinates must be strictly increasing in [0, "
                + d
                + "), got "
                + k
                + " at position "
                + q);
      }
    }
    return coordinates;
  }

  /**
   * The tree pieces of chunks [c0, c1) (global chunk indices) of the Gram of the rows {@code x},
   * whose arrays hold the coordinates [offset, offset + width) of the space (a whole row in memory,
   * a block of a sharded set), centred at {@code c} (the same coordinates; null for 0), over the
   * coordinates {@code coords} (global, sorted; null for all).
   */
  public static List<ChunkTree.Piece> pieces(
      double[][] x, double[] c, int offset, int width, long c0, long c1, int[] coords) {
    return pieces(x, c, offset, width, c0, c1, coords, CentredGram.panelRows());
  }

  /** {@link #pieces} with tiles of h rows (4 or 2): the same bits whatever h (tests check it). */
  static List<ChunkTree.Piece> pieces(
      double[][] x, double[] c, int offset, int width, long c0, long c1, int[] coords, int h) {
    int m = x.length;
    double[] centre = c == null ? new double[width] : c;
    ChunkTree tree = new ChunkTree(c0);
    Tiles whole = coords == null ? new Tiles(x, centre, h) : null;
    for (long chunk = c0; chunk < c1; chunk++) {
      double[] out = new double[entries(m)];
      long g0 = chunk * CHUNK;
      if (coords == null) {
        int lo = (int) (g0 - offset);
        int hi = Math.min(width, lo + CHUNK);
        whole.chunk(lo, hi, out);
      } else {
        int s = lowerBound(coords, g0);
        int e = lowerBound(coords, g0 + CHUNK);
        if (e > s) {
          int len = e - s;
          double[][] gx = new double[m][len];
          double[] gc = new double[len];
          for (int q = 0; q < len; q++) {
            int k = coords[s + q] - offset;
            gc[q] = centre[k];
            for (int p = 0; p < m; p++) {
              gx[p][q] = x[p][k];
            }
          }
          new Tiles(gx, gc, h).chunk(0, len, out);
        }
      }
      tree.push(out);
    }
    return tree.pieces();
  }

  /** First position of {@code a} holding a value >= v. */
  private static int lowerBound(int[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The register tiles of the packed upper triangle of m rows (panels padded with the last row).
   */
  private static final class Tiles {
    final double[][] x;
    final double[] c;
    final int m;
    final int h;
    final double[][][] rowPanel;
    final double[][][] colPanel;
    final double[] part;

    Tiles(double[][] x, double[] c, int h) {
      this.x = x;
      this.c = c;
      this.m = x.length;
      this.h = h;
      int w = CentredGram.COLS;
      int rows = (m + h - 1) / h;
      int cols = (m + w - 1) / w;
      rowPanel = new double[rows][h][];
      for (int i = 0; i < rows; i++) {
        for (int r = 0; r < h; r++) {
          rowPanel[i][r] = x[Math.min(i * h + r, m - 1)];
        }
      }
      colPanel = new double[cols][w][];
      for (int j = 0; j < cols; j++) {
        for (int s = 0; s < w; s++) {
          colPanel[j][s] = x[Math.min(j * w + s, m - 1)];
        }
      }
      part = new double[h * w * CentredGram.LANES];
    }

    /** The packed values of coordinates [lo, hi) (at most one chunk) into {@code out}. */
    void chunk(int lo, int hi, double[] out) {
      int w = CentredGram.COLS;
      int end4 = lo + ((hi - lo) & ~3);
      for (int i = 0; i < rowPanel.length; i++) {
        for (int j = (i * h) / w; j < colPanel.length; j++) {
          Arrays.fill(part, 0.0);
          CentredGram.accumulate(h, rowPanel[i], colPanel[j], c, lo, end4, part, 0);
          for (int r = 0; r < h; r++) {
            int p = i * h + r;
            for (int s = 0; s < w; s++) {
              int q = j * w + s;
              if (p < m && q < m && p <= q) {
                out[index(m, p, q)] =
                    CentredGram.finish(
                        part, (r * w + s) * CentredGram.LANES, x[p], x[q], c, end4, hi);
              }
            }
          }
        }
      }
    }
  }
}
