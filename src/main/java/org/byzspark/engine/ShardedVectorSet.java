package org.byzspark.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.byzspark.aggregation.ChunkGram;
import org.byzspark.aggregation.ChunkTree;
import org.byzspark.aggregation.CoordinateKernel;
import org.byzspark.aggregation.CoordinateReducer;
import org.byzspark.aggregation.Distances;
import org.byzspark.aggregation.Point;
import org.byzspark.aggregation.RowMath;
import org.byzspark.aggregation.VectorSet;
import scala.Tuple2;

/**
 * A {@link VectorSet} whose n vectors stay on the executors, cut into coordinate blocks: partition
 * k of {@link #blocks} holds block k (see {@link ShardScope}) of all n vectors. Every rule,
 * pre-aggregator and attack runs on it unchanged.
 *
 * <ul>
 *   <li><b>Coordinate-wise work</b> ({@link #coordinateWise}, {@link #combine}, {@link #mix},
 *       {@link #clip}) runs per block on the executors with the in-memory code ({@link
 *       CoordinateKernel#applyRange}, {@link VectorSet#of} over the block's slices); a resulting
 *       point is the blocks' slices collected in block order (d numbers). Per coordinate the
 *       operations are those of the in-memory set, so the bits are the same.
 *   <li><b>Per-row reductions</b> ({@link #norms}, {@link #finiteRows}, {@link #distancesTo},
 *       {@link #squaredDistancesTo}): every block returns, for each row, its 512-coordinate chunk
 *       sums (block widths are multiples of the chunk, so a block's chunks are global chunks); the
 *       driver adds them in chunk order, which is exactly the in-memory order of {@link RowMath}
 *       (n·d/512 numbers reach the driver, not n·d). Rows whose plain sum leaves the safe range
 *       (entries near 1e±150 and beyond, all finite) are recomputed on the driver from the fetched
 *       row (d numbers), with the in-memory code.
 *   <li><b>Pairwise distances</b> ({@link #distances}): see {@link ShardedDistances}.
 *   <li><b>Gram matrices and sign counts</b> ({@link #gram}, {@link #signCounts}): every block
 *       returns its partial results (the pairwise-summation tree pieces of its chunks, integer
 *       counts), the driver combines them; the bits are the in-memory ones.
 *   <li><b>Set-producing operations</b> return new sharded sets of the same layout (RDD
 *       transformations without a shuffle; {@link #concat} is a {@code zipPartitions}), persisted
 *       in the step's {@link ShardScope} and unpersisted when it closes.
 * </ul>
 *
 * <p>Points are {@link ShardedPoint}s: d numbers on the driver. So the driver holds O(d + n²)
 * numbers (plus the n·d/512 chunk sums of one reduction), never the n·d messages.
 */
public final class ShardedVectorSet implements VectorSet {
  private final ShardScope scope;
  final JavaRDD<Block> blocks;
  private final int n;
  private RowStats stats;

  ShardedVectorSet(ShardScope scope, JavaRDD<Block> blocks, int n) {
    this.scope = scope;
    this.blocks = scope.keep(blocks);
    this.n = n;
  }

  /**
   * The set of n vectors given as (index, vector) pairs, indices 0..n−1, each vector of the scope's
   * dimension: each vector is cut into its blocks, shuffled so that partition k receives block k of
   * every vector, and assembled in index order.
   */
  public static ShardedVectorSet fromVectors(
      ShardScope scope, JavaRDD<Tuple2<Integer, double[]>> vectors, int n) {
    final int d = scope.d;
    final int width = scope.width;
    final int nb = scope.blocks;
    JavaPairRDD<Integer, Tuple2<Integer, double[]>> pieces =
        vectors.flatMapToPair(
            iv -> {
              double[] v = iv._2();
              if (v.length != d) {
                throw new IllegalArgumentException(
                    "vector " + iv._1() + " has length " + v.length + ", expected " + d);
              }
              List<Tuple2<Integer, Tuple2<Integer, double[]>>> out = new ArrayList<>(nb);
              for (int k = 0; k < nb; k++) {
                int lo = k * width;
                int hi = Math.min(d, lo + width);
                out.add(new Tuple2<>(k, new Tuple2<>(iv._1(), Arrays.copyOfRange(v, lo, hi))));
              }
              return out.iterator();
            });
    JavaRDD<Block> b =
        pieces
            .partitionBy(new BlockPartitioner(nb))
            .mapPartitionsWithIndex(
                (k, it) -> {
                  double[][] rows = new double[n][];
                  while (it.hasNext()) {
                    Tuple2<Integer, double[]> p = it.next()._2();
                    rows[p._1()] = p._2();
                  }
                  for (int i = 0; i < n; i++) {
                    if (rows[i] == null) {
                      throw new IllegalStateException("block " + k + " lacks vector " + i);
                    }
                  }
                  int lo = k * width;
                  return List.of(new Block(k, lo, Math.min(d, lo + width) - lo, rows)).iterator();
                },
                true);
    return new ShardedVectorSet(scope, b, n);
  }

  /** The set of the given in-memory rows (tests and tools): parallelised, then shuffled. */
  public static ShardedVectorSet fromRows(ShardScope scope, double[][] rows, int partitions) {
    List<Tuple2<Integer, double[]>> list = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      list.add(new Tuple2<>(i, rows[i]));
    }
    return fromVectors(scope, scope.sc.parallelize(list, Math.max(1, partitions)), rows.length);
  }

  /** Materialises the blocks (runs the shuffle); returns this set. */
  public ShardedVectorSet materialize() {
    blocks.count();
    return this;
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public int dimension() {
    return scope.d;
  }

  private double[] coords(Point p) {
    double[] v = p instanceof ShardedPoint s ? s.v : p.toArray();
    if (v.length != scope.d) {
      throw new IllegalArgumentException(
          "point of dimension " + v.length + " used with vectors of dimension " + scope.d);
    }
    return v;
  }

  private ShardedVectorSet derived(JavaRDD<Block> b, int rows) {
    return new ShardedVectorSet(scope, b, rows);
  }

  /** Row i, fetched to the driver (d numbers). */
  double[] fetchRow(int i) {
    List<Tuple2<Integer, double[]>> parts =
        RddOps.collect(RddOps.map(blocks, b -> new Tuple2<>(b.lo, b.rows[i])));
    double[] out = new double[scope.d];
    for (Tuple2<Integer, double[]> p : parts) {
      System.arraycopy(p._2(), 0, out, p._1(), p._2().length);
    }
    return out;
  }

  @Override
  public Point row(int i) {
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException("row " + i + " of " + n);
    }
    return new ShardedPoint(fetchRow(i));
  }

  @Override
  public VectorSet subset(int[] rows) {
    for (int r : rows) {
      if (r < 0 || r >= n) {
        throw new IndexOutOfBoundsException("row " + r + " of " + n);
      }
    }
    int[] idx = rows.clone();
    return derived(
        RddOps.map(
            blocks,
            b -> {
              double[][] r = new double[idx.length][];
              for (int i = 0; i < idx.length; i++) {
                r[i] = b.rows[idx[i]];
              }
              return new Block(b.index, b.lo, b.width, r);
            }),
        idx.length);
  }

  @Override
  public VectorSet concat(VectorSet other) {
    if (other.dimension() != scope.d) {
      throw new IllegalArgumentException(
          "cannot concatenate vectors of dimension "
              + other.dimension()
              + " to dimension "
              + scope.d);
    }
    ShardedVectorSet o =
        other instanceof ShardedVectorSet s && s.scope.width == scope.width
            ? s
            : fromRows(scope, other.toArrays(), scope.blocks);
    return derived(
        RddOps.zipPartitions(
            blocks,
            o.blocks,
            (Iterator<Block> a, Iterator<Block> c) -> {
              Block x = a.next();
              Block y = c.next();
              double[][] r = Arrays.copyOf(x.rows, x.rows.length + y.rows.length);
              System.arraycopy(y.rows, 0, r, x.rows.length, y.rows.length);
              return List.of(new Block(x.index, x.lo, x.width, r)).iterator();
            }),
        n + o.n);
  }

  /** Per-row statistics of one block: finiteness, NaN, infinite entries, chunk sums of squares. */
  static final class BlockStats implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final boolean[] nan;
    final long[] inf;
    final double[] max;
    final double[][] chunkSq;

    BlockStats(Block b) {
      int m = b.size();
      nan = new boolean[m];
      inf = new long[m];
      max = new double[m];
      chunkSq = new double[m][];
      for (int i = 0; i < m; i++) {
        double[] x = b.rows[i];
        double mx = 0;
        for (double v : x) {
          if (v != v) {
            nan[i] = true;
          } else if (Double.isInfinite(v)) {
            inf[i]++;
          } else {
            mx = Math.max(mx, Math.abs(v));
          }
        }
        max[i] = mx;
        chunkSq[i] = chunkSquares(x, null);
      }
    }
  }

  /** The per-row statistics of the whole set, combined on the driver. */
  static final class RowStats {
    final boolean[] nan;
    final long[] inf;
    final double[] max;
    final double[] sumSq;

    RowStats(int n, List<BlockStats> parts) {
      nan = new boolean[n];
      inf = new long[n];
      max = new double[n];
      List<double[][]> chunks = new ArrayList<>(parts.size());
      for (BlockStats s : parts) {
        for (int i = 0; i < n; i++) {
          nan[i] |= s.nan[i];
          inf[i] += s.inf[i];
          max[i] = Math.max(max[i], s.max[i]);
        }
        chunks.add(s.chunkSq);
      }
      sumSq = foldChunks(n, chunks);
    }

    boolean finite(int i) {
      return !nan[i] && inf[i] == 0;
    }
  }

  /**
   * Chunk sums of x_k² (p null) or (x_k − p_k)² over the block's chunks of {@value VectorSet#CHUNK}
   * coordinates, each summed sequentially from its first term, as {@link RowMath}.
   */
  static double[] chunkSquares(double[] x, double[] p) {
    int w = x.length;
    double[] out = new double[(w + CHUNK - 1) / CHUNK];
    for (int c = 0, lo = 0; lo < w; c++, lo += CHUNK) {
      int hi = Math.min(w, lo + CHUNK);
      double s;
      if (p == null) {
        s = x[lo] * x[lo];
        for (int k = lo + 1; k < hi; k++) {
          s += x[k] * x[k];
        }
      } else {
        double t = x[lo] - p[lo];
        s = t * t;
        for (int k = lo + 1; k < hi; k++) {
          t = x[k] - p[k];
          s += t * t;
        }
      }
      out[c] = s;
    }
    return out;
  }

  /**
   * Per row, the chunk sums of the blocks (in block order) added in chunk order, the first chunk
   * starting the sum: the order of {@link RowMath}.
   */
  static double[] foldChunks(int n, List<double[][]> perBlock) {
    double[] s = new double[n];
    boolean first = true;
    for (double[][] b : perBlock) {
      int chunks = n == 0 ? 0 : b[0].length;
      for (int c = 0; c < chunks; c++) {
        for (int i = 0; i < n; i++) {
          s[i] = first ? b[i][c] : s[i] + b[i][c];
        }
        first = false;
      }
    }
    return s;
  }

  private static final double SMALL = 0x1p-900;
  private static final double LARGE = 0x1p+900;

  RowStats stats() {
    if (stats == null) {
      stats = new RowStats(n, RddOps.collect(RddOps.map(blocks, BlockStats::new)));
    }
    return stats;
  }

  @Override
  public boolean[] finiteRows() {
    RowStats s = stats();
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = s.finite(i);
    }
    return out;
  }

  @Override
  public double[] norms() {
    RowStats s = stats();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double q = s.sumSq[i];
      if (q > SMALL && q < LARGE) {
        out[i] = Math.sqrt(q);
      } else if (s.nan[i]) {
        out[i] = Double.NaN;
      } else if (s.inf[i] > 0) {
        out[i] = Double.POSITIVE_INFINITY;
      } else if (s.max[i] == 0) {
        out[i] = 0;
      } else {
        out[i] = RowMath.norm(fetchRow(i)); // rescaled pass, as in memory
      }
    }
    return out;
  }

  /** The chunk sums of (x_i − p)² of every row, folded (RowMath.squaredDistance). */
  private double[] squaredSums(double[] p) {
    List<double[][]> parts =
        RddOps.collect(
            RddOps.zipPartitions(
                blocks,
                scope.slices(p),
                (Iterator<Block> a, Iterator<double[]> c) -> {
                  Block b = a.next();
                  double[] ps = c.next();
                  double[][] out = new double[b.size()][];
                  for (int i = 0; i < out.length; i++) {
                    out[i] = chunkSquares(b.rows[i], ps);
                  }
                  return java.util.Collections.singletonList(out).iterator();
                }));
    return foldChunks(n, parts);
  }

  @Override
  public double[] distancesTo(Point p) {
    double[] c = coords(p);
    double[] out = new double[n];
    if (!RowMath.isFinite(c)) {
      Arrays.fill(out, Double.POSITIVE_INFINITY);
      return out;
    }
    double[] s = squaredSums(c);
    RowStats st = null;
    for (int i = 0; i < n; i++) {
      if (s[i] > SMALL && s[i] < LARGE) {
        out[i] = Math.sqrt(s[i]);
        continue;
      }
      if (st == null) {
        st = stats();
      }
      out[i] = st.finite(i) ? RowMath.distance(fetchRow(i), c) : Double.POSITIVE_INFINITY;
    }
    return out;
  }

  @Override
  public double[] squaredDistancesTo(Point p) {
    return squaredSums(coords(p));
  }

  @Override
  public Distances distances() {
    return new ShardedDistances(this);
  }

  /**
   * Every block computes the tree pieces of its chunks ({@link ChunkGram#pieces} over its slices),
   * the driver folds them ({@link ChunkTree#fold}): the in-memory bits, whatever the layout. The
   * driver receives O(n²·log(d)) numbers per block.
   */
  @Override
  public double[][] gram(Point center, int[] coordinates) {
    int[] k = ChunkGram.checkCoordinates(coordinates == null ? null : coordinates.clone(), scope.d);
    final int m = n;
    List<List<ChunkTree.Piece>> parts;
    if (center == null) {
      parts = RddOps.collect(RddOps.map(blocks, b -> blockPieces(b, null, k)));
    } else {
      parts =
          RddOps.collect(
              RddOps.zipPartitions(
                  blocks,
                  scope.slices(coords(center)),
                  (Iterator<Block> a, Iterator<double[]> c) ->
                      List.of(blockPieces(a.next(), c.next(), k)).iterator()));
    }
    List<ChunkTree.Piece> all = new ArrayList<>();
    parts.forEach(all::addAll);
    long chunks = ChunkGram.chunks(scope.d);
    return ChunkGram.toMatrix(ChunkTree.fold(chunks, all, ChunkGram.entries(m)), m);
  }

  /** The pieces of the chunks of block b (its width is a multiple of the chunk but at the end). */
  private static List<ChunkTree.Piece> blockPieces(Block b, double[] centre, int[] coords) {
    long c0 = b.lo / CHUNK;
    long c1 = ChunkGram.chunks((long) b.lo + b.width);
    return ChunkGram.pieces(b.rows, centre, b.lo, b.width, c0, c1, coords);
  }

  @Override
  public int[][] signCounts(int[] coordinates) {
    int[] k = ChunkGram.checkCoordinates(coordinates == null ? null : coordinates.clone(), scope.d);
    final int m = n;
    List<int[][]> parts =
        RddOps.collect(
            RddOps.map(
                blocks,
                b -> {
                  int[][] out = new int[3][m];
                  for (int i = 0; i < m; i++) {
                    RowMath.countSigns(b.rows[i], b.lo, k, out, i);
                  }
                  return out;
                }));
    int[][] out = new int[3][n];
    for (int[][] p : parts) {
      for (int s = 0; s < 3; s++) {
        for (int i = 0; i < n; i++) {
          out[s][i] += p[s][i];
        }
      }
    }
    return out;
  }

  /** Exact squared distances of the given pairs (RowMath order, NaN as +Inf), one job. */
  double[] exactPairs(int[] a, int[] c) {
    int m = a.length;
    if (m == 0) {
      return new double[0];
    }
    List<double[][]> parts =
        RddOps.collect(
            RddOps.map(
                blocks,
                b -> {
                  double[][] out = new double[m][];
                  for (int q = 0; q < m; q++) {
                    out[q] = chunkSquares(b.rows[a[q]], b.rows[c[q]]);
                  }
                  return out;
                }));
    double[] s = foldChunks(m, parts);
    for (int q = 0; q < m; q++) {
      if (Double.isNaN(s[q])) {
        s[q] = Double.POSITIVE_INFINITY;
      }
    }
    return s;
  }

  /**
   * Per block, the Gram partial of rows {@code rows} centred on row {@code center} ({@link
   * org.byzspark.aggregation.PairwiseDistances#gram} over the block's coordinates: row-major, the
   * entries p ≤ q filled).
   */
  List<double[]> gramParts(int[] rows, int center) {
    int m = rows.length;
    return RddOps.collect(
        RddOps.map(
            blocks,
            b ->
                org.byzspark.aggregation.PairwiseDistances.gram(
                    b.rows, rows, m, b.rows[center], b.width)));
  }

  /** Block-wise results of a function of the block, assembled into a d-vector in block order. */
  private double[] assemble(List<Tuple2<Integer, double[]>> parts) {
    double[] out = new double[scope.d];
    for (Tuple2<Integer, double[]> p : parts) {
      System.arraycopy(p._2(), 0, out, p._1(), p._2().length);
    }
    return out;
  }

  @Override
  public Point coordinateWise(CoordinateReducer reducer) {
    List<Tuple2<Integer, double[]>> parts =
        RddOps.collect(
            RddOps.map(
                blocks,
                b -> {
                  double[] out = new double[b.width];
                  if (b.width > 0) {
                    CoordinateKernel.applyRange(reducer, b.rows, 0, b.width, out);
                  }
                  return new Tuple2<>(b.lo, out);
                }));
    return new ShardedPoint(assemble(parts));
  }

  @Override
  public Point combine(double[] weights, Point center, double divisor) {
    if (weights.length != n) {
      throw new IllegalArgumentException("combine needs " + n + " weights, got " + weights.length);
    }
    double[] w = weights.clone();
    List<Tuple2<Integer, double[]>> parts;
    if (center == null) {
      parts =
          RddOps.collect(
              RddOps.map(
                  blocks,
                  b ->
                      new Tuple2<>(
                          b.lo,
                          VectorSet.of(b.width, b.rows).combine(w, null, divisor).toArray())));
    } else {
      parts =
          RddOps.collect(
              RddOps.zipPartitions(
                  blocks,
                  scope.slices(coords(center)),
                  (Iterator<Block> a, Iterator<double[]> c) -> {
                    Block b = a.next();
                    VectorSet local = VectorSet.of(b.width, b.rows);
                    double[] r = local.combine(w, local.point(c.next()), divisor).toArray();
                    return List.of(new Tuple2<>(b.lo, r)).iterator();
                  }));
    }
    return new ShardedPoint(assemble(parts));
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
    for (double[] w : weights) {
      if (w.length != n) {
        throw new IllegalArgumentException("combine needs " + n + " weights, got " + w.length);
      }
    }
    double[][] w = new double[weights.length][];
    for (int r = 0; r < w.length; r++) {
      w[r] = weights[r].clone();
    }
    double[] dv = divisors.clone();
    return derived(
        RddOps.map(
            blocks,
            b ->
                new Block(
                    b.index, b.lo, b.width, VectorSet.of(b.width, b.rows).mix(w, dv).toArrays())),
        w.length);
  }

  /** What {@link #clip} does to a row. */
  private static final byte KEEP = 0;

  private static final byte ZERO = 1;
  private static final byte LIMIT = 2;
  private static final byte SCALE = 3;

  @Override
  public VectorSet clip(double[] thresholds) {
    if (thresholds.length != n) {
      throw new IllegalArgumentException(
          "clip needs " + n + " thresholds, got " + thresholds.length);
    }
    byte[] mode = new byte[n];
    double[] factor = new double[n];
    boolean any = false;
    double[] norms = null;
    for (int i = 0; i < n; i++) {
      double c = thresholds[i];
      if (c == Double.POSITIVE_INFINITY) {
        continue;
      }
      if (norms == null) {
        norms = norms();
      }
      double nx = norms[i];
      if (nx <= c) {
        continue;
      }
      any = true;
      if (nx != nx) {
        mode[i] = ZERO;
      } else if (nx == Double.POSITIVE_INFINITY) {
        mode[i] = LIMIT;
        factor[i] = c / Math.sqrt(stats().inf[i]);
      } else {
        mode[i] = SCALE;
        factor[i] = c / nx;
      }
    }
    if (!any) {
      return derived(RddOps.map(blocks, b -> b), n);
    }
    return derived(
        RddOps.map(
            blocks,
            b -> {
              double[][] r = new double[b.size()][];
              for (int i = 0; i < r.length; i++) {
                double[] x = b.rows[i];
                if (mode[i] == KEEP) {
                  r[i] = x;
                  continue;
                }
                double[] out = new double[b.width];
                if (mode[i] == LIMIT) {
                  for (int k = 0; k < out.length; k++) {
                    if (Double.isInfinite(x[k])) {
                      out[k] = Math.copySign(factor[i], x[k]);
                    }
                  }
                } else if (mode[i] == SCALE) {
                  double s = factor[i];
                  for (int k = 0; k < out.length; k++) {
                    out[k] = x[k] * s;
                  }
                }
                r[i] = out;
              }
              return new Block(b.index, b.lo, b.width, r);
            }),
        n);
  }

  @Override
  public double norm(Point p) {
    return RowMath.norm(coords(p));
  }

  @Override
  public Point add(Point a, Point b) {
    double[] x = coords(a);
    double[] y = coords(b);
    double[] out = new double[x.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = x[k] + y[k];
    }
    return new ShardedPoint(out);
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
  public Point point(double[] coordinates) {
    if (coordinates.length != scope.d) {
      throw new IllegalArgumentException(
          "point of dimension " + coordinates.length + " for vectors of dimension " + scope.d);
    }
    return new ShardedPoint(coordinates.clone());
  }

  @Override
  public VectorSet repeat(Point p, int count) {
    final int width = scope.width;
    return derived(
        scope
            .slices(coords(p))
            .mapPartitionsWithIndex(
                (k, it) -> {
                  double[] s = it.next();
                  double[][] r = new double[count][];
                  Arrays.fill(r, s);
                  return List.of(new Block(k, k * width, s.length, r)).iterator();
                },
                true),
        count);
  }

  @Override
  public VectorSet constant(double value, int count) {
    final int width = scope.width;
    final int d = scope.d;
    return derived(
        scope
            .layout()
            .map(
                k -> {
                  int lo = k * width;
                  double[] v = new double[Math.min(d, lo + width) - lo];
                  Arrays.fill(v, value);
                  double[][] r = new double[count][];
                  Arrays.fill(r, v);
                  return new Block(k, lo, v.length, r);
                }),
        count);
  }

  @Override
  public VectorSet rows(List<Point> points) {
    double[][] r = new double[points.size()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = coords(points.get(i));
    }
    return fromRows(scope, r, scope.blocks);
  }

  @Override
  public double[][] toArrays() {
    double[][] out = new double[n][scope.d];
    for (Block b : RddOps.collect(blocks)) {
      for (int i = 0; i < n; i++) {
        System.arraycopy(b.rows[i], 0, out[i], b.lo, b.width);
      }
    }
    return out;
  }
}
