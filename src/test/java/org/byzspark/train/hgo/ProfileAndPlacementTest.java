package org.byzspark.train.hgo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProfileAndPlacementTest {
  @Test
  void defaultProportionsAre30_40_30AndScenariosMatch() {
    assertArrayEquals(
        new int[] {30, 40, 30}, ComputeProfile.counts(new double[] {0.3, 0.4, 0.3}, 100));
    assertArrayEquals(new int[] {3, 4, 3}, ComputeProfile.counts(new double[] {0.3, 0.4, 0.3}, 10));
    assertArrayEquals(
        new int[] {15, 20, 15}, ComputeProfile.counts(new double[] {0.3, 0.4, 0.3}, 50));
    assertArrayEquals(new int[] {45, 0, 5}, ComputeProfile.counts(new double[] {0.9, 0, 0.1}, 50));
    // 7 workers: 2.1, 2.8, 2.1 → 2, 3, 2
    assertArrayEquals(new int[] {2, 3, 2}, ComputeProfile.counts(new double[] {0.3, 0.4, 0.3}, 7));
    int[] cat = ComputeProfile.parse("min").categories(50, 1);
    assertEquals(45, Arrays.stream(cat).filter(c -> c == 0).count());
    assertEquals(5, Arrays.stream(cat).filter(c -> c == 2).count());
  }

  @Test
  void ratesAreDrawnAroundTheCategoryMeansDeterministically() {
    ComputeProfile p = ComputeProfile.parse("c2:weak=100,average=1000,powerful=10000,spread=0.1");
    double[] r = p.rates(300, 5);
    assertArrayEquals(r, p.rates(300, 5));
    assertNotEquals(Arrays.toString(r), Arrays.toString(p.rates(300, 6)));
    int[] cat = p.categories(300, 5);
    double[] means = {100, 1000, 10000};
    double[] sum = new double[3];
    int[] cnt = new int[3];
    for (int i = 0; i < 300; i++) {
      assertTrue(r[i] > 0);
      sum[cat[i]] += r[i];
      cnt[cat[i]]++;
      // 6 standard deviations: never outside for 300 draws in practice, and deterministic here
      assertTrue(Math.abs(r[i] - means[cat[i]]) < 0.6 * means[cat[i]], "rate " + r[i]);
    }
    assertArrayEquals(new int[] {90, 120, 90}, cnt);
    for (int k = 0; k < 3; k++) {
      // standard error of the mean: 0.1·mean/√90 ≈ 0.0105·mean; allow 4 of them
      assertEquals(means[k], sum[k] / cnt[k], 0.045 * means[k]);
    }
    ComputeProfile weak = ComputeProfile.parse("weak:spread=0");
    for (double x : weak.rates(10, 1)) {
      assertEquals(2e5, x);
    }
  }

  @Test
  void explicitRatesAndBadProfiles() {
    ComputeProfile p = ComputeProfile.parse("rates:1/2/3");
    assertArrayEquals(new double[] {1, 2, 3}, p.rates(3, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.check(4));
    assertTrue(e.getMessage().startsWith("--profile: rates:1/2/3"), e.getMessage());
    for (String bad : new String[] {"medium", "rates:1/-2", "rates:1/x", "c2:weak=0", "c2:x=1"}) {
      IllegalArgumentException ex =
          assertThrows(IllegalArgumentException.class, () -> ComputeProfile.parse(bad), bad);
      assertTrue(ex.getMessage().startsWith("--profile: "), ex.getMessage());
    }
  }

  @Test
  void placementPolicies() {
    Placement last = new Placement("last", "exact", 10, 3, 10, 1);
    boolean[] b = last.byzantine(1);
    for (int i = 0; i < 10; i++) {
      assertEquals(i >= 7, b[i]);
    }
    Placement fixed = new Placement("fixed-random", "exact", 10, 3, 10, 1);
    assertArrayEquals(fixed.byzantine(1), fixed.byzantine(99));
    assertEquals(3, count(fixed.byzantine(1)));
    Placement per = new Placement("per-step", "exact", 10, 3, 10, 1);
    boolean changed = false;
    for (int t = 2; t < 20; t++) {
      assertEquals(3, count(per.byzantine(t)));
      changed |= !Arrays.equals(per.byzantine(1), per.byzantine(t));
    }
    assertTrue(changed, "per-step placement must change across steps");
    assertArrayEquals(
        per.byzantine(5), new Placement("per-step", "exact", 10, 3, 10, 1).byzantine(5));
  }

  @Test
  void exactSamplingHasExactlyFByzantineAmongQ() {
    Placement p = new Placement("fixed-random", "exact", 100, 25, 80, 4);
    for (int t = 1; t <= 20; t++) {
      boolean[] byz = p.byzantine(t);
      int[] sel = p.selected(t, byz);
      assertEquals(80, sel.length);
      assertEquals(80, Arrays.stream(sel).distinct().count());
      for (int k = 1; k < sel.length; k++) {
        assertTrue(sel[k - 1] < sel[k]);
      }
      assertEquals(25, Arrays.stream(sel).filter(i -> byz[i]).count());
    }
    Placement u = new Placement("last", "uniform", 100, 25, 80, 4);
    boolean varies = false;
    long first = -1;
    for (int t = 1; t <= 20; t++) {
      boolean[] byz = u.byzantine(t);
      long c = Arrays.stream(u.selected(t, byz)).filter(i -> byz[i]).count();
      varies |= first >= 0 && c != first;
      first = c;
    }
    assertTrue(varies, "uniform sampling lets the number of Byzantine workers vary");
    assertFalse(Arrays.equals(p.selected(1, p.byzantine(1)), p.selected(2, p.byzantine(2))));
  }

  @Test
  void badPlacementValues() {
    assertThrows(IllegalArgumentException.class, () -> new Placement("first", "exact", 5, 1, 5, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Placement("last", "exact", 5, 1, 6, 1));
    assertTrue(e.getMessage().contains("--quorum-size: 6"), e.getMessage());
  }

  private static int count(boolean[] b) {
    int c = 0;
    for (boolean x : b) {
      c += x ? 1 : 0;
    }
    return c;
  }
}
