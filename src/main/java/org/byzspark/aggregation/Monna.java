package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code monna}: mean of the nearest neighbours of a trusted vector.
 *
 * <h2>Definition</h2>
 *
 * [MONNA]: with x_a the vector of a trusted worker (a server computing its own gradient, in the
 * paper), the mean of the n−f vectors nearest to x_a, x_a itself included.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; f, and the trusted index in [0, n−1].
 *
 * <h2>Resilience</h2>
 *
 * Not resilient averaging in the sense of [RESAM] Definition 2, which must hold for every set S of
 * n−f inputs, also those without x_a (then x_a may be anywhere). For the sets S that contain x_a —
 * MoNNA's assumption that the trusted vector is honest — ‖F − x̄_S‖ ≤ 2f/(n−f)·diam(S) (our
 * derivation, checked by a property test): the selection replaces at most f members h of S by
 * vectors j no farther from x_a, and ‖x_j − x_h‖ ≤ 2‖x_h − x_a‖ ≤ 2·diam(S).
 *
 * <h2>Non-finite inputs</h2>
 *
 * Rows with NaN/±Inf are infinitely far (chosen last). If the trusted vector itself is not finite,
 * its neighbours are undefined: the reference is then the coordinate-wise median of the finite rows
 * and the n−f nearest rows to it are averaged (the zero vector when no row is finite).
 *
 * <h2>Parameters</h2>
 *
 * {@code trusted}: the index of the trusted worker (see {@link #SPEC}). The report gives {@code
 * selected=...}.
 *
 * <h2>Implementation</h2>
 *
 * Distances to the reference by {@link VectorSet#distancesTo} (computed with scaling, the same bits
 * in memory and sharded); x_a first, then the n−f−1 nearest others by (distance, finite rows first,
 * lowest index); their mean as Σ x_i/k in increasing index order ({@link
 * DistanceSupport#boundedMean}: finite for finite rows, even near the largest double).
 */
public final class Monna implements Aggregator {
  private static final long serialVersionUID = 1L;

  private final int trusted;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "monna",
          "mean of the n-f inputs nearest to a trusted input, itself included (Farhadkhani et al."
              + " 2023)",
          ParamSpec.integer("trusted", 0, Integer.MAX_VALUE, 0, "index of the trusted worker"));

  public Monna(Params params) {
    this.trusted = Integer.parseInt(SPEC.resolve(params).getString("trusted", ""));
  }

  @Override
  public String name() {
    return "monna";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("monna", n, f, d);
    if (trusted >= n) {
      throw new IllegalArgumentException(
          "monna parameter trusted=" + trusted + " must be in [0, n-1] = [0, " + (n - 1) + "]");
    }
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    boolean[] fin = x.finiteRows();
    int k = n - f;
    int[] chosen;
    if (fin[trusted]) {
      double[] dist = x.distancesTo(x.row(trusted));
      int[] others = new int[n - 1];
      for (int i = 0, q = 0; i < n; i++) {
        if (i != trusted) {
          others[q++] = i;
        }
      }
      int[] ranked = DistanceSupport.rank(dist, fin, others);
      chosen = new int[k];
      chosen[0] = trusted;
      System.arraycopy(ranked, 0, chosen, 1, k - 1);
    } else {
      Spectral.Prepared p = new Spectral.Prepared(x, fin);
      if (p.rows.length == 0) {
        return Aggregation.of(x.point(new double[d]), "selected=");
      }
      double[] dist = x.distancesTo(p.median);
      chosen =
          java.util.Arrays.copyOf(DistanceSupport.rank(dist, fin, DistanceSupport.range(n)), k);
    }
    chosen = DistanceSupport.sortedCopy(chosen, k);
    return Aggregation.of(
        DistanceSupport.boundedMean(x, chosen), "selected=" + DistanceSupport.joined(chosen));
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("not Definition 2; 2f/(n-f) when the trusted input is honest");
  }

  @Override
  public String toString() {
    return "monna(trusted=" + trusted + ")";
  }
}
