package org.byzspark.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PermutationTest {
  @Test
  void isABijectionForManySizes() {
    for (long size : new long[] {1, 2, 3, 7, 100, 1000, 4097, 60000}) {
      Permutation p = new Permutation(size, 42);
      boolean[] hit = new boolean[(int) size];
      for (long i = 0; i < size; i++) {
        long j = p.apply(i);
        assertTrue(j >= 0 && j < size);
        assertTrue(!hit[(int) j], "position " + j + " hit twice for size " + size);
        hit[(int) j] = true;
      }
    }
  }

  @Test
  void dependsOnTheSeedAndShuffles() {
    long[] a = new long[1000];
    long[] b = new long[1000];
    Permutation p = new Permutation(1000, 1);
    Permutation q = new Permutation(1000, 2);
    int fixed = 0;
    for (int i = 0; i < 1000; i++) {
      a[i] = p.apply(i);
      b[i] = q.apply(i);
      fixed += a[i] == i ? 1 : 0;
    }
    assertNotEquals(Arrays.toString(a), Arrays.toString(b));
    assertTrue(fixed < 20, "too many fixed points: " + fixed);
    assertEquals(a[17], new Permutation(1000, 1).apply(17));
  }

  @Test
  void dealsEqualSharesToWorkers() {
    long n = 60000;
    int workers = 15;
    Permutation p = new Permutation(n, 9);
    int[] counts = new int[workers];
    for (long i = 0; i < n; i++) {
      counts[(int) (p.apply(i) * workers / n)]++;
    }
    for (int c : counts) {
      assertEquals(4000, c);
    }
  }

  private static long[] positions(Permutation p) {
    long[] out = new long[(int) p.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = p.apply(i);
    }
    return out;
  }

  /**
   * The purpose keys the rounds: the dealing's ({@code PARTITION}, the two-argument constructor)
   * and the hold-out's ({@code HOLDOUT}) are different bijections of the same seed, and the
   * hold-out of seed s is not the dealing of another seed such as s ^ 0x7e57 (which it was when the
   * hold-out took the dealing's purpose with that seed).
   */
  @Test
  void thePurposeSeparatesTheDealingFromTheHoldOut() {
    for (long seed : new long[] {1, 2, 42}) {
      Permutation deal = new Permutation(506, seed);
      Permutation hold = new Permutation(506, seed, Seeds.Purpose.HOLDOUT);
      assertEquals(
          Arrays.toString(positions(deal)),
          Arrays.toString(positions(new Permutation(506, seed, Seeds.Purpose.PARTITION))));
      long[] h = positions(hold);
      long[] sorted = h.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < sorted.length; i++) {
        assertEquals(i, sorted[i], "a bijection");
      }
      assertNotEquals(Arrays.toString(positions(deal)), Arrays.toString(h));
      assertNotEquals(
          Arrays.toString(positions(new Permutation(506, seed ^ 0x7e57L))), Arrays.toString(h));
    }
  }
}
