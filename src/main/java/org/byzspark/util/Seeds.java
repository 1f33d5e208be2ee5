package org.byzspark.util;

import java.util.SplittableRandom;

/**
 * Derivation of independent, reproducible random streams from (seed, purpose, coordinates...).
 *
 * <p>Every random choice in ByzSpark comes from a generator made here, never from shared mutable
 * state, so a recomputed or retried Spark task draws exactly the same numbers, whatever the number
 * of cores. The mixing is SplitMix64's finaliser applied in sequence, which decorrelates nearby
 * integers (step 7 and step 8 give unrelated streams).
 *
 * <p>The {@link Purpose} always comes first and each purpose has a fixed list of coordinates (its
 * Javadoc says which). So two uses with different purposes differ in the first mixing step, which
 * is a bijection of 64-bit states: their streams can coincide only through a 64-bit hash collision
 * of the later steps, never through a coincidence of small integers (such as {@code (BATCH, step,
 * worker)} against {@code (step, worker, ATTACK)}, which the earlier free-form interface allowed).
 */
public final class Seeds {
  /**
   * Why a stream is drawn. The codes are stable: changing one changes every run that uses it. Codes
   * 1, 2 and 5 are those of the first releases, so mini-batches, initialisation and dealing are
   * unchanged.
   */
  public enum Purpose {
    /** A worker's mini-batch: coordinates (step, worker). */
    BATCH(1),
    /** Model initialisation: no coordinates. */
    INIT(2),
    /** Random Byzantine messages (gaussian, fang): coordinates (step, Byzantine index). */
    ATTACK_NOISE(3),
    /** 1−p Krum's branch: coordinates (step). */
    PKRUM_BRANCH(4),
    /** The dealing permutation's round keys: coordinates (round). */
    PARTITION(5),
    /** Bucketing's permutation: coordinates (step). */
    BUCKETING(6),
    /** Data augmentation of a worker's mini-batch: coordinates (step, worker). */
    AUGMENT(7),
    /** Which workers are Byzantine when the placement is random: coordinates (step) or none. */
    PLACEMENT(8),
    /** Which workers the server contacts (partial participation): coordinates (step). */
    SAMPLING(9),
    /** Coordinate permutations (partial gradients): coordinates (step, layer). */
    COORDINATES(10),
    /** Per-worker hardware profiles: coordinates (worker). */
    PROFILE(11),
    /** Heterogeneous data splits: coordinates (worker) or none. */
    SPLIT(12),
    /**
     * The synthetic dataset (data.SyntheticData): coordinates (kind: 0 row, 1 hidden weight;
     * index).
     */
    SYNTHETIC(13),
    /**
     * Dropout masks of a worker's forward pass: coordinates (step, worker) for the worker's stream,
     * then (layer) inside the model.
     */
    DROPOUT(14),
    /**
     * The examples a dataset without a test set holds out for testing (a LIBSVM file without its
     * {@code .t}): the hold-out permutation's round keys, coordinates (round).
     */
    HOLDOUT(15),
    /** Start vectors of caf's power iterations: coordinates (step, round of the filter). */
    CAF(16),
    /** Start vector of smea's power iterations: coordinates (step). */
    SMEA(17),
    /**
     * dnc's draws: coordinates (step, iteration, kind), kind 0 the coordinate sample, 1 the power
     * iteration's start vector.
     */
    DNC(18),
    /** signguard's window of coordinates: coordinates (step). */
    SIGNGUARD(19),
    /**
     * Which examples of a Byzantine worker's mini-batch a data-poisoning attack rewrites (the
     * backdoor's trigger): coordinates (step, worker) or (step, worker, local step).
     */
    POISON(20),
    /**
     * FLTrust's root set and server: coordinates (0) for the draw of the root examples from the
     * training set, (1) for the seed of the server's own mini-batch, dropout and augmentation
     * streams (the server's step draws them as worker 0 of that seed).
     */
    FLTRUST_ROOT(21);

    private final long code;

    Purpose(long code) {
      this.code = code;
    }

    public long code() {
      return code;
    }
  }

  private Seeds() {}

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A seed derived from the run seed, the purpose and the purpose's coordinates. */
  public static long derive(long seed, Purpose purpose, long... coords) {
    long h = mix(seed + 0x9e3779b97f4a7c15L);
    h = mix(h ^ (purpose.code + 0x9e3779b97f4a7c15L));
    for (long c : coords) {
      h = mix(h ^ (c + 0x9e3779b97f4a7c15L));
    }
    return h;
  }

  /** A generator for (seed, purpose, coordinates...). */
  public static SplittableRandom rng(long seed, Purpose purpose, long... coords) {
    return new SplittableRandom(derive(seed, purpose, coords));
  }
}
