package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * {@code smea}: smallest maximum eigenvalue averaging.
 *
 * <h2>Definition</h2>
 *
 * [SMEA]: the mean of the subset S of n−f inputs whose covariance Σ_S = (1/|S|) Σ_{i∈S} (x_i −
 * x̄_S)(x_i − x̄_S)ᵀ has the smallest top eigenvalue λ_max(Σ_S).
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f, and C(n, f) at most {@code max-subsets}: the search is exhaustive.
 *
 * <h2>Resilience</h2>
 *
 * λ = √(f/(n−2f)) (our derivation, checked by the Definition 2 property test): for any S of n−f
 * inputs, with S* the chosen subset and T = S ∩ S* (|T| ≥ n−2f), a subset T of a set A with |A \ T|
 * ≤ f satisfies ‖x̄_T − x̄_A‖ ≤ √(f/(n−2f)·λ_max(Σ_A)); applied to A = S* and A = S, with
 * λ_max(Σ_{S*}) ≤ λ_max(Σ_S) ≤ diam(S)²/4 (Popoviciu's inequality on every direction), ‖x̄_{S*} −
 * x̄_S‖ ≤ 2√(f/(n−2f))·diam(S)/2.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Rows with NaN/±Inf, and finite rows whose squared distance to the coordinate-wise median exceeds
 * 1e300 ({@link Spectral#usable}), belong to no candidate subset. If fewer than n−f rows are left,
 * the output is their mean (the zero vector when none is left).
 *
 * <h2>Parameters</h2>
 *
 * {@code max-subsets} (see {@link #SPEC}): if C(n, f) exceeds it, {@link #check} and {@link
 * #aggregate} refuse with a message. The report gives {@code selected=...}.
 *
 * <h2>Implementation</h2>
 *
 * The subsets are visited in lexicographic order of their (increasing) index lists; for each, the
 * Gram matrix of the usable rows centred at their median ({@link VectorSet#gram}) is restricted to
 * S and centred at x̄_S, and λ_max comes from power iteration ({@link Spectral#topValue}) started
 * from the restriction to S of one vector drawn from (seed, {@code SMEA}, step). The first subset
 * of strictly smallest λ wins. A subset of identical rows has λ = 0 and is chosen: when the honest
 * vectors are identical the all-honest subset is found (ByzFL's power iteration divides 0 by 0 on
 * it, gets NaN and never selects it). The output is the chosen subset's mean as Σ x_i/k ({@link
 * DistanceSupport#boundedMean}: finite for finite rows).
 */
public final class Smea implements Aggregator {
  private static final long serialVersionUID = 1L;

  private final long maxSubsets;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "smea",
          "mean of the n-f inputs whose covariance has the smallest top eigenvalue (Allouah et al."
              + " 2023)",
          ParamSpec.custom(
              "max-subsets",
              "int",
              "an integer >= 1",
              "100000",
              "subsets C(n, f) the exhaustive search may visit before refusing",
              v -> {
                double x = ParamSpec.parseNumber(v);
                return x >= 1 && x <= 9e18 && x == Math.floor(x);
              }));

  public Smea(Params params) {
    this.maxSubsets = (long) Double.parseDouble(SPEC.resolve(params).getString("max-subsets", ""));
  }

  @Override
  public String name() {
    return "smea";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority("smea", n, f, d);
    double c = Mda.binomial(n, f);
    if (c > maxSubsets) {
      throw new IllegalArgumentException(
          "smea would search C(n, f) = C("
              + n
              + ", "
              + f
              + ") = "
              + String.format(java.util.Locale.ROOT, "%.0f", c)
              + " subsets, above max-subsets="
              + maxSubsets
              + "; raise max-subsets or use another rule");
    }
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    Spectral.Usable u = Spectral.usable(new Spectral.Prepared(x, x.finiteRows()), null);
    int m = u.rows().length;
    int k = n - f;
    if (m == 0) {
      return Aggregation.of(x.point(new double[d]), "selected=");
    }
    if (m < k) {
      return Aggregation.of(
          DistanceSupport.boundedMean(x, u.rows()), "selected=" + DistanceSupport.joined(u.rows()));
    }
    double[] start = Spectral.start(Seeds.rng(round.seed(), Seeds.Purpose.SMEA, round.step()), m);
    double[][] g = u.gram();
    double[] ones = new double[k];
    java.util.Arrays.fill(ones, 1.0);
    int[] s = new int[k];
    for (int i = 0; i < k; i++) {
      s[i] = i;
    }
    int[] best = null;
    double bestLambda = Double.POSITIVE_INFINITY;
    double[][] sub = new double[k][k];
    double[] u0 = new double[k];
    while (true) {
      for (int a = 0; a < k; a++) {
        u0[a] = start[s[a]];
        for (int b = 0; b < k; b++) {
          sub[a][b] = g[s[a]][s[b]];
        }
      }
      double lambda = Spectral.topValue(Spectral.centred(sub, ones), u0).value();
      if (best == null || lambda < bestLambda) {
        best = s.clone();
        bestLambda = lambda;
      }
      if (!next(s, m)) {
        break;
      }
    }
    int[] rows = new int[k];
    for (int a = 0; a < k; a++) {
      rows[a] = u.rows()[best[a]];
    }
    return Aggregation.of(
        DistanceSupport.boundedMean(x, rows), "selected=" + DistanceSupport.joined(rows));
  }

  /** The next k-subset of [0, m) in lexicographic order, in place; false after the last. */
  static boolean next(int[] s, int m) {
    int k = s.length;
    int i = k - 1;
    while (i >= 0 && s[i] == m - k + i) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    s[i]++;
    for (int j = i + 1; j < k; j++) {
      s[j] = s[j - 1] + 1;
    }
    return true;
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (f < 0 || n <= 2L * f) {
      return Theory.none("smea needs n > 2f");
    }
    return Theory.lambda(Math.sqrt((double) f / (n - 2 * f)));
  }

  @Override
  public String toString() {
    return "smea(max-subsets=" + maxSubsets + ")";
  }
}
