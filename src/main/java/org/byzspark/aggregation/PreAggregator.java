package org.byzspark.aggregation;

import java.io.Serializable;

/**
 * A transformation of the n input vectors applied before a rule (nearest-neighbour mixing,
 * bucketing, clipping, ...), written over the {@link VectorSet} algebra. Returns a new set
 * (possibly of fewer vectors, for bucketing); deterministic given the {@link Round}; stateless.
 */
public interface PreAggregator extends Serializable {
  String name();

  /** Fails with a readable message when it cannot run for (n, f, d). */
  default void check(int n, int f, int d) {}

  VectorSet apply(VectorSet x, int f, Round round);

  /**
   * The number of vectors and of Byzantine vectors the following rule sees, as {n', f'}. Identity
   * for most pre-aggregators; bucketing of size s gives {⌈n/s⌉, min(f, ⌈n/s⌉)}.
   */
  default int[] outputShape(int n, int f) {
    return new int[] {n, f};
  }

  /** Convenience for tools and tests: applies to in-memory rows. */
  default double[][] apply(double[][] vectors, int f, Round round) {
    return apply(VectorSet.of(vectors), f, round).toArrays();
  }
}
