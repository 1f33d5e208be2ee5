package org.byzspark.aggregation;

/**
 * A rule whose output coordinate k is a function of the n values of coordinate k only: the program
 * is one {@link VectorSet#coordinateWise} call with the rule's {@link CoordinateReducer}.
 */
abstract class CoordinateWiseRule implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The per-coordinate computation for n inputs of which f may be Byzantine. */
  abstract CoordinateReducer reducer(int n, int f);

  /** A reducer whose computation (and network) depends on f alone besides n. */
  abstract static class ReducerOfF extends CoordinateReducer {
    private static final long serialVersionUID = 1L;

    /** The declared number of Byzantine values per coordinate. */
    final int f;

    ReducerOfF(int f) {
      this.f = f;
    }

    @Override
    protected Object networkKey() {
      return java.util.List.of(getClass(), f);
    }
  }

  @Override
  public final Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    check(x.size(), f, x.dimension());
    return Aggregation.of(x.coordinateWise(reducer(x.size(), f)));
  }
}
