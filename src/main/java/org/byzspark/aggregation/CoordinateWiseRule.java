package org.byzspark.aggregation;

/**
 * A rule whose output coordinate k is a function of the n values of coordinate k only: the program
 * is one {@link VectorSet#coordinateWise} call with the rule's {@link CoordinateReducer}.
 */
abstract class CoordinateWiseRule implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The per-coordinate computation for n inputs of which f may be Byzantine. */
  abstract CoordinateReducer reducer(int n, int f);

  @Override
  public final Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    check(x.size(), f, x.dimension());
    return Aggregation.of(x.coordinateWise(reducer(x.size(), f)));
  }
}
