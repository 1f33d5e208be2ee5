package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code average}: the plain arithmetic mean F(x_1, ..., x_n) = (1/n) Σ_i x_i, the aggregation of
 * classical (non-robust) distributed SGD.
 *
 * <p>Not robust: a single Byzantine input moves it arbitrarily far (RESAM §1, HGO C.4), so it is
 * not (f, λ)-resilient averaging for any f ≥ 1 and RESAM Table 1 does not list it; {@link #theory}
 * reports no λ with the note "not robust". Non-finite inputs propagate (NaN/±Inf in, NaN/±Inf
 * out); it never throws on them.
 *
 * <p>Summation is left to right in worker order, {@code (((x_1 + x_2) + x_3) + ...) / n}, over
 * L1-sized blocks of coordinates spread over the current fork-join pool, so the bits do not depend
 * on the number of threads. Parameters: none.
 */
public final class Average implements Aggregator {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "average";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(NAME, "plain arithmetic mean (not robust)");

  public Average(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(int n, int f, int d) {
    CoordinateSelect.requireBasic(NAME, n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    check(x.size(), f, x.dimension());
    return Aggregation.of(x.mean());
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("not robust");
  }
}
