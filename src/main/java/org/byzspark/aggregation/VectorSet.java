package org.byzspark.aggregation;

/**
 * The algebra every rule, pre-aggregator and attack is written in: a set of n vectors x_1, ..., x_n
 * of dimension d, and the few operations ByzSpark's rules are programs over.
 *
 * <table>
 *   <caption>Primitives and their users</caption>
 *   <tr><th>primitive</th><th>result</th><th>used by</th></tr>
 *   <tr><td>{@link #coordinateWise}</td><td>point</td><td>mean, cwtm, cwmed, meamed, Bulyan's
 *       second phase, Aksel's and gm's median, the statistics of little/empire/omniscient</td></tr>
 *   <tr><td>{@link #distances}</td><td>n×n</td><td>Krum family, medoid, MDA, Bulyan and
 *       AggregaThor's selections</td></tr>
 *   <tr><td>{@link #norms}, {@link #finiteRows}</td><td>n</td><td>clipping, ARC, CGE; every rule's
 *       handling of non-finite rows</td></tr>
 *   <tr><td>{@link #distancesTo}, {@link #squaredDistancesTo}</td><td>n</td><td>gm (each
 *       Weiszfeld iteration), cc, Aksel, NNM</td></tr>
 *   <tr><td>{@link #combine}, {@link #mean}</td><td>point</td><td>means of selected subsets,
 *       Weiszfeld steps, centered clipping steps</td></tr>
 *   <tr><td>{@link #mix}, {@link #clip}, {@link #subset}, {@link #concat}</td><td>set</td><td>NNM,
 *       bucketing, static and adaptive clipping, the Byzantine stage</td></tr>
 *   <tr><td>{@link #gram}</td><td>n×n</td><td>the covariance and cosine rules (caf, smea, dnc,
 *       clippedclustering, foolsgold)</td></tr>
 *   <tr><td>{@link #signCounts}</td><td>3×n</td><td>signguard</td></tr>
 * </table>
 *
 * <p>The only numbers a rule sees are n-sized or n×n statistics; vectors stay behind the interface
 * as the set's rows and as opaque {@link Point}s, so the same rule runs on the in-memory set
 * ({@link #of}, used by the offline tools, the tests and driver-side aggregation) and on a set cut
 * into coordinate blocks across a cluster.
 *
 * <p><b>Determinism.</b> Every result is defined with a fixed order of floating-point operations
 * that depends on neither the number of threads nor the CPU's vector width nor how the coordinates
 * are cut into blocks: a coordinate-wise result at coordinate k is computed from the n values of
 * coordinate k alone, in worker order; a per-row reduction over the d coordinates (norms, distances
 * to a point) sums chunks of {@value #CHUNK} consecutive coordinates sequentially and adds the
 * chunk sums in chunk order. The n×n distances go through a Gram product whose rounding can decide
 * only near ties, which {@link Distances} re-checks exactly.
 *
 * <p><b>Non-finite values.</b> Nothing here throws on NaN or ±Inf: each primitive documents what it
 * returns for non-finite rows, and the robust rules rely on it to keep their output finite.
 */
public interface VectorSet {
  /**
   * Coordinates per chunk of the per-row reductions ({@link #norms}, {@link #distancesTo}, {@link
   * #squaredDistancesTo}); a sharded implementation cuts blocks at multiples of it.
   */
  int CHUNK = 512;

  /** The in-memory set of the given rows (not copied, never modified). */
  static VectorSet of(double[]... rows) {
    return new InMemoryVectorSet(rows);
  }

  /** The in-memory set of the given rows of dimension d, possibly none. */
  static VectorSet of(int d, double[][] rows) {
    return new InMemoryVectorSet(rows, d);
  }

  /** The number of vectors n. */
  int size();

  /** The dimension d. */
  int dimension();

  /** Vector i as a point. */
  Point row(int i);

  /** The vectors {@code rows[0], rows[1], ...} of this set, in that order, as a set. */
  VectorSet subset(int[] rows);

  /** The n vectors of this set followed by those of {@code other} (same dimension). */
  VectorSet concat(VectorSet other);

  /** Whether each vector has only finite coordinates. */
  boolean[] finiteRows();

  /**
   * ‖x_i‖ for each i, exact up to rounding without spurious overflow (a vector of entries near
   * 1e200 has a finite norm); NaN when x_i holds a NaN, else +Inf when it holds ±Inf.
   */
  double[] norms();

  /**
   * ‖x_i − p‖ for each i, without spurious overflow; +Inf when x_i or p holds a NaN or ±Inf
   * (non-finite vectors are infinitely far from everything).
   */
  double[] distancesTo(Point p);

  /**
   * Σ_k (x_ik − p_k)² for each i as a plain sum of squares (chunked order, see above): may overflow
   * to +Inf, and is NaN or +Inf when a coordinate is non-finite.
   */
  double[] squaredDistancesTo(Point p);

  /** The pairwise squared distances ‖x_i − x_j‖², with exact re-checks of near ties. */
  Distances distances();

  /**
   * The n×n centred Gram matrix G_ij = Σ_{k∈K} (x_ik − c_k)(x_jk − c_k) over the coordinates K =
   * {@code coordinates} (strictly increasing, in [0, d)), or all coordinates when it is null, with
   * c = {@code center} (the origin when null). Unlike {@link #distances}, the values are defined to
   * the bit whatever the set's layout: per chunk of {@value #CHUNK} coordinates the fixed dot form
   * of {@link org.byzspark.linalg.CentredGram}, chunk values added pairwise along the tree of chunk
   * indices ({@link ChunkGram}, {@link ChunkTree}), so rules that compute with the numbers
   * themselves (eigenvectors, cosines) give the same bits in memory and sharded. Entries of a row
   * with a non-finite value at a coordinate of K are NaN or ±Inf; a large finite row may overflow
   * to ±Inf: both spoil only the row's own row and column.
   */
  double[][] gram(Point center, int[] coordinates);

  /**
   * For each row i, the numbers of coordinates k of {@code coordinates} (strictly increasing, in
   * [0, d); all when null) with x_ik &gt; 0, x_ik = 0 (either sign of zero) and x_ik &lt; 0: {@code
   * out[0][i]}, {@code out[1][i]}, {@code out[2][i]}. A NaN is counted in none of them.
   */
  int[][] signCounts(int[] coordinates);

  /** The point whose coordinate k is {@code reducer} applied to x_1k, ..., x_nk. */
  Point coordinateWise(CoordinateReducer reducer);

  /**
   * The point (Σ_i w_i·(x_i − c)) / divisor, or (Σ_i w_i·x_i) / divisor when {@code center} is
   * null. Per coordinate, the terms of the rows with w_i ≠ 0 are added in worker order, the sum
   * starting with the first such term (rows of weight 0 are skipped, so a non-finite row of weight
   * 0 does not poison the sum; no such row gives 0); a divisor of 1 divides nothing.
   */
  Point combine(double[] weights, Point center, double divisor);

  /** The mean of the given rows (added in the order given, then divided by their count). */
  default Point mean(int[] rows) {
    double[] w = new double[size()];
    for (int r : rows) {
      w[r] = 1.0;
    }
    return combine(w, null, rows.length);
  }

  /** The mean of all n vectors. */
  default Point mean() {
    double[] w = new double[size()];
    java.util.Arrays.fill(w, 1.0);
    return combine(w, null, size());
  }

  /**
   * A new set of {@code weights.length} vectors, y_r = combine(weights[r], null, divisors[r]):
   * nearest-neighbour mixing, bucket means, any linear mixing of the vectors.
   */
  VectorSet mix(double[][] weights, double[] divisors);

  /**
   * A new set where x_i is replaced by x_i·min(1, c_i/‖x_i‖) for thresholds {@code c_i >= 0}
   * (possibly +Inf). Non-finite x_i: with c_i = +Inf it is kept unchanged; otherwise a vector with
   * ±Inf entries (no NaN) becomes its limit direction scaled to c_i (each infinite entry ±c_i/√m, m
   * the number of infinite entries, finite entries 0) and a vector with a NaN, which has no
   * direction, the zero vector. So every clipped vector has norm ≤ c_i (up to rounding).
   */
  VectorSet clip(double[] thresholds);

  /** ‖p‖, as {@link #norms}. */
  double norm(Point p);

  /** The point a + b. */
  Point add(Point a, Point b);

  /** ‖a − b‖ of two points of this set's space, as {@link #distancesTo}. */
  double distance(Point a, Point b);

  /** A point of this set's space with the given coordinates (copied). */
  Point point(double[] coordinates);

  /** A set of {@code count} copies of {@code p}. */
  VectorSet repeat(Point p, int count);

  /** A set of {@code count} vectors of this dimension whose every entry is {@code value}. */
  VectorSet constant(double value, int count);

  /** A set of the given points of this set's space. */
  VectorSet rows(java.util.List<Point> points);

  /**
   * The n×d numbers, materialised (offline tools and tests; O(n·d) memory where the caller runs).
   */
  double[][] toArrays();
}
