package org.byzspark.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.byzspark.util.Seeds.Purpose;
import org.junit.jupiter.api.Test;

class SeedsTest {
  /**
   * Every purpose with every small coordinate tuple of up to two coordinates (the shapes in use):
   * no two (purpose, coordinates) share a derived seed, for several run seeds.
   */
  @Test
  void streamsOfDifferentPurposesNeverCoincide() {
    for (long seed : new long[] {0, 1, 42, -7}) {
      Map<Long, String> seen = new HashMap<>();
      for (Purpose p : Purpose.values()) {
        put(seen, Seeds.derive(seed, p), p + "()");
        for (long a = 0; a < 40; a++) {
          put(seen, Seeds.derive(seed, p, a), p + "(" + a + ")");
          for (long b = 0; b < 40; b++) {
            put(seen, Seeds.derive(seed, p, a, b), p + "(" + a + "," + b + ")");
          }
        }
      }
      assertEquals(Purpose.values().length * (1 + 40 + 1600), seen.size());
    }
  }

  private static void put(Map<Long, String> seen, long key, String what) {
    assertNull(seen.put(key, what), () -> what + " collides with " + seen.get(key));
  }

  /** The collisions the free-form interface allowed: (BATCH, t, i) vs (t, i, ATTACK), etc. */
  @Test
  void formerCollisionsAreGone() {
    for (long t = 1; t <= 5; t++) {
      for (long i = 0; i < 5; i++) {
        assertNotEquals(
            Seeds.derive(9, Purpose.BATCH, t, i), Seeds.derive(9, Purpose.ATTACK_NOISE, t, i));
      }
      assertNotEquals(
          Seeds.derive(9, Purpose.PKRUM_BRANCH, t), Seeds.derive(9, Purpose.PARTITION, t));
      assertNotEquals(
          Seeds.derive(9, Purpose.PKRUM_BRANCH, t), Seeds.derive(9, Purpose.BUCKETING, t));
    }
  }

  /** Codes are stable and distinct (a changed code silently changes every run using it). */
  @Test
  void codesAreDistinctAndStable() {
    assertEquals(1, Purpose.BATCH.code());
    assertEquals(2, Purpose.INIT.code());
    assertEquals(5, Purpose.PARTITION.code());
    assertEquals(15, Purpose.HOLDOUT.code());
    long distinct =
        java.util.Arrays.stream(Purpose.values()).mapToLong(Purpose::code).distinct().count();
    assertEquals(Purpose.values().length, distinct);
  }

  @Test
  void sameInputsSameStream() {
    assertEquals(
        Seeds.rng(3, Purpose.BATCH, 7, 2).nextLong(), Seeds.rng(3, Purpose.BATCH, 7, 2).nextLong());
  }
}
