package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * Comparative gradient elimination (Gupta et al. 2021; RESAM appendix C.9): the mean of the n−f
 * inputs of smallest Euclidean norm. Ties: lowest worker index; rows with NaN/±Inf have norm +Inf
 * (and come after finite rows of overflowing norm). Norms are computed with scaling. Needs n > f.
 * Not resilient averaging (RESAM's counter-example): no λ.
 */
public final class Cge implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of("cge", "comparative gradient elimination: mean of the n-f smallest-norm inputs (Gupta et al. 2021)");

  public Cge(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "cge";
  }

  @Override
  public void check(int n, int f, int d) {
    DistanceSupport.checkBasic("cge", n, f, d);
    if (f >= n) {
      throw new IllegalArgumentException("cge needs n > f, got n=" + n + " f=" + f);
    }
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
