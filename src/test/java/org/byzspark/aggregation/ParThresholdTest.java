package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.byzspark.util.Params;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The small-input path of {@link Par} (the calling thread) and its parallel path give the same
 * bits, on random inputs whose sizes sit on both sides of the threshold of each kind of loop: one
 * unit of work below it (sequential even in a pool of four threads) and exactly at it (parallel in
 * a pool of four threads); a pool of one thread always runs the small path. The primitives are
 * checked directly, and through the rules, against plain loops where the order is documented.
 */
class ParThresholdTest {
  private static final ForkJoinPool ONE = new ForkJoinPool(1);
  private static final ForkJoinPool FOUR = new ForkJoinPool(4);

  @AfterAll
  static void shutDown() {
    ONE.shutdown();
    FOUR.shutdown();
  }

  private static <T> T in(ForkJoinPool pool, Supplier<T> task) {
    try {
      return pool.submit(task::get).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  /** The smallest number of units of the given cost that runs in parallel. */
  private static long threshold(long picosPerUnit) {
    return (Par.SEQUENTIAL_PICOS + picosPerUnit - 1) / picosPerUnit;
  }

  /**
   * The smallest d with {@code units.applyAsLong(d) >= threshold(cost)}, and d − 1 just below:
   * sizes right at the threshold. Checks that the two sizes take different paths in a pool of four
   * threads and the same (small) path in a pool of one.
   */
  private static int[] straddle(long cost, ToLongFunction<Integer> units, int count) {
    long t = threshold(cost);
    int d = 1;
    while (units.applyAsLong(d) < t) {
      d++;
    }
    int at = d;
    assertTrue(units.applyAsLong(at - 1) < t && units.applyAsLong(at) >= t);
    assertTrue(in(FOUR, () -> Par.sequential(count, units.applyAsLong(at - 1), cost)));
    assertFalse(in(FOUR, () -> Par.sequential(count, units.applyAsLong(at), cost)));
    assertTrue(in(ONE, () -> Par.sequential(count, units.applyAsLong(at), cost)));
    return new int[] {at - 1, at};
  }

  /** Gaussian-like rows with a few NaN, ±Inf and very large entries. */
  private static double[][] input(long seed, int n, int d) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int k = 0; k < d; k++) {
        row[k] = (r.nextDouble() - 0.5) * Math.exp(4 * r.nextDouble());
      }
    }
    for (int e = 0; e < 6; e++) {
      int i = r.nextInt(n);
      int k = r.nextInt(d);
      x[i][k] =
          switch (e % 3) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            default -> 1e300;
          };
    }
    return x;
  }

  /**
   * The bits of each value, every NaN counted as one value: the sign and payload of a NaN made from
   * ±Inf inputs depend on the instruction that made it (the interpreter's or the compiled, scalar
   * or vector form), which changes with the JIT's progress, not with the summation order compared
   * here.
   */
  private static long[] bits(double[] v) {
    long[] b = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Double.doubleToLongBits(v[i]);
    }
    return b;
  }

  private static void sameBits(Supplier<double[]> f, String what) {
    double[] one = in(ONE, f);
    double[] four = in(FOUR, f);
    double[] here = f.get();
    assertArrayEquals(bits(one), bits(four), what + ": one thread vs four");
    assertArrayEquals(bits(one), bits(here), what + ": one thread vs the caller's pool");
  }

  private static double[] flat(double[][] m) {
    int c = m.length == 0 ? 0 : m[0].length;
    double[] out = new double[m.length * c];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * c, c);
    }
    return out;
  }

  private static double[] asDoubles(boolean[] b) {
    double[] out = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] ? 1 : 0;
    }
    return out;
  }

  private static double[] asDoubles(int[][] m) {
    double[] out = new double[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        out[i * m[i].length + j] = m[i][j];
      }
    }
    return out;
  }

  @Test
  void streamingPrimitivesAroundTheirThreshold() {
    int n = 20;
    for (int d : straddle(Par.STREAM, k -> (long) n * k, n)) {
      double[][] x = input(d, n, d);
      double[][] finite = input(d + 1, n, d);
      for (double[] row : finite) {
        for (int k = 0; k < d; k++) {
          row[k] = Double.isFinite(row[k]) ? row[k] : 0.5;
        }
      }
      VectorSet s = VectorSet.of(x);
      Point p = VectorSet.of(finite).row(3);
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = i % 3 == 0 ? 1.0 : 0.25 * i;
      }
      double[] thresholds = new double[n];
      for (int i = 0; i < n; i++) {
        thresholds[i] = i % 4 == 0 ? Double.POSITIVE_INFINITY : 10.0 * i;
      }
      String at = " at n=" + n + " d=" + d;
      sameBits(() -> asDoubles(s.finiteRows()), "finiteRows" + at);
      sameBits(s::norms, "norms" + at);
      sameBits(() -> s.distancesTo(p), "distancesTo" + at);
      sameBits(() -> s.squaredDistancesTo(p), "squaredDistancesTo" + at);
      sameBits(() -> s.combine(w, null, 3.0).toArray(), "combine" + at);
      sameBits(() -> s.combine(w, p, 1.0).toArray(), "combine around a centre" + at);
      sameBits(() -> flat(s.clip(thresholds).toArrays()), "clip" + at);
      sameBits(() -> asDoubles(s.signCounts(null)), "signCounts" + at);
      sameBits(
          () -> flat(s.mix(new double[][] {w, thresholds}, new double[] {1, 7}).toArrays()),
          "mix" + at);
    }
  }

  /** The mean, the rule {@code average}, equals the plain loop in worker order, on both paths. */
  @Test
  void averageIsThePlainLoopOnBothPaths() {
    int n = 25;
    Aggregator average = Aggregators.create("average", Params.empty());
    for (int d : straddle(Par.STREAM, k -> (long) n * k, 2)) {
      double[][] x = input(7 * d, n, d);
      double[] plain = new double[d];
      for (int k = 0; k < d; k++) {
        double sum = x[0][k];
        for (int i = 1; i < n; i++) {
          sum += x[i][k];
        }
        plain[k] = sum / n;
      }
      Round round = Round.offline(1);
      sameBits(() -> average.aggregate(x, 0, round), "average at d=" + d);
      assertArrayEquals(bits(plain), bits(in(FOUR, () -> average.aggregate(x, 0, round))));
      assertArrayEquals(bits(plain), bits(in(ONE, () -> average.aggregate(x, 0, round))));
    }
  }

  @Test
  void coordinateWiseRulesAroundTheirThreshold() {
    int n = 15;
    for (int d : straddle(Par.COORDINATE, k -> (long) n * k, 2)) {
      double[][] x = input(3 * d, n, d);
      for (String name : new String[] {"cwtm", "cwmed", "meamed"}) {
        Aggregator rule = Aggregators.create(name, Params.empty());
        sameBits(() -> rule.aggregate(x, 3, Round.offline(2)), name + " at d=" + d);
      }
    }
  }

  @Test
  void pairwiseDistancesAroundTheirThreshold() {
    int m = 15;
    for (int d : straddle(Par.PAIR, k -> (long) m * m * k / 2, 2)) {
      double[][] x = input(5 * d, m, d);
      for (double[] row : x) { // the product runs over the finite rows
        for (int k = 0; k < d; k++) {
          row[k] = Double.isFinite(row[k]) ? row[k] : -2.0;
        }
      }
      int[] rows = new int[m];
      for (int i = 0; i < m; i++) {
        rows[i] = i;
      }
      double[] c = x[4];
      sameBits(() -> PairwiseDistances.gram(x, rows, m, c, d), "pairwise Gram at d=" + d);
      sameBits(
          () -> {
            PairwiseDistances p = PairwiseDistances.of(x);
            double[] out = new double[m * m];
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < m; j++) {
                out[i * m + j] = p.get(i, j);
              }
            }
            return out;
          },
          "pairwise distances at d=" + d);
      Aggregator krum = Aggregators.create("multikrum", Params.empty());
      sameBits(() -> krum.aggregate(x, 3, Round.offline(4)), "multikrum at d=" + d);
    }
  }

  @Test
  void centredGramAroundItsThreshold() {
    int m = 15;
    int entries = ChunkGram.entries(m);
    for (int d : straddle(Par.GRAM, k -> (long) entries * k, 2)) {
      double[][] x = input(11 * d, m, d);
      VectorSet s = VectorSet.of(x);
      Point center = s.mean();
      sameBits(() -> flat(s.gram(center, null)), "gram at d=" + d);
    }
  }

  /**
   * On the small path {@code average} allocates its result and a few small objects, nothing of the
   * size of the input or of a second copy of the result (measured on the calling thread).
   */
  @Test
  void smallAverageAllocatesItsResultOnly() {
    int n = 15;
    int d = 10_000;
    assertTrue(Par.sequential(2, (long) n * d, Par.STREAM), "n=15, d=10^4 is a small input");
    double[][] x = input(1, n, d);
    Aggregator average = Aggregators.create("average", Params.empty());
    Round round = Round.offline(1);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long least = Long.MAX_VALUE;
    for (int rep = 0; rep < 200; rep++) {
      long b0 = mx.getThreadAllocatedBytes(id);
      double[] out = average.aggregate(x, 0, round);
      long b1 = mx.getThreadAllocatedBytes(id);
      assertEquals(d, out.length);
      least = Math.min(least, b1 - b0);
    }
    long result = 16 + 8L * d;
    assertTrue(least >= result, "at least the result: " + least);
    assertTrue(least < result + 2048, "allocated " + least + " bytes for a result of " + result);
  }
}
