package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code cge}: comparative gradient elimination.
 *
 * <h2>Definition</h2>
 *
 * [CGE]; [RESAM] appendix C.9: the mean of the n−f inputs of smallest Euclidean norm.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; f.
 *
 * <h2>Resilience</h2>
 *
 * None: not resilient averaging ([RESAM]'s counter-example), no λ.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Rows with NaN/±Inf have norm +Inf (and come after finite rows of overflowing norm).
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * Norms from the set ({@link VectorSet#norms()}), computed with scaling; ties: lowest worker index;
 * the mean of the selected rows in increasing index order.
 */
public final class Cge implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "cge",
          "comparative gradient elimination: mean of the n-f smallest-norm inputs (Gupta et al. 2021)");

  public Cge(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "cge";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("cge", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    boolean[] fin = x.finiteRows();
    double[] norms = x.norms();
    for (int i = 0; i < n; i++) {
      if (!fin[i]) {
        norms[i] = Double.POSITIVE_INFINITY;
      }
    }
    int[] ranked = DistanceSupport.rank(norms, fin, DistanceSupport.range(n));
    int[] chosen = DistanceSupport.sortedCopy(ranked, n - f);
    return Aggregation.of(x.mean(chosen), "dropped=" + (f > 0 ? ranked[n - 1] : -1));
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("not resilient averaging");
  }
}
