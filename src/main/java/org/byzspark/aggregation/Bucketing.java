package org.byzspark.aggregation;

import java.util.SplittableRandom;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * {@code bucketing}: bucketing with bucket size s, a pre-aggregator.
 *
 * <h2>Definition</h2>
 *
 * [BUCKETING], Algorithm 1: draw a uniformly random permutation π of {1, ..., n}; output the ⌈n/s⌉
 * bucket means {@code y_b = 1/|B_b| Σ_{j∈B_b} x_{π(j)}}, {@code B_b = {(b−1)s+1, ..., min(bs, n)}}
 * (the last bucket holds n − s(⌈n/s⌉−1) vectors when s does not divide n); s = 1 only permutes.
 *
 * <h2>Requirement</h2>
 *
 * n ≥ 1, 0 ≤ f &lt; n. Shape seen by the following rule: {@code n' = ⌈n/s⌉} rows of which {@code f'
 * = min(f, n')} may be Byzantine, since each Byzantine vector can spoil the one bucket it lands in
 * (the worst case the paper analyses; ⌈f/s⌉ would hold only if Byzantine vectors were grouped
 * together). So e.g. cwtm after bucketing needs ⌈n/s⌉ &gt; 2f.
 *
 * <h2>Resilience</h2>
 *
 * Not a rule: no λ of its own.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Propagate into the mean of the bucket they land in.
 *
 * <h2>Parameters</h2>
 *
 * {@code s}, the bucket size (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * A mixing matrix (bucket means) over the set. Randomness: π comes from {@code
 * Seeds.rng(round.seed(), Purpose.BUCKETING, round.step())} (Fisher–Yates), so a step of a run
 * always draws the same buckets, on a stream of its own.
 */
public final class Bucketing implements PreAggregator {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "bucketing";

  private final int s;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "means of random buckets of s inputs (Karimireddy, He and Jaggi, ICLR 2022)",
          ParamSpec.integer("s", 1, Integer.MAX_VALUE, 2, "bucket size"));

  public Bucketing(Params params) {
    s = Integer.parseInt(SPEC.resolve(params).getString("s", ""));
  }

  /** The bucket size s. */
  public int bucketSize() {
    return s;
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
  public int[] outputShape(int n, int f) {
    int buckets = (int) ((n + (long) s - 1) / s);
    return new int[] {buckets, Math.min(f, buckets)};
  }

  /** The permutation π used at {@code round} for n vectors (0-based). */
  int[] permutation(int n, Round round) {
    SplittableRandom rng = Seeds.rng(round.seed(), Seeds.Purpose.BUCKETING, round.step());
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  @Override
  public VectorSet apply(VectorSet x, int f, Round round) {
    int n = x.size();
    check(n, f, x.dimension());
    int[] p = permutation(n, round);
    int buckets = outputShape(n, f)[0];
    double[][] weights = new double[buckets][n];
    double[] sizes = new double[buckets];
    for (int b = 0; b < buckets; b++) {
      int lo = b * s;
      int hi = (int) Math.min(n, (long) lo + s);
      for (int j = lo; j < hi; j++) {
        weights[b][p[j]] = 1.0;
      }
      sizes[b] = hi - lo;
    }
    return x.mix(weights, sizes);
  }
}
