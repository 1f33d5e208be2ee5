package org.byzspark.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code bulyan}: Bulyan over Krum.
 *
 * <h2>Definition</h2>
 *
 * [BULYAN]:
 *
 * <ol>
 *   <li>Selection: θ = n−2f inputs are picked one by one; each time Krum is run on the rows not yet
 *       picked (R, with |R|−f−2 neighbours) and its choice is moved to the selection set.
 *   <li>Aggregation: per coordinate, the β = θ−2f selected values closest to the coordinate-wise
 *       median of the selection are averaged.
 * </ol>
 *
 * <h2>Requirement</h2>
 *
 * n ≥ 4f+3.
 *
 * <h2>Resilience</h2>
 *
 * None in [RESAM] (not analysed there): no λ; η is Krum's η(n, f) (the selection rule).
 *
 * <h2>Non-finite inputs</h2>
 *
 * A non-finite row has Krum score +Inf and is picked last; in the second phase non-finite values
 * are the farthest from the median (as in {@link MeanAroundMedian}).
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * Choices: the last picks run Krum on |R| = 2f+1 or 2f+2 rows, below Krum's own n &gt; 2f+2; the
 * neighbour count |R|−f−2 is then clamped to at least 1 (it only matters for f = 1). The median of
 * an even number of values is the midpoint of the two middle ones; at equal deviation the value of
 * the lowest worker index is taken. Distances are computed once ({@link VectorSet#distances()}, see
 * {@link PairwiseDistances}); a removed row simply leaves the active set. The second phase is a
 * coordinate-wise reduction ({@link ClosestToMedian}) over the subset of selected rows, blocked and
 * selection-based.
 */
public final class Bulyan implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "bulyan",
          "n-2f Krum selections, then the mean of the n-4f values closest to the median per coordinate (El Mhamdi et al. 2018)");

  public Bulyan(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "bulyan";
  }

  static void checkBulyan(String name, int n, int f, int d) {
    Checks.basic(name, n, f, d);
    Checks.require(name, n >= 4 * f + 3, "n >= 4f+3", n, f);
  }

  @Override
  public void check(int n, int f, int d) {
    checkBulyan("bulyan", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    Distances pd = x.distances();
    int theta = n - 2 * f;
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      active.add(i);
    }
    int[] picked = new int[theta];
    for (int it = 0; it < theta; it++) {
      int[] act = active.stream().mapToInt(Integer::intValue).toArray();
      int k = Math.max(1, act.length - f - 2);
      int[] ranked = KrumScores.rank(pd, act, k, 1, null);
      picked[it] = ranked[0];
      active.remove(Integer.valueOf(ranked[0]));
    }
    int[] sel = DistanceSupport.sortedCopy(picked, theta);
    Point out = x.subset(sel).coordinateWise(new ClosestToMedian(theta - 2 * f));
    return Aggregation.of(out, "selected=" + DistanceSupport.joined(sel));
  }

  @Override
  public Theory theory(int n, int f, int d) {
    double eta = KrumScores.eta(n, f);
    return new Theory(
        OptionalDouble.empty(),
        Double.isNaN(eta) ? OptionalDouble.empty() : OptionalDouble.of(eta),
        "strong Byzantine resilience (El Mhamdi et al. 2018); no λ in RESAM");
  }
}
