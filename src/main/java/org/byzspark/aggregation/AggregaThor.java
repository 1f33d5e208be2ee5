package org.byzspark.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code aggregathor}: AggregaThor's rule, Bulyan over Multi-Krum.
 *
 * <h2>Definition</h2>
 *
 * [AGGREGATHOR]; proofs in [AGGREGATHOR-PROOFS], section 3:
 *
 * <ol>
 *   <li>θ = n−2f iterations over Multi-Krum: at iteration i, on the rows R not yet removed, Krum
 *       scores use |R|−f−2 neighbours (clamped to ≥ 1); the i-th selected vector is the mean of the
 *       m_i = min(m, |R|−f−2) (≥ 1) rows of smallest score, and the row of smallest score is then
 *       removed from R.
 *   <li>Per coordinate, the β = θ−2f of these θ vectors closest to their coordinate-wise median are
 *       averaged (as in {@link Bulyan}).
 * </ol>
 *
 * <h2>Requirement</h2>
 *
 * n ≥ 4f+3, and 1 ≤ m ≤ n−2f−2.
 *
 * <h2>Resilience</h2>
 *
 * None: no λ; η is the report's Lemma 1 value η = √(2(n−f + (f·m + f²·(m+1))/m)). Note: the last
 * line of the report's proof of Lemma 1 has the denominator n−2f−2 instead of m; the two agree at
 * the default m̃ = n−2f−2.
 *
 * <h2>Non-finite inputs</h2>
 *
 * As in {@link Bulyan}: non-finite rows have Krum score +Inf and are selected last.
 *
 * <h2>Parameters</h2>
 *
 * {@code m}: "the m of the proofs" (see {@link #SPEC}). Its default m̃ = n−2f−2 is the largest
 * value for which the report proves strong resilience (and the one with the smallest slowdown
 * √(m̃/n)).
 *
 * <h2>Implementation</h2>
 *
 * Distances are computed once; ties go to the lowest worker index; the second phase is the
 * coordinate-wise reduction of {@link Bulyan}.
 */
public final class AggregaThor implements Aggregator {
  private static final long serialVersionUID = 1L;
  private final int m; // 0 = default n-2f-2

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "aggregathor",
          "Bulyan over Multi-Krum selections (Damaskinos et al. 2019, AggregaThor)",
          ParamSpec.integer("m", 1, Integer.MAX_VALUE, null, "Multi-Krum selection size")
              .defaultDescribed("n-2f-2"));

  public AggregaThor(Params params) {
    Params p = SPEC.resolve(params);
    this.m = p.has("m") ? Integer.parseInt(p.getString("m", "")) : 0;
  }

  @Override
  public String name() {
    return "aggregathor";
  }

  int m(int n, int f) {
    return m == 0 ? Math.max(1, n - 2 * f - 2) : m;
  }

  @Override
  public void check(int n, int f, int d) {
    Bulyan.checkBulyan("aggregathor", n, f, d);
    int max = Math.max(1, n - 2 * f - 2);
    if (m > max) {
      throw new IllegalArgumentException(
          "aggregathor parameter m=" + m + " must be in [1, n-2f-2] = [1, " + max + "]");
    }
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    Distances pd = x.distances();
    int theta = n - 2 * f;
    int mm = m(n, f);
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      active.add(i);
    }
    // row it of the mixing matrix: the mean of the Multi-Krum selection of round it
    double[][] weights = new double[theta][n];
    double[] sizes = new double[theta];
    StringBuilder sb = new StringBuilder("removed=");
    for (int it = 0; it < theta; it++) {
      int[] act = active.stream().mapToInt(Integer::intValue).toArray();
      int k = Math.max(1, act.length - f - 2);
      int mi = Math.max(1, Math.min(mm, act.length - f - 2));
      mi = Math.min(mi, act.length);
      final int kk = k;
      int[] ranked =
          KrumScores.rankRefined(pd, act, (p, a) -> KrumScores.scores(p, a, kk), null, 1, mi);
      for (int r : DistanceSupport.sortedCopy(ranked, mi)) {
        weights[it][r] = 1.0;
      }
      sizes[it] = mi;
      active.remove(Integer.valueOf(ranked[0]));
      sb.append(it == 0 ? "" : ",").append(ranked[0]);
    }
    Point out = x.mix(weights, sizes).coordinateWise(new ClosestToMedian(theta - 2 * f));
    return Aggregation.of(out, sb.toString());
  }

  @Override
  public Theory theory(int n, int f, int d) {
    double mm = m(n, f);
    double eta = Math.sqrt(2 * (n - f + (f * mm + (double) f * f * (mm + 1)) / mm));
    return new Theory(
        OptionalDouble.empty(),
        OptionalDouble.of(eta),
        "Bulyan over Multi-Krum, strong Byzantine resilience for m <= n-2f-2; no λ in RESAM");
  }
}
