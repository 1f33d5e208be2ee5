package org.byzspark.aggregation;

/** A point held as one array (the in-memory algebra's points). The array is never modified. */
final class DensePoint implements Point {
  private static final long serialVersionUID = 1L;
  final double[] v;

  /** Whether {@link #v} was computed for this point alone (not a row, not a caller's array). */
  private final boolean own;

  /** A point over {@code v}, which others may hold too (a row of a set, a caller's array). */
  DensePoint(double[] v) {
    this(v, false);
  }

  private DensePoint(double[] v, boolean own) {
    this.v = v;
    this.own = own;
  }

  /** A point over an array just computed for it, which nothing else refers to. */
  static DensePoint computed(double[] v) {
    return new DensePoint(v, true);
  }

  /**
   * The coordinates of {@code p} for a caller that drops {@code p} right after: the point's own
   * array when it was {@link #computed} for it (no copy), else {@link Point#toArray()}.
   */
  static double[] release(Point p) {
    return p instanceof DensePoint d && d.own ? d.v : p.toArray();
  }

  @Override
  public int dimension() {
    return v.length;
  }

  @Override
  public double[] toArray() {
    return v.clone();
  }
}
