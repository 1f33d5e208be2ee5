package org.byzspark.aggregation;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Deterministic data parallelism for the rules: a loop over independent items (rows, blocks, tiles)
 * spread over the current {@link ForkJoinPool}. Every item is computed by the same sequential code
 * and writes its own outputs, so the bits never depend on the number of threads.
 */
final class Par {
  private Par() {}

  /** Below this many values touched, loops run on the calling thread. */
  static final long THRESHOLD = 1L << 15;

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

  /** Runs {@code body} for every i in [0, count); in parallel when {@code work} is large enough. */
  static void forEach(int count, long work, IntConsumer body) {
    if (count <= 1 || work < THRESHOLD || parallelism() <= 1) {
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
   * on the calling thread when {@code work} is small.
   */
  static void forRanges(int count, long work, Range body) {
    forRanges(count, work, 4, body);
  }

  /**
   * Runs {@code body} over [0, count) split into about {@code perThread} contiguous ranges per
   * worker thread (fewer tasks when each task rereads shared data, more for balance); on the
   * calling thread when {@code work} is small.
   */
  static void forRanges(int count, long work, int perThread, Range body) {
    int p = parallelism();
    if (count <= 1 || work < THRESHOLD || p <= 1) {
      body.run(0, count);
      return;
    }
    int tasks = Math.min(count, perThread * p);
    IntStream.range(0, tasks)
        .parallel()
        .forEach(
            t ->
                body.run((int) ((long) t * count / tasks), (int) ((long) (t + 1) * count / tasks)));
  }
}
