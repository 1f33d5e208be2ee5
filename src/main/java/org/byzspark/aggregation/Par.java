package org.byzspark.aggregation;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Deterministic data parallelism for the rules: a loop over independent items (rows, blocks, tiles)
 * spread over the current {@link ForkJoinPool}. Every item is computed by the same sequential code
 * and writes its own outputs, so the bits never depend on the number of threads.
 *
 * <p><b>Small inputs.</b> Handing a loop to the pool has a fixed cost: the stream pipeline, its
 * tasks, and above all waking a parked worker thread, which a training step pays at every
 * aggregation since the pool falls idle between steps (measured 2026-12-06 on a 2-core x86_64, 24
 * GiB, under load from other builds, load average 14 to 22: median 40 to 80 µs with the pool idle
 * for 2 ms before the call, 5 µs with the pool busy; {@code Par.forRanges} over 8 trivial items,
 * timed with {@code System.nanoTime}). With two threads a loop of sequential time T then takes
 * about T/2 plus that cost, so parallelism pays only well above twice the cost. A loop runs on the
 * calling thread, with nothing allocated by this class, when its estimated sequential time is below
 * {@link #SEQUENTIAL_PICOS} (250 µs, about three times the idle-pool cost, since memory-bound loops
 * gain less than 2× from a second thread). The estimate is the number of units of work times the
 * unit's cost, measured per kind of loop on the same machine and load (sequential medians at n =
 * 15, d = 10^4 to 10^5, in a one-thread pool): {@link #STREAM} for one pass over a value (sums,
 * norms, distances to a point, finiteness, clipping, sign counts: 0.4 to 0.8 ns per value), {@link
 * #COORDINATE} per value of a coordinate-wise reducer (trimmed mean, median: 1.3 to 2.0 ns), {@link
 * #PAIR} per (pair of rows, coordinate) of the pairwise distances (0.2 ns) and {@link #GRAM} per
 * (Gram entry, coordinate) of the centred Gram matrix (0.15 ns). {@code scripts/bench-par.sh}
 * measures each kind on one thread and prints it beside these constants (docs/performance.md). So
 * {@code average} at n = 15, d = 10^4 (60 µs) runs on the calling thread, {@code cwtm} at n = 15, d
 * = 79,510 (the MNIST MLP, about 1.8 ms) in parallel. Which path runs never changes a bit: every
 * item is the same sequential code either way ({@code ParThresholdTest} compares both paths around
 * the threshold).
 */
final class Par {
  private Par() {}

  /** Estimated sequential time, in picoseconds, below which a loop runs on the calling thread. */
  static final long SEQUENTIAL_PICOS = 250_000_000L;

  /** Picoseconds per value of a streaming pass (sum, norm, distance, finiteness, clip, signs). */
  static final long STREAM = 500;

  /** Picoseconds per value of a coordinate-wise reducer (selection, sorting network, trimming). */
  static final long COORDINATE = 1_500;

  /** Picoseconds per (pair of rows, coordinate) of the pairwise squared distances. */
  static final long PAIR = 200;

  /** Picoseconds per (entry, coordinate) of the centred Gram matrix. */
  static final long GRAM = 150;

  /**
   * The threads a parallel loop can use: the pool's parallelism inside a fork-join pool; outside,
   * the common pool's workers plus the calling thread, which takes part in a parallel stream (on 2
   * cores the common pool has one worker, and the caller is the second thread).
   */
  static int parallelism() {
    return ForkJoinTask.inForkJoinPool()
        ? ForkJoinTask.getPool().getParallelism()
        : ForkJoinPool.getCommonPoolParallelism() + 1;
  }

  /**
   * Whether a loop over {@code count} items of {@code units} units of work in all, each costing
   * {@code picosPerUnit}, runs on the calling thread.
   */
  static boolean sequential(int count, long units, long picosPerUnit) {
    return count <= 1
        || units < (SEQUENTIAL_PICOS + picosPerUnit - 1) / picosPerUnit
        || parallelism() <= 1;
  }

  /**
   * Runs {@code body} for every i in [0, count); in parallel when the work ({@code units} units of
   * {@code picosPerUnit} each) is large enough.
   */
  static void forEach(int count, long units, long picosPerUnit, IntConsumer body) {
    if (sequential(count, units, picosPerUnit)) {
      for (int i = 0; i < count; i++) {
        body.accept(i);
      }
      return;
    }
    IntStream.range(0, count).parallel().forEach(body);
  }

  /** A task over the item range [from, to). */
  interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over [0, count) split into contiguous ranges (about four per worker thread);
   * on the calling thread, as one range, when the work is small.
   */
  static void forRanges(int count, long units, long picosPerUnit, Range body) {
    forRanges(count, units, picosPerUnit, 4, body);
  }

  /**
   * Runs {@code body} over [0, count) split into about {@code perThread} contiguous ranges per
   * worker thread (fewer tasks when each task rereads shared data, more for balance); on the
   * calling thread, as one range, when the work is small.
   */
  static void forRanges(int count, long units, long picosPerUnit, int perThread, Range body) {
    if (sequential(count, units, picosPerUnit)) {
      body.run(0, count);
      return;
    }
    int p = parallelism();
    int tasks = Math.min(count, perThread * p);
    IntStream.range(0, tasks)
        .parallel()
        .forEach(
            t ->
                body.run((int) ((long) t * count / tasks), (int) ((long) (t + 1) * count / tasks)));
  }
}
