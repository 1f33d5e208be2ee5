package org.byzspark.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * Bulyan over Krum (El Mhamdi, Guerraoui, Rouault 2018). Needs n ≥ 4f+3.
 *
 * <ol>
 *   <li>Selection: θ = n−2f inputs are picked one by one; each time Krum is run on the rows not yet
 *       picked (R, with |R|−f−2 neighbours) and its choice is moved to the selection set.
 *   <li>Aggregation: per coordinate, the β = θ−2f selected values closest to the coordinate-wise
 *       median of the selection are averaged (blocked, selection-based, see {@link
 *       DistanceSupport#meanAroundMedian}).
 * </ol>
 *
 * <p>Choices: the last picks run Krum on |R| = 2f+1 or 2f+2 rows, below Krum's own n > 2f+2; the
 * neighbour count |R|−f−2 is then clamped to at least 1 (it only matters for f = 1). The median of
 * an even number of values is the midpoint of the two middle ones; at equal deviation the value of
 * the lowest worker index is taken. Distances are computed once ({@link PairwiseDistances}); a
 * removed row simply leaves the active set.
 *
 * <p>Theory: no λ in RESAM (not analysed there); η is Krum's η(n, f) (the selection rule).
 */
public final class Bulyan implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of("bulyan", "n-2f Krum selections, then the mean of the n-4f values closest to the median per coordinate (El Mhamdi et al. 2018)");

  public Bulyan(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "bulyan";
  }

  static void checkBulyan(String name, int n, int f, int d) {
    DistanceSupport.checkBasic(name, n, f, d);
    if (n < 4 * f + 3) {
      throw new IllegalArgumentException(name + " needs n >= 4f+3, got n=" + n + " f=" + f);
    }
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
