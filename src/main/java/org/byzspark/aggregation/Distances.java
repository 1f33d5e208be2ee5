package org.byzspark.aggregation;

/**
 * The n×n squared Euclidean distances of a {@link VectorSet}, with what selections need to be
 * exact: a tolerance under which two values derived from the distances are a near tie, and exact
 * recomputation of given rows, so that a selection decided by rounding is re-decided on exact
 * values (ties then go to the lowest worker index).
 *
 * <p>Non-finite rows are infinitely far from every other row (distance +Inf, 0 to themselves).
 */
public interface Distances {
  /** The number of vectors n. */
  int size();

  /** The squared distance between rows i and j (+Inf if either is non-finite, 0 if i == j). */
  double get(int i, int j);

  /** Whether row i has only finite entries. */
  boolean isFinite(int i);

  /** {@link #isFinite} of every row, as a fresh array. */
  boolean[] finiteMask();

  /** Relative tolerance under which two values derived from these distances are a near tie. */
  double tieTolerance();

  /** Whether finite a and b differ by at most the tie tolerance of their magnitude. */
  boolean nearTie(double a, double b);

  /** Recomputes rows (and columns) {@code rows} exactly; returns whether anything changed. */
  boolean refineRows(int... rows);

  /**
   * ‖x_i − x_j‖ computed exactly without spurious overflow (for distances whose square overflowed);
   * +Inf when either row is non-finite.
   */
  double exactDistance(int i, int j);

  /** A copy of the n×n matrix of squared distances. */
  double[][] toMatrix();
}
