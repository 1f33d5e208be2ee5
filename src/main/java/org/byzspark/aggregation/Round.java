package org.byzspark.aggregation;

/**
 * Where an aggregation happens: the training step {@code t >= 1} and the run seed. Randomised rules
 * (1-p Krum, bucketing) derive their generator from these, so the same step of the same run always
 * makes the same choice.
 */
public record Round(long step, long seed) {
  public Round {
    if (step < 1) {
      throw new IllegalArgumentException("step must be >= 1, got " + step);
    }
  }

  /** The round used by offline tools that aggregate one set of vectors. */
  public static Round offline(long seed) {
    return new Round(1, seed);
  }
}
