package org.byzspark.util;

import java.util.SplittableRandom;

/**
 * Derivation of independent, reproducible random streams from (seed, step, worker, purpose).
 *
 * <p>Every random choice in ByzSpark comes from a generator made here, never from shared mutable
 * state, so a recomputed or retried Spark task draws exactly the same numbers, whatever the number
 * of cores. The mixing is SplitMix64's finaliser applied in sequence, which decorrelates nearby
 * integers (step 7 and step 8 give unrelated streams).
 */
public final class Seeds {
  /** Purposes, so that two uses at the same (step, worker) never share a stream. */
  public static final long BATCH = 0x1L;
  public static final long INIT = 0x2L;
  public static final long ATTACK = 0x3L;
  public static final long AGGREGATION = 0x4L;
  public static final long PARTITION = 0x5L;
  /** Data augmentation of a worker's mini-batch (random horizontal flips). */
  public static final long AUGMENT = 0x6L;

  private Seeds() {}

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A seed derived from the run seed and any number of coordinates. */
  public static long derive(long seed, long... coords) {
    long h = mix(seed + 0x9e3779b97f4a7c15L);
    for (long c : coords) {
      h = mix(h ^ (c + 0x9e3779b97f4a7c15L));
    }
    return h;
  }

  public static SplittableRandom rng(long seed, long... coords) {
    return new SplittableRandom(derive(seed, coords));
  }
}
