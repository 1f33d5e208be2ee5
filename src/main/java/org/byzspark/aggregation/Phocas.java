package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code phocas}: mean of the nearest neighbours of the trimmed mean.
 *
 * <h2>Definition</h2>
 *
 * [PHOCAS]: with T the coordinate-wise trimmed mean dropping the b largest and b smallest values
 * per coordinate ({@link CoordinateWiseTrimmedMean}), the mean of the n−b vectors nearest to T;
 * here b = f.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f (the trimmed mean's).
 *
 * <h2>Resilience</h2>
 *
 * λ = 2f(1 + λ_T)/(n−f) with λ_T = f/(n−f)·min{2√(n−f), √d} the trimmed mean's ([RESAM] Table 1)
 * (our derivation, checked by the Definition 2 property test): for any S of n−f inputs, the
 * selection swaps at most f members h of S for vectors j no farther from T, ‖x_j − x_h‖ ≤ 2‖x_h −
 * T‖ ≤ 2(‖x_h − x̄_S‖ + ‖x̄_S − T‖) ≤ 2(1 + λ_T)·diam(S).
 *
 * <h2>Non-finite inputs</h2>
 *
 * The trimmed mean orders NaN and ±Inf as extremes (finite when at most f values of a coordinate
 * are not); rows with NaN/±Inf are infinitely far from T and chosen last.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}). The report gives {@code selected=...}.
 *
 * <h2>Implementation</h2>
 *
 * One {@link VectorSet#coordinateWise} with the trimmed mean's reducer, {@link
 * VectorSet#distancesTo} T (computed with scaling; the same bits in memory and sharded), the n−f
 * nearest by (distance, finite rows first, lowest index), their mean as Σ x_i/k in increasing index
 * order ({@link DistanceSupport#boundedMean}: finite for finite rows).
 */
public final class Phocas implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "phocas",
          "mean of the n-f inputs nearest to the coordinate-wise trimmed mean (Xie et al. 2018)");

  public Phocas(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "phocas";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority("phocas", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    Point t = x.coordinateWise(new CoordinateWiseTrimmedMean.Reducer(f));
    int[] ranked = DistanceSupport.rank(x.distancesTo(t), x.finiteRows(), DistanceSupport.range(n));
    int[] chosen = DistanceSupport.sortedCopy(ranked, n - f);
    return Aggregation.of(
        DistanceSupport.boundedMean(x, chosen), "selected=" + DistanceSupport.joined(chosen));
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (f < 0 || n <= 2L * f) {
      return Theory.none("phocas needs n > 2f");
    }
    double trimmed =
        new CoordinateWiseTrimmedMean(Params.empty()).theory(n, f, d).lambda().getAsDouble();
    return Theory.lambda(2.0 * f * (1 + trimmed) / (n - f));
  }
}
