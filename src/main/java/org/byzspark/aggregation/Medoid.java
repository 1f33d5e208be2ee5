package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code medoid}: the Medoid.
 *
 * <h2>Definition</h2>
 *
 * [KRUM-SUPP] section 4: the input x_i minimising Σ_j ‖x_i − x_j‖ (plain, not squared, distances).
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f (f itself is not used by the rule).
 *
 * <h2>Resilience</h2>
 *
 * None: not resilient averaging in [RESAM]'s table (no λ derived there).
 *
 * <h2>Non-finite inputs</h2>
 *
 * A row with NaN/±Inf is never a medoid (score +Inf), and its +Inf distance, which would be added
 * equally to the score of every finite candidate, is left out of their sums (the limit of a far
 * point that is equally far from all candidates). Distances that overflow in squared form (e.g.
 * entries 1e300) are recomputed with scaling, so they stay finite.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * Scores from the set's pairwise distances ({@link VectorSet#distances()}); among several medoids
 * the one with the smallest index.
 */
public final class Medoid implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "medoid",
          "the input minimising the sum of distances to the others (Krum supplement, section 4)");

  public Medoid(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "medoid";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority("medoid", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    Distances pd = x.distances();
    int[] ranked = KrumScores.rankRefined(pd, DistanceSupport.range(n), Medoid::scores, null, 1);
    return Aggregation.of(x.row(ranked[0]), "selected=" + ranked[0]);
  }

  static double[] scores(Distances pd, int[] active) {
    int n = pd.size();
    double[] s = new double[n];
    for (int i : active) {
      if (!pd.isFinite(i)) {
        s[i] = Double.POSITIVE_INFINITY;
        continue;
      }
      double sum = 0;
      for (int j : active) {
        if (j == i || !pd.isFinite(j)) {
          continue;
        }
        double sq = pd.get(i, j);
        sum += sq == Double.POSITIVE_INFINITY ? pd.exactDistance(i, j) : Math.sqrt(sq);
      }
      s[i] = sum;
    }
    return s;
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("no λ derived for the medoid");
  }
}
