package org.byzspark.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code mda}: minimum-diameter averaging.
 *
 * <h2>Definition</h2>
 *
 * [ROUSSEEUW85]; [MDA18]; [RESAM] appendix C.2: the mean of a subset S* of n−f inputs of minimum
 * diameter max_{i,j∈S} ‖x_i − x_j‖.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f, and C(n, n−f) at most {@code max-subsets}.
 *
 * <h2>Resilience</h2>
 *
 * [RESAM] Proposition 3, Table 1: λ = 2f/(n−f), for f &lt; n/2.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Subsets containing a non-finite row have diameter +Inf.
 *
 * <h2>Parameters</h2>
 *
 * {@code max-subsets} (see {@link #SPEC}): if C(n, n−f) exceeds it, {@link #check} and {@link
 * #aggregate} refuse with a message instead of risking an exponential search.
 *
 * <h2>Implementation</h2>
 *
 * Exact search: depth-first over subsets in lexicographic order on the precomputed distance matrix,
 * with branch-and-bound (a partial subset whose diameter already exceeds the best found is cut; the
 * initial bound is the best "row i plus its n−f−1 nearest" subset). Among subsets of equal diameter
 * the lexicographically smallest index set is taken (lowest worker indices). Near ties of diameters
 * (within {@link Distances#nearTie}) are resolved by recomputing the involved rows exactly and
 * searching again.
 */
public final class Mda implements Aggregator {
  private static final long serialVersionUID = 1L;
  private static final int MAX_CANDIDATES = 64;

  private final long maxSubsets;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "mda",
          "mean of the n-f inputs of minimum diameter (El Mhamdi et al. 2021; RESAM C.2)",
          ParamSpec.custom(
              "max-subsets",
              "int",
              "an integer >= 1",
              "1000000",
              "subsets the exact search may visit before refusing",
              v -> {
                double x = ParamSpec.parseNumber(v);
                return x >= 1 && x <= 9e18 && x == Math.floor(x);
              }));

  public Mda(Params params) {
    this.maxSubsets = (long) Double.parseDouble(SPEC.resolve(params).getString("max-subsets", ""));
  }

  @Override
  public String name() {
    return "mda";
  }

  /** C(n, k) as a double (exact for the sizes that matter, +Inf on overflow). */
  static double binomial(int n, int k) {
    k = Math.min(k, n - k);
    double r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return Math.rint(r);
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.majority("mda", n, f, d);
    double c = binomial(n, n - f);
    if (c > maxSubsets) {
      throw new IllegalArgumentException(
          "mda would search C(n, n-f) = C("
              + n
              + ", "
              + (n - f)
              + ") = "
              + String.format("%.0f", c)
              + " subsets, above max-subsets="
              + maxSubsets
              + "; raise max-subsets or use another rule");
    }
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    check(n, f, x.dimension());
    Distances pd = x.distances();
    int k = n - f;
    Search s = new Search(pd, k, true);
    s.run();
    if (s.overflow || s.candidates.size() > 1) {
      boolean refined;
      if (s.overflow) {
        refined = pd.refineRows(DistanceSupport.range(n));
      } else {
        boolean[] rows = new boolean[n];
        for (int[] c : s.candidates) {
          for (int i : c) {
            rows[i] = true;
          }
        }
        int[] list = new int[n];
        int len = 0;
        for (int i = 0; i < n; i++) {
          if (rows[i]) {
            list[len++] = i;
          }
        }
        refined = pd.refineRows(Arrays.copyOf(list, len));
      }
      if (refined || s.overflow) {
        s = new Search(pd, k, false);
        s.run();
      }
    }
    int[] best = s.best();
    return Aggregation.of(x.mean(best), "selected=" + DistanceSupport.joined(best));
  }

  /** Branch-and-bound search of the minimum-diameter subset of size k. */
  private static final class Search {
    final Distances pd;
    final int n;
    final int k;
    final boolean collect;
    double best = Double.POSITIVE_INFINITY;
    int[] bestSet;
    final List<int[]> candidates = new ArrayList<>();
    final List<Double> candDiam = new ArrayList<>();
    boolean overflow;
    final int[] cur;
    final double tol;

    Search(Distances pd, int k, boolean collect) {
      this.pd = pd;
      this.n = pd.size();
      this.k = k;
      this.collect = collect;
      this.cur = new int[k];
      this.tol = pd.tieTolerance();
    }

    int[] best() {
      return bestSet;
    }

    void run() {
      // initial bound: row i with its k-1 nearest rows (an achievable subset)
      double bound = Double.POSITIVE_INFINITY;
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          order[j] = j;
        }
        final int ii = i;
        Arrays.sort(order, (a, b) -> Double.compare(pd.get(ii, a), pd.get(ii, b)));
        double diam = 0;
        for (int a = 0; a < k; a++) {
          for (int b = a + 1; b < k; b++) {
            diam = Math.max(diam, pd.get(order[a], order[b]));
          }
        }
        bound = Math.min(bound, diam);
      }
      best = bound;
      dfs(0, 0, 0.0);
      bestSetFinal();
    }

    private double limit() {
      if (!collect) {
        return best;
      }
      return Double.isInfinite(best) ? best : best * (1 + tol);
    }

    private boolean cut(double diam) {
      // exact mode: cut when the partial diameter can no longer beat the best strictly, except that
      // the first subset of the bound's diameter must still be found
      return collect ? diam > limit() : (bestSet == null ? diam > best : diam >= best);
    }

    private void dfs(int depth, int start, double diam) {
      if (overflow) {
        return;
      }
      if (depth == k) {
        record(diam);
        return;
      }
      for (int i = start; i <= n - (k - depth); i++) {
        double nd = diam;
        for (int q = 0; q < depth; q++) {
          nd = Math.max(nd, pd.get(cur[q], i));
        }
        if (cut(nd)) {
          continue;
        }
        cur[depth] = i;
        dfs(depth + 1, i + 1, nd);
      }
    }

    private void record(double diam) {
      if (!collect) {
        if (bestSet == null || diam < best) {
          best = diam;
          bestSet = cur.clone();
        }
        return;
      }
      if (bestSet == null || diam < best) {
        best = Math.min(best, diam);
        bestSet = cur.clone();
        // drop candidates no longer within tolerance of the new best
        double lim = limit();
        for (int q = candidates.size() - 1; q >= 0; q--) {
          if (candDiam.get(q) > lim) {
            candidates.remove(q);
            candDiam.remove(q);
          }
        }
      } else if (diam < best) {
        best = diam;
        bestSet = cur.clone();
      }
      candidates.add(cur.clone());
      candDiam.add(diam);
      if (candidates.size() > MAX_CANDIDATES) {
        overflow = true;
      }
    }

    private void bestSetFinal() {
      if (bestSet == null) {
        // every subset has diameter +Inf beyond the bound: take the first subset
        bestSet = new int[k];
        for (int i = 0; i < k; i++) {
          bestSet[i] = i;
        }
      }
    }
  }

  @Override
  public Theory theory(int n, int f, int d) {
    if (n <= 2 * f) {
      return Theory.none("mda needs n > 2f");
    }
    return Theory.lambda(2.0 * f / (n - f));
  }
}
