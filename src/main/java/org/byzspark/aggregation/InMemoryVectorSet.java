package org.byzspark.aggregation;

import java.util.Arrays;
import java.util.List;

/**
 * The {@link VectorSet} of rows held in this JVM: the offline tools, the unit tests and driver-side
 * aggregation use it. The rows are shared, never copied or modified; sets derived by {@link
 * #subset} and {@link #concat} are views of the same arrays. Work over n·d values is spread over
 * the current fork-join pool ({@link Par}) with results that do not depend on the threads.
 */
final class InMemoryVectorSet implements VectorSet {
  /** Coordinates per block of {@link #combine}. */
  static final int COMBINE_BLOCK = 2048;

  private final double[][] rows;
  private final int d;

  /** Fails on an empty or ragged input (never on values). */
  InMemoryVectorSet(double[][] rows) {
    this.d = RowMath.dimension(rows);
    this.rows = rows;
  }

  /** Rows of the known dimension d, possibly none. */
  InMemoryVectorSet(double[][] rows, int d) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != d) {
        throw new IllegalArgumentException(
            "input vector "
                + i
                + " has length "
                + (rows[i] == null ? "null" : rows[i].length)
                + ", expected "
                + d);
      }
    }
    this.d = d;
    this.rows = rows;
  }

  /** The set's dimension check for points of its space. */
  private double[] coords(Point p) {
    double[] v = ((DensePoint) p).v;
    if (v.length != d) {
      throw new IllegalArgumentException(
          "point of dimension " + v.length + " used with vectors of dimension " + d);
    }
    return v;
  }

  @Override
  public int size() {
    return rows.length;
  }

  @Override
  public int dimension() {
    return d;
  }

  @Override
  public Point row(int i) {
    return new DensePoint(rows[i]);
  }

  @Override
  public VectorSet subset(int[] idx) {
    double[][] r = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      r[i] = rows[idx[i]];
    }
    return new InMemoryVectorSet(r, d);
  }

  @Override
  public VectorSet concat(VectorSet other) {
    InMemoryVectorSet o = (InMemoryVectorSet) other;
    if (o.d != d) {
      throw new IllegalArgumentException(
          "cannot concatenate vectors of dimension " + o.d + " to dimension " + d);
    }
    double[][] r = Arrays.copyOf(rows, rows.length + o.rows.length);
    System.arraycopy(o.rows, 0, r, rows.length, o.rows.length);
    return new InMemoryVectorSet(r, d);
  }

  @Override
  public boolean[] finiteRows() {
    boolean[] fin = new boolean[rows.length];
    Par.forEach(
        rows.length, (long) rows.length * d, Par.STREAM, i -> fin[i] = RowMath.isFinite(rows[i]));
    return fin;
  }

  @Override
  public double[] norms() {
    double[] out = new double[rows.length];
    Par.forEach(
        rows.length, (long) rows.length * d, Par.STREAM, i -> out[i] = RowMath.norm(rows[i]));
    return out;
  }

  @Override
  public double[] distancesTo(Point p) {
    double[] c = coords(p);
    boolean pFinite = RowMath.isFinite(c);
    double[] out = new double[rows.length];
    Par.forEach(
        rows.length,
        (long) rows.length * d,
        Par.STREAM,
        i -> out[i] = pFinite ? RowMath.distance(rows[i], c) : Double.POSITIVE_INFINITY);
    return out;
  }

  @Override
  public double[] squaredDistancesTo(Point p) {
    double[] c = coords(p);
    double[] out = new double[rows.length];
    Par.forEach(
        rows.length,
        (long) rows.length * d,
        Par.STREAM,
        i -> out[i] = RowMath.squaredDistance(rows[i], c));
    return out;
  }

  @Override
  public Distances distances() {
    return PairwiseDistances.of(rows);
  }

  @Override
  public double[][] gram(Point center, int[] coordinates) {
    int m = rows.length;
    double[] c = center == null ? null : coords(center);
    int[] k = ChunkGram.checkCoordinates(coordinates, d);
    long chunks = ChunkGram.chunks(d);
    java.util.concurrent.ConcurrentLinkedQueue<ChunkTree.Piece> pieces =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    long work = (long) ChunkGram.entries(m) * (k == null ? d : k.length);
    // any cut of the chunks into ranges gives the same tree, hence the same bits
    Par.forRanges(
        (int) chunks,
        work,
        Par.GRAM,
        (c0, c1) -> pieces.addAll(ChunkGram.pieces(rows, c, 0, d, c0, c1, k)));
    return ChunkGram.toMatrix(ChunkTree.fold(chunks, pieces, ChunkGram.entries(m)), m);
  }

  @Override
  public int[][] signCounts(int[] coordinates) {
    int[] k = ChunkGram.checkCoordinates(coordinates, d);
    int[][] out = new int[3][rows.length];
    Par.forEach(
        rows.length,
        (long) rows.length * (k == null ? d : k.length),
        Par.STREAM,
        i -> RowMath.countSigns(rows[i], 0, k, out, i));
    return out;
  }

  @Override
  public Point coordinateWise(CoordinateReducer reducer) {
    return DensePoint.computed(CoordinateKernel.apply(reducer, rows, d));
  }

  @Override
  public Point combine(double[] weights, Point center, double divisor) {
    return DensePoint.computed(
        combine(rows, d, weights, center == null ? null : coords(center), divisor));
  }

  /**
   * {@link VectorSet#combine} over arrays, blocks of coordinates in parallel. Per coordinate the
   * sum starts with the first term of non-zero weight and adds the others in row order; a weight of
   * exactly 1 without a centre adds the value itself (x·1 = x), four rows per pass.
   */
  static double[] combine(double[][] x, int d, double[] w, double[] c, double divisor) {
    if (w.length != x.length) {
      throw new IllegalArgumentException("combine needs " + x.length + " weights, got " + w.length);
    }
    int[] used = new int[x.length];
    int m = 0;
    boolean ones = c == null;
    for (int i = 0; i < x.length; i++) {
      if (w[i] != 0) {
        used[m++] = i;
        ones &= w[i] == 1.0;
      }
    }
    double[] out = new double[d];
    if (m == 0) {
      return out;
    }
    final int count = m;
    final boolean plain = ones;
    int blocks = (d + COMBINE_BLOCK - 1) / COMBINE_BLOCK;
    Par.forEach(
        blocks,
        (long) count * d,
        Par.STREAM,
        b -> {
          int lo = b * COMBINE_BLOCK;
          int hi = Math.min(d, lo + COMBINE_BLOCK);
          if (plain) {
            sumRows(x, used, count, out, lo, hi);
          } else {
            weightedRows(x, used, count, w, c, out, lo, hi);
          }
          if (divisor != 1.0) {
            for (int k = lo; k < hi; k++) {
              out[k] /= divisor;
            }
          }
        });
    return out;
  }

  private static void sumRows(double[][] x, int[] used, int m, double[] out, int lo, int hi) {
    System.arraycopy(x[used[0]], lo, out, lo, hi - lo);
    int q = 1;
    for (; q + 3 < m; q += 4) { // four rows per pass; same order as one row at a time
      double[] a = x[used[q]];
      double[] b = x[used[q + 1]];
      double[] e = x[used[q + 2]];
      double[] g = x[used[q + 3]];
      for (int k = lo; k < hi; k++) {
        out[k] = (((out[k] + a[k]) + b[k]) + e[k]) + g[k];
      }
    }
    for (; q < m; q++) {
      double[] a = x[used[q]];
      for (int k = lo; k < hi; k++) {
        out[k] += a[k];
      }
    }
  }

  private static void weightedRows(
      double[][] x, int[] used, int m, double[] w, double[] c, double[] out, int lo, int hi) {
    for (int q = 0; q < m; q++) {
      double[] a = x[used[q]];
      double wq = w[used[q]];
      if (c == null) {
        if (q == 0) {
          for (int k = lo; k < hi; k++) {
            out[k] = a[k] * wq;
          }
        } else {
          for (int k = lo; k < hi; k++) {
            out[k] += a[k] * wq;
          }
        }
      } else if (q == 0) {
        for (int k = lo; k < hi; k++) {
          out[k] = (a[k] - c[k]) * wq;
        }
      } else {
        for (int k = lo; k < hi; k++) {
          out[k] += (a[k] - c[k]) * wq;
        }
      }
    }
  }

  @Override
  public VectorSet mix(double[][] weights, double[] divisors) {
    if (weights.length != divisors.length) {
      throw new IllegalArgumentException(
          "mix needs one divisor per output row, got "
              + weights.length
              + " rows and "
              + divisors.length
              + " divisors");
    }
    double[][] out = new double[weights.length][];
    for (int r = 0; r < weights.length; r++) {
      out[r] = combine(rows, d, weights[r], null, divisors[r]);
    }
    return new InMemoryVectorSet(out, d);
  }

  @Override
  public VectorSet clip(double[] thresholds) {
    if (thresholds.length != rows.length) {
      throw new IllegalArgumentException(
          "clip needs " + rows.length + " thresholds, got " + thresholds.length);
    }
    double[][] out = new double[rows.length][];
    Par.forEach(
        rows.length,
        (long) rows.length * d,
        Par.STREAM,
        i -> out[i] = RowMath.clip(rows[i], thresholds[i]));
    return new InMemoryVectorSet(out, d);
  }

  @Override
  public double distance(Point a, Point b) {
    double[] x = coords(a);
    double[] y = coords(b);
    return RowMath.isFinite(x) && RowMath.isFinite(y)
        ? RowMath.distance(x, y)
        : Double.POSITIVE_INFINITY;
  }

  @Override
  public double norm(Point p) {
    return RowMath.norm(coords(p));
  }

  @Override
  public Point add(Point a, Point b) {
    double[] x = coords(a);
    double[] y = coords(b);
    double[] out = new double[d];
    for (int k = 0; k < d; k++) {
      out[k] = x[k] + y[k];
    }
    return DensePoint.computed(out);
  }

  @Override
  public Point point(double[] coordinates) {
    if (coordinates.length != d) {
      throw new IllegalArgumentException(
          "point of dimension " + coordinates.length + " for vectors of dimension " + d);
    }
    return new DensePoint(coordinates.clone());
  }

  @Override
  public VectorSet repeat(Point p, int count) {
    double[] v = coords(p);
    double[][] out = new double[count][];
    Arrays.fill(out, v);
    return new InMemoryVectorSet(out, d);
  }

  @Override
  public VectorSet constant(double value, int count) {
    double[] v = new double[d];
    Arrays.fill(v, value);
    double[][] out = new double[count][];
    Arrays.fill(out, v);
    return new InMemoryVectorSet(out, d);
  }

  @Override
  public VectorSet rows(List<Point> points) {
    double[][] out = new double[points.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = coords(points.get(i));
    }
    return new InMemoryVectorSet(out, d);
  }

  @Override
  public double[][] toArrays() {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows[i].clone();
    }
    return out;
  }
}
