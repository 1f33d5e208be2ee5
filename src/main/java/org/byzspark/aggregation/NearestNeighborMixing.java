package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code nnm}: nearest-neighbour mixing, a pre-aggregator.
 *
 * <h2>Definition</h2>
 *
 * [NNM]: {@code NNM(x_1, ..., x_n) = (y_1, ..., y_n)} with {@code y_i = 1/(n−f) Σ_{j∈N_i} x_j},
 * where N_i is the set of the n−f nearest neighbours of x_i among x_1, ..., x_n in Euclidean
 * distance, x_i itself included. Output shape (n, f) unchanged.
 *
 * <h2>Requirement</h2>
 *
 * n ≥ 1, 0 ≤ f &lt; n.
 *
 * <h2>Resilience</h2>
 *
 * Not a rule: no λ of its own; it is applied before a rule (see [NNM] for its effect on the rule's
 * guarantee).
 *
 * <h2>Non-finite inputs</h2>
 *
 * A vector holding NaN or ±Inf is infinitely far from every other vector; hence a finite row mixes
 * only finite rows as long as n−f rows are finite, and a non-finite row stays non-finite (the
 * following rule treats it as extreme).
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * A mixing matrix over the set, built from its pairwise distances. Choices: x_i is always in N_i
 * (its distance to itself is 0, even when it is non-finite); the other n−f−1 members are the
 * closest by (‖x_i − x_j‖, j), so ties go to the lowest index. Distances are exact (no overflow of
 * finite inputs). Sums run over N_i in increasing index order.
 */
public final class NearestNeighborMixing implements PreAggregator {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "nnm";

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "nearest-neighbour mixing: each input replaced by the mean of its n-f nearest (Allouah et al. 2023)");

  public NearestNeighborMixing(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic(NAME, n, f, d);
  }

  @Override
  public VectorSet apply(VectorSet x, int f, Round round) {
    int n = x.size();
    check(n, f, x.dimension());
    Distances pd = x.distances();
    double[][] dist = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        // plain distances order the neighbours as squared ones do; +Inf for non-finite rows
        dist[i][j] = i == j ? 0.0 : pd.get(i, j);
      }
    }
    int keep = n - f;
    double[][] weights = new double[n][n];
    double[] sizes = new double[n];
    for (int i = 0; i < n; i++) {
      int[] others = new int[n - 1];
      for (int j = 0, p = 0; j < n; j++) {
        if (j != i) {
          others[p++] = j;
        }
      }
      weights[i][i] = 1.0;
      if (keep > 1) {
        refineBoundary(pd, dist, i, others, keep - 1);
        CoordinateSelect.selectByDistance(others, dist[i], 0, n - 2, keep - 2);
        for (int q = 0; q < keep - 1; q++) {
          weights[i][others[q]] = 1.0;
        }
      }
      sizes[i] = keep;
    }
    return x.mix(weights, sizes);
  }

  /**
   * When the (keep)-th and (keep+1)-th nearest neighbours of row i are a near tie in the Gram-based
   * distances, recomputes row i exactly, so that the choice (ties to the lowest index) is made on
   * exact distances.
   */
  private static void refineBoundary(Distances pd, double[][] dist, int i, int[] others, int keep) {
    if (keep >= others.length) {
      return;
    }
    double[] sorted = new double[others.length];
    for (int q = 0; q < others.length; q++) {
      sorted[q] = dist[i][others[q]];
    }
    java.util.Arrays.sort(sorted);
    if (pd.nearTie(sorted[keep - 1], sorted[keep]) && pd.refineRows(i)) {
      for (int j = 0; j < dist.length; j++) {
        dist[i][j] = i == j ? 0.0 : pd.get(i, j);
        dist[j][i] = dist[i][j];
      }
    }
  }
}
