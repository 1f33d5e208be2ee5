package org.byzspark.aggregation;

import java.util.Arrays;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code clippedclustering}: clipping to the median of past norms, then agglomerative clustering.
 *
 * <h2>Definition</h2>
 *
 * [CLIPPEDCLUSTERING]: τ = min(median of all the norms received so far, this step's included;
 * max-tau); every x_i is clipped to norm τ; the clipped vectors are split into two clusters by
 * average-linkage agglomerative clustering on the cosine distance 1 − cos(x_i, x_j); the output is
 * the mean of the clipped vectors of the larger cluster.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; f (the rule does not use f).
 *
 * <h2>Resilience</h2>
 *
 * Unknown: the paper is an experimental study and gives no bound; no λ ({@link #theory} says so).
 *
 * <h2>Non-finite inputs</h2>
 *
 * A NaN norm enters the history as +Inf (the median is robust to it while fewer than half the
 * recorded norms are infinite; max-tau bounds τ in any case). Clipping ({@link VectorSet#clip})
 * turns a row with ±Inf entries into its limit direction scaled to τ and a row with a NaN into the
 * zero vector, so every clipped vector is finite; a zero vector has cosine 0 with every other one
 * (distance 1).
 *
 * <h2>Parameters</h2>
 *
 * {@code max-tau} (see {@link #SPEC}; 1e5 as in the authors' implementation). The report gives
 * {@code tau=... selected=...}.
 *
 * <h2>State</h2>
 *
 * The rule's {@link RuleState} holds every norm received so far (key {@code norms}), n numbers more
 * per step: a run of T steps keeps T·n numbers. The history follows the steps, not the workers, so
 * per-step Byzantine placement changes nothing.
 *
 * <h2>Implementation</h2>
 *
 * Norms by {@link VectorSet#norms}; the cosines from the Gram matrix ({@link VectorSet#gram}, the
 * same bits in memory and sharded) of the clipped rows scaled to unit norm by a diagonal {@link
 * VectorSet#mix} (so that huge τ cannot overflow the products), clamped to [−1, 1]. The clustering
 * is n×n arithmetic: start from singletons, merge the two clusters of smallest average distance
 * (ties: the pair of lowest representatives, a cluster's representative being its lowest index),
 * distances of a merged cluster by the Lance-Williams update d(A ∪ B, C) = (|A|·d(A, C) + |B|·d(B,
 * C))/(|A| + |B|), until two clusters are left. Of two clusters of equal size the one holding the
 * lowest index is taken (the authors' code takes one of the two labels).
 */
public final class ClippedClustering implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The state key of the norms received so far. */
  static final String NORMS = "norms";

  private final double maxTau;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "clippedclustering",
          "clip to the median of the norms seen so far, average-linkage clustering on cosine"
              + " distance, mean of the larger cluster (Li et al. 2023)",
          ParamSpec.number("max-tau", true, 1e5, "largest clipping threshold"));

  public ClippedClustering(Params params) {
    this.maxTau = Double.parseDouble(SPEC.resolve(params).getString("max-tau", ""));
  }

  @Override
  public String name() {
    return "clippedclustering";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("clippedclustering", n, f, d);
  }

  @Override
  public boolean stateful() {
    return true;
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    double[] norms = x.norms();
    double[] previous = state.get(NORMS);
    double[] history =
        previous == null ? new double[n] : Arrays.copyOf(previous, previous.length + n);
    int off = history.length - n;
    for (int i = 0; i < n; i++) {
      history[off + i] = Double.isNaN(norms[i]) ? Double.POSITIVE_INFINITY : norms[i];
    }
    double tau = Math.min(SignGuard.median(history), maxTau);
    double[] thresholds = new double[n];
    Arrays.fill(thresholds, tau);
    VectorSet clipped = x.clip(thresholds);
    double[][] cos = cosines(clipped);
    double[][] dist = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        dist[i][j] = i == j ? 0 : 1 - cos[i][j];
      }
    }
    int[] rows = larger(averageLinkage(dist));
    return new Aggregation(
        DistanceSupport.boundedMean(clipped, rows),
        "tau=" + tau + " selected=" + DistanceSupport.joined(rows),
        state.with(NORMS, history));
  }

  /**
   * cos(x_i, x_j) from the Gram matrix of the rows scaled to unit norm; 0 for a row of norm 0 or
   * not finite.
   */
  static double[][] cosines(VectorSet x) {
    int n = x.size();
    double[] norms = x.norms();
    double[][] w = new double[n][n];
    double[] ones = new double[n];
    Arrays.fill(ones, 1.0);
    for (int i = 0; i < n; i++) {
      if (norms[i] > 0 && Double.isFinite(norms[i])) {
        w[i][i] = 1 / norms[i];
      }
    }
    double[][] g = x.mix(w, ones).gram(null, null);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        g[i][j] = Math.max(-1, Math.min(1, g[i][j]));
      }
    }
    return g;
  }

  /**
   * Average-linkage agglomerative clustering of n points with distances {@code dist} down to two
   * clusters (one when n = 1): the cluster of each point, clusters numbered by representative.
   */
  static int[] averageLinkage(double[][] dist) {
    int n = dist.length;
    double[][] d = new double[n][];
    for (int i = 0; i < n; i++) {
      d[i] = dist[i].clone();
    }
    int[] size = new int[n];
    int[] cluster = new int[n];
    boolean[] active = new boolean[n];
    for (int i = 0; i < n; i++) {
      size[i] = 1;
      cluster[i] = i;
      active[i] = true;
    }
    for (int left = n; left > 2; left--) {
      int a = -1;
      int b = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (!active[i]) {
          continue;
        }
        for (int j = i + 1; j < n; j++) {
          if (active[j] && (a < 0 || d[i][j] < best)) {
            best = d[i][j];
            a = i;
            b = j;
          }
        }
      }
      for (int c = 0; c < n; c++) {
        if (active[c] && c != a && c != b) {
          double v = (size[a] * d[a][c] + size[b] * d[b][c]) / (size[a] + size[b]);
          d[a][c] = v;
          d[c][a] = v;
        }
      }
      size[a] += size[b];
      active[b] = false;
      for (int i = 0; i < n; i++) {
        if (cluster[i] == b) {
          cluster[i] = a;
        }
      }
    }
    return cluster;
  }

  /** The indices of the larger cluster; of two equal ones, the one holding index 0. */
  static int[] larger(int[] cluster) {
    int n = cluster.length;
    int first = cluster[0];
    int inFirst = 0;
    for (int c : cluster) {
      if (c == first) {
        inFirst++;
      }
    }
    boolean takeFirst = inFirst * 2 >= n;
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if ((cluster[i] == first) == takeFirst) {
        out[k++] = i;
      }
    }
    return Arrays.copyOf(out, k);
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("unknown: no resilience bound");
  }

  @Override
  public String toString() {
    return "clippedclustering(max-tau=" + maxTau + ")";
  }
}
