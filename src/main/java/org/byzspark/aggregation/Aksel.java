package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code aksel}: Aksel.
 *
 * <h2>Definition</h2>
 *
 * [AKSEL]; used in [HGO], section 2.3: the mean of the c inputs closest in ℓ2 to the
 * coordinate-wise median of all inputs, with c = ⌈n/2⌉ ({@code mode=mid}) or c = n−f ({@code
 * mode=n-f}).
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f.
 *
 * <h2>Resilience</h2>
 *
 * Our derivation, in the style of [RESAM] C.2/C.4, not in the papers: for |S| = n−f &gt; n/2 every
 * coordinate of the median lies in the range of S, so by [RESAM] Lemma 5 every x_j, j ∈ S, is
 * within Δ·diam(S) of the median (Δ = min{2√(n−f), √d}); as c ≤ n−f, so is every selected input.
 * Hence λ = 2Δ for {@code mid} (means of two sets whose points are pairwise within 2Δ·diam(S)) and
 * λ = 2fΔ/(n−f) for {@code n-f} (the two means share all but at most f of their n−f points).
 *
 * <h2>Non-finite inputs</h2>
 *
 * NaN sorts above +Inf, so non-finite coordinates act as extreme values in the median; rows with
 * NaN/±Inf are at distance +Inf and are chosen last.
 *
 * <h2>Parameters</h2>
 *
 * {@code mode} (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * The coordinate-wise median ({@link CoordinateWiseMedian}'s reducer: midpoint of the two middle
 * values for even n), the squared distances of the inputs to it, then the mean of the c nearest.
 * Ties: lowest worker index.
 */
public final class Aksel implements Aggregator {
  private static final long serialVersionUID = 1L;
  private final boolean mid;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "aksel",
          "mean of the inputs closest to the coordinate-wise median (Boussetta et al. 2020; HGO)",
          ParamSpec.choice(
              "mode",
              java.util.List.of("mid", "n-f"),
              "mid",
              "how many inputs are kept: ceil(n/2) (mid) or n-f"));

  public Aksel(Params params) {
    this.mid = SPEC.resolve(params).getString("mode", "mid").equals("mid");
  }

  @Override
  public String name() {
    return "aksel";
  }

  int count(int n, int f) {
    return mid ? (n + 1) / 2 : n - f;
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority("aksel", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    boolean[] fin = x.finiteRows();
    Point median = x.coordinateWise(new CoordinateWiseMedian.Reducer(0));
    double[] dist = x.squaredDistancesTo(median);
    for (int i = 0; i < n; i++) {
      if (!fin[i] || Double.isNaN(dist[i])) {
        dist[i] = Double.POSITIVE_INFINITY;
      }
    }
    int[] ranked = DistanceSupport.rank(dist, fin, DistanceSupport.range(n));
    int[] chosen = DistanceSupport.sortedCopy(ranked, count(n, f));
    return Aggregation.of(x.mean(chosen), "selected=" + DistanceSupport.joined(chosen));
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (n <= 2 * f) {
      return Theory.none("aksel needs n > 2f");
    }
    double delta = Math.min(2 * Math.sqrt(n - f), Math.sqrt(d));
    return Theory.lambda(mid ? 2 * delta : 2.0 * f * delta / (n - f));
  }
}
