package org.byzspark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.byzspark.model.Batch;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

/** backdoor, replacement and the targeted label flip on hand-made images. */
class TargetedAttacksTest {
  static Params p(String... kv) {
    return Params.parse(List.of(kv));
  }

  @Test
  void geometryOfImageRows() {
    assertArrayEquals(new int[] {1, 28}, Trigger.geometry(784));
    assertArrayEquals(new int[] {3, 32}, Trigger.geometry(3072));
    assertNull(Trigger.geometry(10));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Trigger(4, -1, -1).check("backdoor", 10));
    assertTrue(e.getMessage().startsWith("backdoor needs image data"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Trigger(4, 3, 0).check("backdoor", 36));
    new Trigger(4, -1, -1).check("backdoor", 784);
  }

  @Test
  void triggerStampsTheImageMaximumOnThePatch() {
    // one 1×6×6 image, pixel (0, 0) = 5 (the maximum), others 0..: size 2 at the default corner
    // (6 − 2 − 1 = 3): pixels (3..4, 3..4) become 5, nothing else changes
    double[] x = new double[2 * 36];
    for (int i = 0; i < 36; i++) {
      x[36 + i] = i * 0.01; // image 1, a ramp
    }
    x[36] = 5;
    double[] before = x.clone();
    new Trigger(2, -1, -1).stamp(x, 1, 36);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        boolean patch = i >= 3 && i <= 4 && j >= 3 && j <= 4;
        assertEquals(patch ? 5 : before[36 + i * 6 + j], x[36 + i * 6 + j], 0.0, i + "," + j);
      }
    }
    for (int i = 0; i < 36; i++) {
      assertEquals(0.0, x[i], 0.0, "image 0 untouched");
    }
    // 3 channels of 4×4, patch 1×1 at (0, 1): pixel 1 of every channel
    double[] c = new double[48];
    c[47] = 2;
    new Trigger(1, 0, 1).stamp(c, 0, 48);
    for (int i = 0; i < 48; i++) {
      double want = i == 47 || i == 1 || i == 17 || i == 33 ? 2 : 0;
      assertEquals(want, c[i], 0.0, "feature " + i);
    }
  }

  @Test
  void backdoorPoisonsTheSeededFractionOfTheBatch() {
    BackdoorAttack a = new BackdoorAttack(p("target=7", "fraction=0.5", "size=2"));
    assertTrue(a.poisonsData());
    assertEquals(7, a.target());
    assertFalse(a.counts(7));
    assertTrue(a.counts(3));
    int rows = 200;
    double[] x = new double[rows * 36];
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) {
      x[r * 36] = 1; // max 1 at pixel 0
      y[r] = r % 7;
    }
    Batch b = new Batch(x, y, rows, 36);
    a.batchPoison(10).apply(b, new SplittableRandom(11));
    SplittableRandom coins = new SplittableRandom(11);
    int poisoned = 0;
    for (int r = 0; r < rows; r++) {
      boolean hit = coins.nextDouble() < 0.5;
      assertEquals(hit ? 7 : r % 7, b.y()[r], "row " + r);
      assertEquals(hit ? 1.0 : 0.0, b.x()[r * 36 + 3 * 6 + 3], 0.0, "row " + r);
      poisoned += hit ? 1 : 0;
    }
    assertTrue(poisoned > 70 && poisoned < 130, "poisoned " + poisoned);
    // the whole batch with fraction 1
    Batch all = new Batch(new double[36], new int[] {2}, 1, 36);
    new BackdoorAttack(p("fraction=1")).batchPoison(10).apply(all, new SplittableRandom(1));
    assertEquals(0, all.y()[0]);
    assertThrows(IllegalArgumentException.class, () -> new BackdoorAttack(p("fraction=1.5")));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackdoorAttack(p("target=10")).checkData(784, 10));
  }

  @Test
  void replacementScalesTheOwnMessagesByTheBoost() {
    assertEquals(75.0, ReplacementAttack.defaultBoost(15, 0.5, 0.5, 5), 0.0);
    assertEquals(3.0, ReplacementAttack.defaultBoost(15, 0.5, 0.1, 1), 1e-12);
    ReplacementAttack a = new ReplacementAttack(p("boost=4", "target=1"));
    double[][] own = {{1, -2}, {0.5, 3}};
    double[][] out =
        a.forge(
            new double[][] {{9, 9}},
            own,
            new AttackContext(new org.byzspark.aggregation.Round(1, 1), 3, 2, null, 2));
    assertArrayEquals(new double[] {4, -8}, out[0], 0.0);
    assertArrayEquals(new double[] {2, 12}, out[1], 0.0);
    assertEquals(1, a.target());
    assertTrue(a.batchPoison(10) != null);
    assertTrue(Attacks.names().containsAll(List.of("backdoor", "replacement")));
  }

  @Test
  void targetedLabelFlipRelabelsTheSourceOnly() {
    LabelFlipAttack all = new LabelFlipAttack(Params.empty());
    assertFalse(all.targeted());
    assertEquals(9, all.poisonLabel(0, 10));
    assertEquals(2, all.poisonLabel(7, 10));
    LabelFlipAttack t = new LabelFlipAttack(p("source=3", "target=8"));
    assertTrue(t.targeted());
    assertEquals(8, t.poisonLabel(3, 10));
    for (int l : new int[] {0, 1, 2, 4, 8, 9}) {
      assertEquals(l, t.poisonLabel(l, 10));
    }
    assertTrue(t.counts(3));
    assertFalse(t.counts(8));
    assertNull(t.trigger());
    assertEquals(
        "labelflip parameters source and target go together; allowed: both or neither",
        assertThrows(IllegalArgumentException.class, () -> new LabelFlipAttack(p("source=3")))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.checkClasses(3));
  }
}
