package org.byzspark.bench;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Params;

/**
 * Measures the cost per unit of work of each kind of loop that the rules hand to {@code Par}, the
 * numbers behind its constants: every loop runs on one thread (inside a fork-join pool of
 * parallelism 1, where {@code Par} never forks) on the rows of the aggregation benchmark ({@link
 * AggregatorBenchmark#gaussian}), and the median call time over repeated calls is divided by the
 * units {@code Par} is told of at the call site. Prints a Markdown table with the constant {@code
 * Par} uses beside each measured value.
 *
 * <pre>
 *   scripts/bench-par.sh [--n 15] [--d 10000,100000]
 * </pre>
 *
 * <p>A main, not a test: timings depend on the machine and its load.
 */
public final class ParCosts {
  private ParCosts() {}

  public static void main(String[] args) throws Exception {
    int n = 15;
    int[] ds = {10_000, 100_000};
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[i + 1]);
        case "--d" ->
            ds = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> {
          System.err.println(
              "ParCosts: unknown option " + args[i] + "; allowed: --n N, --d D[,D...]");
          System.exit(2);
        }
      }
    }
    System.out.println(
        "| kind | what runs | n | d | units per call | median µs | ps per unit | Par's constant ps |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (int d : ds) {
      double[][] x = AggregatorBenchmark.gaussian(n, d);
      VectorSet set = VectorSet.of(x);
      Aggregator cwtm = Aggregators.create("cwtm", Params.empty());
      Round round = Round.offline(1);
      int f = (n - 3) / 4;
      long nd = (long) n * d;
      row("STREAM", "the rows' norms", n, d, nd, () -> set.norms());
      row("COORDINATE", "cwtm, f = " + f, n, d, nd, () -> cwtm.aggregate(x, f, round));
      row("PAIR", "pairwise distances", n, d, (long) n * n * d / 2, () -> set.distances());
      row(
          "GRAM",
          "centred Gram matrix",
          n,
          d,
          (long) n * (n + 1) / 2 * d,
          () -> set.gram(null, null));
    }
    System.out.println();
    System.out.printf(
        "Par runs a loop on the calling thread below an estimated %.0f µs of sequential work.%n",
        constant("SEQUENTIAL_PICOS") / 1e6);
  }

  private static void row(String kind, String what, int n, int d, long units, Runnable call)
      throws Exception {
    ForkJoinPool one = new ForkJoinPool(1);
    try {
      double median =
          one.submit(
                  () -> {
                    long warm = System.nanoTime();
                    while (System.nanoTime() - warm < 1_500_000_000L) {
                      call.run();
                    }
                    long[] t = new long[31];
                    for (int r = 0; r < t.length; r++) {
                      long s = System.nanoTime();
                      call.run();
                      t[r] = System.nanoTime() - s;
                    }
                    Arrays.sort(t);
                    return (double) t[t.length / 2];
                  })
              .get();
      System.out.printf(
          "| %s | %s | %d | %d | %d | %.1f | %.0f | %d |%n",
          kind, what, n, d, units, median / 1e3, median * 1e3 / units, constant(kind));
    } finally {
      one.shutdown();
    }
  }

  private static long constant(String name) throws ReflectiveOperationException {
    Field f = Class.forName("org.byzspark.aggregation.Par").getDeclaredField(name);
    f.setAccessible(true);
    return f.getLong(null);
  }
}
