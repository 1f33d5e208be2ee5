package org.byzspark.engine;

import org.byzspark.aggregation.Point;

/**
 * A point of a {@link ShardedVectorSet}: its d coordinates on the driver (an aggregate, a Weiszfeld
 * iterate, a forged message: d numbers, the O(d) the driver may hold). When a set needs it next to
 * its blocks, it ships one slice per block ({@link ShardScope#slices}).
 */
final class ShardedPoint implements Point {
  private static final long serialVersionUID = 1L;
  final double[] v;

  ShardedPoint(double[] v) {
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
