package org.byzspark.aggregation;

import java.util.OptionalDouble;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * Common implementation of Krum, Multi-Krum, Krum* and Multi-Krum*.
 *
 * <h2>Definition</h2>
 *
 * Score every row by the sum of squared distances to its nearest neighbours (n−f−2 for the original
 * rule [KRUM], n−f−1 for the starred variant of [RESAM] C.5), then return the row of smallest score
 * (single) or the mean of the {@code m} rows of smallest scores (multi).
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f+2 for the original rules, n &gt; 2f for the starred ones.
 *
 * <h2>Resilience</h2>
 *
 * See {@link #theory}: λ of [RESAM] Proposition 6 for the starred rules, our derivation for the
 * original ones; η of [KRUM-SUPP].
 *
 * <h2>Non-finite inputs</h2>
 *
 * A row with NaN/±Inf has score +Inf; finite rows come before non-finite ones at equal +Inf score.
 *
 * <h2>Implementation</h2>
 *
 * Ties: lowest worker index (finite rows before non-finite ones at equal +Inf score). The chosen
 * indices are sorted before the mean is taken, so the summation runs in increasing worker order.
 */
abstract class AbstractKrum implements Aggregator {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final boolean star;
  private final boolean multi;

  /** The m parameter, or 0 for the default n−f. */
  private final int m;

  AbstractKrum(String name, boolean star, boolean multi, Params params) {
    this.name = name;
    this.star = star;
    this.multi = multi;
    Params p = spec(name, star, multi).resolve(params);
    this.m = multi && p.has("m") ? Integer.parseInt(p.getString("m", "")) : 0;
  }

  @Override
  public String name() {
    return name;
  }

  /** The declaration of one of the four rules. */
  static Component spec(String name, boolean star, boolean multi) {
    String what =
        (multi ? "mean of the m inputs" : "the input")
            + " of smallest score, score = sum of squared distances to the "
            + (star ? "n-f-1" : "n-f-2")
            + " nearest"
            + (star ? " (RESAM C.5)" : " (Blanchard et al. 2017)");
    if (!multi) {
      return Component.of(name, what);
    }
    return Component.of(
        name,
        what,
        ParamSpec.integer("m", 1, Integer.MAX_VALUE, null, "how many inputs are averaged")
            .defaultDescribed("n-f"));
  }

  /** Number of neighbours of the score. */
  int neighbours(int n, int f) {
    return star ? n - f - 1 : n - f - 2;
  }

  int selected(int n, int f) {
    if (!multi) {
      return 1;
    }
    return m == 0 ? n - f : m;
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic(name, n, f, d);
    if (star) {
      Checks.require(name, n > 2 * f, "n > 2f", n, f);
    } else {
      Checks.require(name, n > 2 * f + 2, "n > 2f+2", n, f);
    }
    if (multi && m > n) {
      throw new IllegalArgumentException(
          name + " parameter m=" + m + " must be in [1, n] = [1, " + n + "]");
    }
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    Distances pd = x.distances();
    int q = selected(n, f);
    int[] ranked = KrumScores.rank(pd, DistanceSupport.range(n), neighbours(n, f), q, null);
    int[] chosen = DistanceSupport.sortedCopy(ranked, q);
    String report = "selected=" + DistanceSupport.joined(chosen);
    return Aggregation.of(q == 1 ? x.row(chosen[0]) : x.mean(chosen), report);
  }

  /**
   * λ of RESAM Proposition 6 for the starred rules, λ = (1 + √((n−f)/(n−2f)))·min{1, (n−q)/(n−f)}
   * for q ≤ n−f selected rows; for the original rules (n−f−2 neighbours) the same argument gives
   * |C_k ∩ S| ≥ n−2f−1 and score(m) ≤ (n−f−2)·diam², hence λ = (1 + √((n−f−2)/(n−2f−1)))·min{1,
   * (n−q)/(n−f)} (our derivation, checked by the Definition 2 property test). No λ when q > n−f. η
   * is the Krum supplement's η(n, f) whenever n > 2f+2 (for the starred rules it is the value of
   * the original rule, given for comparison).
   */
  @Override
  public Theory theory(int n, int f, int d) {
    double eta = KrumScores.eta(n, f);
    OptionalDouble etaOpt = Double.isNaN(eta) ? OptionalDouble.empty() : OptionalDouble.of(eta);
    boolean valid = star ? n > 2 * f : n > 2 * f + 2;
    int q = selected(n, f);
    if (!valid || q > n - f || q < 1) {
      return new Theory(
          OptionalDouble.empty(),
          etaOpt,
          valid ? "no λ when m > n−f" : name + " needs " + (star ? "n > 2f" : "n > 2f+2"));
    }
    double base =
        star
            ? 1 + Math.sqrt((n - f) / (double) (n - 2 * f))
            : 1 + Math.sqrt((n - f - 2) / (double) (n - 2 * f - 1));
    double lambda = base * Math.min(1.0, (n - q) / (double) (n - f));
    return new Theory(OptionalDouble.of(lambda), etaOpt, "");
  }

  @Override
  public String toString() {
    return name + (multi && m > 0 ? "(m=" + m + ")" : "");
  }
}
