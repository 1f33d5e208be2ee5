package org.byzspark.data;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.byzspark.model.Batch;

/**
 * RESAM D.2's "horizontally flipped" augmentation (Fashion-MNIST, CIFAR-10), read as torchvision's
 * {@code RandomHorizontalFlip(p=0.5)} in the training transform of the reference code: every
 * sampled training example, independently, is mirrored left-right with probability 1/2 (each
 * channel's rows reversed), every time it is drawn. The test set is never flipped.
 *
 * <p>The coin flips come from the worker's own generator for (seed, {@code Seeds.Purpose.AUGMENT},
 * step, worker), one {@code nextBoolean()} per row in batch order, so a recomputed task flips the
 * same examples.
 *
 * @param channels channels per example (1 for Fashion-MNIST, 3 for CIFAR-10), stored (C, H, W)
 * @param height image height
 * @param width image width
 */
public record HorizontalFlip(int channels, int height, int width) implements Serializable {
  public HorizontalFlip {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("image shape must be positive");
    }
  }

  /** Flips each row of the batch in place with probability 1/2. */
  public void apply(Batch batch, SplittableRandom rng) {
    int dim = channels * height * width;
    if (batch.inputDim() != dim) {
      throw new IllegalArgumentException(
          "flip of "
              + channels
              + "×"
              + height
              + "×"
              + width
              + " images needs "
              + dim
              + " features, got "
              + batch.inputDim());
    }
    double[] x = batch.x();
    for (int r = 0; r < batch.rows(); r++) {
      if (rng.nextBoolean()) {
        flip(x, r * dim, channels * height, width);
      }
    }
  }

  /**
   * Reverses each of the {@code lines} consecutive lines of {@code width} values at {@code off}.
   */
  static void flip(double[] x, int off, int lines, int width) {
    for (int l = 0; l < lines; l++) {
      int a = off + l * width;
      int b = a + width - 1;
      while (a < b) {
        double t = x[a];
        x[a++] = x[b];
        x[b--] = t;
      }
    }
  }
}
