package org.byzspark.aggregation;

import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.byzspark.util.Component;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * {@code pkrum}: 1−p Krum.
 *
 * <h2>Definition</h2>
 *
 * [KRUM-SUPP] section 4: at step t, with probability p_t = 1/√t the plain average of all inputs,
 * otherwise Krum (n−f−2 neighbours). p_1 = 1: the first step always averages.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f+2, like Krum.
 *
 * <h2>Resilience</h2>
 *
 * None: no λ (randomised, averages with probability p_t); η is Krum's η(n, f).
 *
 * <h2>Non-finite inputs</h2>
 *
 * The average branch is the plain mean, not robust by design: NaN/Inf inputs propagate to the
 * output on that branch, as in the paper. The Krum branch behaves as {@link Krum}.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * The coin is drawn from {@code Seeds.rng(round.seed(), Purpose.PKRUM_BRANCH, round.step())}, so
 * the same step of the same run always takes the same branch. The report of the returned {@link
 * Aggregation} is {@code branch=average} or {@code branch=krum}.
 */
public final class PKrum implements Aggregator {
  private static final long serialVersionUID = 1L;
  private final Krum krum = new Krum(Params.empty());

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "pkrum",
          "1-p Krum: average with probability 1/sqrt(t), else Krum (Krum supplement, section 4)");

  public PKrum(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "pkrum";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("pkrum", n, f, d);
    Checks.require("pkrum", n > 2 * f + 2, "n > 2f+2", n, f);
  }

  /** Whether step {@code round} takes the average branch. */
  static boolean averages(Round round) {
    SplittableRandom rng = Seeds.rng(round.seed(), Seeds.Purpose.PKRUM_BRANCH, round.step());
    double p = 1.0 / Math.sqrt(round.step());
    return rng.nextDouble() < p;
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    check(x.size(), f, x.dimension());
    if (round == null) {
      throw new IllegalArgumentException("pkrum needs a Round (step and seed), got null");
    }
    if (averages(round)) {
      return Aggregation.of(x.mean(), "branch=average");
    }
    Aggregation k = krum.aggregate(x, f, round, state);
    return Aggregation.of(k.value(), "branch=krum " + k.report());
  }

  @Override
  public Theory theory(int n, int f, int d) {
    double eta = KrumScores.eta(n, f);
    return new Theory(
        OptionalDouble.empty(),
        Double.isNaN(eta) ? OptionalDouble.empty() : OptionalDouble.of(eta),
        "randomised: averages with probability 1/sqrt(t); η of the Krum branch");
  }
}
