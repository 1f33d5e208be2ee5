package org.byzspark.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.PairwiseDistances;
import org.byzspark.aggregation.Round;
import org.byzspark.util.Params;

/**
 * The same calls as {@link AggregatorBenchmark} in a plain loop, to check what JMH measures: every
 * case is warmed for a given time (the kernels are C2-compiled within about 3.5 s), then timed call
 * by call. Run it with the JMH fork's heap flags, including its small young generation ({@code
 * -Xmn128m}, see {@link AggregatorBenchmark}): fresh heap pages are slow to touch on this machine.
 * Prints, per case, the median and minimum wall time per call and, with {@code --threads 1} (run
 * inside a one-thread fork-join pool, so every parallel loop runs on the calling thread), the
 * median CPU time of the calling thread, which a loaded machine disturbs less than wall time.
 *
 * <p>Usage: {@code KernelLoop [--n 100] [--d 10000] [--warm 3] [--samples 200] [--threads 1]
 * [--cases average,cwtm,...,pairwise]}; a case is a rule name, {@code pairwise} or {@code plainsum}
 * (the rows' mean in a plain loop). Besides the human-readable line, every case prints {@code LOOP
 * case n d median-ms} for scripts/bench-aggregators.sh (its {@code --loop-check}). The input is
 * {@link AggregatorBenchmark#gaussian}, the rules' parameters and rounds are the benchmark's.
 */
public final class KernelLoop {
  private KernelLoop() {}

  public static void main(String[] args) throws Exception {
    int n = 100;
    int d = 10_000;
    double warm = 3;
    int samples = 200;
    int threads = 0;
    String cases = "average,cwtm,cwmed,meamed,aksel,krum,multikrum,pairwise";
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[i + 1]);
        case "--d" -> d = Integer.parseInt(args[i + 1]);
        case "--warm" -> warm = Double.parseDouble(args[i + 1]);
        case "--samples" -> samples = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--cases" -> cases = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    double[][] x = AggregatorBenchmark.gaussian(n, d);
    int f = AggregatorBenchmark.f(n);
    System.out.printf(
        "n=%d f=%d d=%d threads=%s warm=%.1fs samples=%d%n",
        n, f, d, threads == 0 ? "default" : threads, warm, samples);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (String c : cases.split(",")) {
      Supplier<Object> call;
      if (c.equals("pairwise")) {
        call = () -> PairwiseDistances.of(x);
      } else if (c.equals("plainsum")) {
        call = () -> AggregatorBenchmark.plainMean(x);
      } else {
        Aggregator a = Aggregators.create(c, Params.empty());
        String why = AggregatorBenchmark.refusal(a, n, f, d);
        if (why != null) {
          System.out.println(c + ": refused (" + why + ")");
          continue;
        }
        Round round = AggregatorBenchmark.roundFor(c);
        final int ff = f;
        org.byzspark.aggregation.RuleState state = AggregatorBenchmark.stateFor(a, d);
        org.byzspark.aggregation.VectorSet set = org.byzspark.aggregation.VectorSet.of(x);
        call = () -> a.aggregate(set, ff, round, state).value().toArray();
      }
      final double warmSeconds = warm;
      final int count = samples;
      Runnable body =
          () -> {
            long until = System.nanoTime() + (long) (warmSeconds * 1e9);
            while (System.nanoTime() < until) {
              call.get();
            }
            double[] wall = new double[count];
            double[] cpu = new double[count];
            for (int s = 0; s < count; s++) {
              long c0 = mx.getCurrentThreadCpuTime();
              long t0 = System.nanoTime();
              call.get();
              wall[s] = (System.nanoTime() - t0) / 1e6;
              cpu[s] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf(
                "%-10s wall median %8.3f ms  min %8.3f ms   thread cpu median %8.3f ms%n",
                c, wall[count / 2], wall[0], cpu[count / 2]);
            System.out.printf("LOOP %s %d %d %.6f%n", c, x.length, x[0].length, wall[count / 2]);
          };
      if (threads > 0) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
          pool.submit(body).get();
        } finally {
          pool.shutdown();
        }
      } else {
        body.run();
      }
    }
  }
}
