package org.byzspark.util;

import java.io.Serializable;

/**
 * A seeded pseudo-random bijection of {0, ..., size−1}, evaluated point by point in O(1) memory.
 *
 * <p>A balanced Feistel network on the smallest even number of bits covering {@code size}, with
 * cycle walking to stay inside the range. Used to deal N examples to n workers in exactly equal
 * shares without materialising a permutation of N on the driver: the example with index i goes to
 * position {@code apply(i)}. Deterministic in (seed, size), so a re-executed Spark task deals the
 * same way.
 */
public final class Permutation implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int ROUNDS = 6;

  private final long size;
  private final int halfBits;
  private final long halfMask;
  private final long[] keys;

  /** The permutation of the dealing: round keys from (seed, {@code PARTITION}, round). */
  public Permutation(long size, long seed) {
    this(size, seed, Seeds.Purpose.PARTITION);
  }

  /** A permutation with round keys from (seed, {@code purpose}, round). */
  public Permutation(long size, long seed, Seeds.Purpose purpose) {
    if (size < 1) {
      throw new IllegalArgumentException("permutation size must be >= 1, got " + size);
    }
    this.size = size;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
    if ((bits & 1) == 1) {
      bits++;
    }
    this.halfBits = bits / 2;
    this.halfMask = (1L << halfBits) - 1;
    this.keys = new long[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      keys[r] = Seeds.derive(seed, purpose, r);
    }
  }

  public long size() {
    return size;
  }

  /** The position of element {@code i} in the permuted order. */
  public long apply(long i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("index " + i + " outside [0, " + size + ")");
    }
    long x = i;
    do {
      x = encrypt(x);
    } while (x >= size);
    return x;
  }

  private long encrypt(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (int r = 0; r < ROUNDS; r++) {
      long next = left ^ (Seeds.mix(right ^ keys[r]) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }
}
