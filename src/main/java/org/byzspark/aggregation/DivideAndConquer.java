package org.byzspark.aggregation;

import java.util.SplittableRandom;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * {@code dnc}: divide and conquer.
 *
 * <h2>Definition</h2>
 *
 * [SHEJWALKAR21] Algorithm 2: {@code iters} times, draw b coordinates r, centre the sub-vectors
 * x_i[r] at their mean μ, take the top right singular vector v of the centred n×b matrix, score s_i
 * = ((x_i[r] − μ)·v)², and keep the n − ⌈c·f⌉ rows of lowest score; the output is the mean of the
 * rows kept in every iteration.
 *
 * <h2>Requirement</h2>
 *
 * n − ⌈c·f⌉ ≥ 1 (each iteration keeps at least one row).
 *
 * <h2>Resilience</h2>
 *
 * Unknown: the paper gives no bound; no λ ({@link #theory} says so).
 *
 * <h2>Non-finite inputs</h2>
 *
 * A row with NaN/±Inf, or whose squared distance to the coordinate-wise median over the sampled
 * coordinates exceeds 1e300, has score +Inf; a row of score +Inf in some iteration is never
 * averaged, even when the quota would keep it (c &lt; 1). Huge values at coordinates that no
 * iteration samples go unseen (as in the paper's algorithm), but the mean is taken as Σ x_i/k,
 * whose partial sums never exceed the largest value, so it stays finite. With no row left the
 * output is the zero vector.
 *
 * <h2>Parameters</h2>
 *
 * {@code iters}, {@code b}, {@code c}: see {@link #SPEC}. Algorithm 2 takes them as inputs; the
 * defaults are 5 iterations, b = 10,000 coordinates and c = 1 (f rows removed per iteration), the
 * values public reimplementations use (some take a single iteration). The report gives {@code
 * kept=...} and, when no row was kept in every iteration, {@code in=K/T}.
 *
 * <h2>Implementation</h2>
 *
 * Written over the algebra with {@link VectorSet#gram} restricted to the sampled coordinates (a
 * sharded set computes it block by block, nothing but n×n numbers reaching the driver): the Gram
 * matrix of the usable rows over r, centred at their coordinate-wise median, is centred again at
 * their mean; its top eigenpair (λ, u) gives v = Σ_i u_i (x_i[r] − μ)/√λ and the scores s_j = ((K
 * u)_j)²/λ ({@link Spectral}). Choices where the paper leaves room:
 *
 * <ul>
 *   <li>The b coordinates of iteration t are drawn without replacement by selection sampling
 *       (Knuth's algorithm S) from (seed, {@code DNC}, step, t, 0); when b ≥ d every iteration uses
 *       all coordinates (the iterations then differ only by the start of the power iteration).
 *   <li>The singular vector by power iteration ({@link Spectral#top}), started from a vector drawn
 *       from (seed, {@code DNC}, step, t, 1).
 *   <li>n − ⌈c·f⌉ rows are kept (c·f rounded up, so at least c·f are removed); ties of scores go to
 *       the lowest index.
 *   <li>When no row is kept in every iteration, the output is the mean of the rows kept in the
 *       largest number of iterations (the rows kept in every iteration when there are some, so this
 *       generalises the definition; the paper does not say what to do).
 * </ul>
 */
public final class DivideAndConquer implements Aggregator {
  private static final long serialVersionUID = 1L;

  private final int iters;
  private final int b;
  private final double c;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "dnc",
          "divide and conquer: drop the c*f largest projections on the top singular vector of b"
              + " sampled coordinates, iters times (Shejwalkar and Houmansadr 2021)",
          ParamSpec.integer("iters", 1, 1000, 5, "iterations (coordinate samples)"),
          ParamSpec.integer("b", 1, Integer.MAX_VALUE, 10000, "coordinates sampled per iteration"),
          ParamSpec.number(
              "c", false, 1.0, "filtering fraction: ceil(c*f) rows removed per iteration"));

  public DivideAndConquer(Params params) {
    Params p = SPEC.resolve(params);
    this.iters = Integer.parseInt(p.getString("iters", ""));
    this.b = Integer.parseInt(p.getString("b", ""));
    this.c = Double.parseDouble(p.getString("c", ""));
  }

  @Override
  public String name() {
    return "dnc";
  }

  /** Rows kept per iteration. */
  int kept(int n, int f) {
    return n - (int) Math.min(n, Math.ceil(c * f));
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("dnc", n, f, d);
    if (kept(n, f) < 1) {
      throw new IllegalArgumentException(
          "dnc needs n - ceil(c*f) >= 1, got n=" + n + " f=" + f + " c=" + c);
    }
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    boolean[] fin = x.finiteRows();
    Spectral.Prepared prep = new Spectral.Prepared(x, fin);
    int keep = kept(n, f);
    int[] count = new int[n];
    boolean[] usable = fin.clone(); // finite, and of finite score in every iteration
    Spectral.Usable all = null;
    for (int t = 1; t <= iters; t++) {
      Spectral.Usable u;
      if (b >= d) {
        if (all == null) {
          all = Spectral.usable(prep, null);
        }
        u = all;
      } else {
        u =
            Spectral.usable(
                prep, sample(d, b, Seeds.rng(round.seed(), Seeds.Purpose.DNC, round.step(), t, 0)));
      }
      double[] score = new double[n];
      java.util.Arrays.fill(score, Double.POSITIVE_INFINITY);
      int m = u.rows().length;
      if (m > 0) {
        double[] w = new double[m];
        java.util.Arrays.fill(w, 1.0);
        int[] every = DistanceSupport.range(m);
        double[][] k = Spectral.centred(u.gram(), w);
        Spectral.Eigen e =
            Spectral.top(
                Spectral.weighted(k, w, every),
                Spectral.start(Seeds.rng(round.seed(), Seeds.Purpose.DNC, round.step(), t, 1), m));
        double[] p =
            e.value() > 0
                ? Spectral.projections(k, w, every, e.vector(), e.value())
                : new double[m];
        for (int q = 0; q < m; q++) {
          score[u.rows()[q]] = p[q] * p[q];
        }
      }
      for (int i = 0; i < n; i++) {
        usable[i] &= score[i] < Double.POSITIVE_INFINITY;
      }
      int[] ranked = DistanceSupport.rank(score, fin, DistanceSupport.range(n));
      for (int q = 0; q < keep; q++) {
        count[ranked[q]]++;
      }
    }
    int most = 0;
    for (int i = 0; i < n; i++) {
      if (usable[i]) {
        most = Math.max(most, count[i]);
      }
    }
    int[] rows = new int[n];
    int len = 0;
    for (int i = 0; i < n; i++) {
      if (usable[i] && most > 0 && count[i] == most) {
        rows[len++] = i;
      }
    }
    rows = java.util.Arrays.copyOf(rows, len);
    String report =
        "kept=" + DistanceSupport.joined(rows) + (most == iters ? "" : " in=" + most + "/" + iters);
    if (len == 0) {
      return Aggregation.of(x.point(new double[d]), report);
    }
    return Aggregation.of(DistanceSupport.boundedMean(x, rows), report);
  }

  /** b distinct coordinates of [0, d), increasing, by selection sampling (Knuth's algorithm S). */
  static int[] sample(int d, int b, SplittableRandom r) {
    int[] out = new int[b];
    int chosen = 0;
    for (int k = 0; k < d && chosen < b; k++) {
      // select k with probability (b − chosen) / (d − k)
      if ((long) r.nextInt(d - k) < b - chosen) {
        out[chosen++] = k;
      }
    }
    return out;
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("unknown: no resilience bound");
  }
}
