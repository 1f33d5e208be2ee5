package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.byzspark.model.Batch;
import org.junit.jupiter.api.Test;

class HorizontalFlipTest {
  @Test
  void flipsEachLineOfEachChannel() {
    // 2 channels of 2×3: every line reversed
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    HorizontalFlip.flip(x, 0, 4, 3);
    assertArrayEquals(new double[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, x);
  }

  @Test
  void aboutHalfOfTheRowsFlippedAsTheGeneratorSays() {
    HorizontalFlip f = new HorizontalFlip(1, 2, 2);
    int rows = 2000;
    double[] x = new double[rows * 4];
    for (int r = 0; r < rows; r++) {
      x[r * 4] = 1; // pixel (0, 0)
    }
    Batch b = new Batch(x, new int[rows], rows, 4);
    f.apply(b, new SplittableRandom(5));
    SplittableRandom same = new SplittableRandom(5);
    int flipped = 0;
    for (int r = 0; r < rows; r++) {
      boolean coin = same.nextBoolean();
      assertEquals(coin ? 0.0 : 1.0, x[r * 4], "row " + r);
      assertEquals(coin ? 1.0 : 0.0, x[r * 4 + 1], "row " + r);
      flipped += coin ? 1 : 0;
    }
    assertTrue(flipped > 900 && flipped < 1100, "flipped " + flipped);
  }

  @Test
  void datasetSpecsChooseTheAugmentation() {
    assertNull(DatasetSpec.parse("mnist", "/d").augmentation());
    assertEquals(
        new HorizontalFlip(1, 28, 28), DatasetSpec.parse("fashion-mnist", "/d").augmentation());
    DatasetSpec s = DatasetSpec.parse("fashion-mnist:/x/y", "/d");
    assertEquals("fashion-mnist", s.kind());
    assertEquals("/x/y", s.path());
    assertEquals("/d/fashion-mnist", DatasetSpec.parse("fashion-mnist", "/d").path());
  }
}
