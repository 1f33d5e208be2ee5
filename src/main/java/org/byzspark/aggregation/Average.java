package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code average}: the plain arithmetic mean, the aggregation of classical (non-robust) distributed
 * SGD.
 *
 * <h2>Definition</h2>
 *
 * F(x_1, ..., x_n) = (1/n) Σ_i x_i.
 *
 * <h2>Requirement</h2>
 *
 * n ≥ 1 and 0 ≤ f &lt; n (f is not used).
 *
 * <h2>Resilience</h2>
 *
 * None: a single Byzantine input moves it arbitrarily far ([RESAM] §1, [HGO] C.4), so it is not (f,
 * λ)-resilient averaging for any f ≥ 1 and [RESAM] Table 1 does not list it; {@link #theory}
 * reports no λ with the note "not robust".
 *
 * <h2>Non-finite inputs</h2>
 *
 * Propagate (NaN/±Inf in, NaN/±Inf out); it never throws on them.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * Summation is left to right in worker order, {@code (((x_1 + x_2) + x_3) + ...) / n}, over
 * L1-sized blocks of coordinates spread over the current fork-join pool, so the bits do not depend
 * on the number of threads.
 */
public final class Average implements Aggregator {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "average";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC = Component.of(NAME, "plain arithmetic mean (not robust)");

  public Average(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic(NAME, n, f, d);
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
