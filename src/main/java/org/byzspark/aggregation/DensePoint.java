package org.byzspark.aggregation;

/** A point held as one array (the in-memory algebra's points). The array is never modified. */
final class DensePoint implements Point {
  private static final long serialVersionUID = 1L;
  final double[] v;

  DensePoint(double[] v) {
    this.v = v;
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
