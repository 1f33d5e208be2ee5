package org.byzspark.train;

import java.io.Serializable;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.byzspark.data.DataBlock;
import org.byzspark.data.HorizontalFlip;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.model.SparseBatch;
import org.byzspark.util.Seeds;

/**
 * One worker's computation at step t (RESAM Algorithm 1, step 2), as a pure function.
 *
 * <ol>
 *   <li>sample a mini-batch of b points from the worker's own data with a generator seeded from
 *       (seed, t, worker) — Byzantine workers under a data-poisoning attack see poisoned labels;
 *   <li>g = ∇loss(θ_t; batch) + wd·θ_t (the gradient of the ℓ2 term (wd/2)‖θ‖²); a model with
 *       dropout draws its masks from (seed, DROPOUT, t, worker);
 *   <li>clip: g ← g·min(1, C/‖g‖) (C = +∞, given as {@code --clip none}, disables clipping);
 *   <li>m_t = β·m_{t−1} + (1−β)·g (RESAM eq. 5, m_0 = 0).
 * </ol>
 *
 * The result depends only on its arguments, so a re-executed task is bit-identical. On a sparse
 * block (the {@code synthetic} dataset) the batch is a {@link SparseBatch} of the same rows and the
 * step costs O(b·nnz + d): the gradient, clipping and momentum stay dense (length d).
 */
public final class WorkerStep implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Model model;
  private final int batchSize;
  private final double weightDecay;
  private final double clip;
  private final double beta;
  private final long seed;
  private final HorizontalFlip flip;

  /**
   * @param clip the norm bound C; {@code Double.POSITIVE_INFINITY} disables clipping
   */
  public WorkerStep(
      Model model, int batchSize, double weightDecay, double clip, double beta, long seed) {
    this(model, batchSize, weightDecay, clip, beta, seed, null);
  }

  private WorkerStep(
      Model model,
      int batchSize,
      double weightDecay,
      double clip,
      double beta,
      long seed,
      HorizontalFlip flip) {
    this.flip = flip;
    this.model = model;
    this.batchSize = batchSize;
    this.weightDecay = weightDecay;
    this.clip = clip;
    this.beta = beta;
    this.seed = seed;
  }

  /**
   * The same step with the dataset's training augmentation (random horizontal flips of the sampled
   * examples, see {@link HorizontalFlip}); {@code null} for none.
   */
  public WorkerStep withAugmentation(HorizontalFlip augmentation) {
    return new WorkerStep(model, batchSize, weightDecay, clip, beta, seed, augmentation);
  }

  /**
   * The mini-batch worker {@code worker} uses at step {@code step}, augmented (if the dataset asks
   * for it) with the generator of (seed, AUGMENT, step, worker).
   */
  public Batch batch(DataBlock data, long step, int worker, IntUnaryOperator labelMap) {
    SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.BATCH, step, worker);
    Batch batch = data.sample(batchSize, rng, labelMap);
    if (flip != null) {
      flip.apply(batch, Seeds.rng(seed, Seeds.Purpose.AUGMENT, step, worker));
    }
    return batch;
  }

  /**
   * Computes the worker's next state.
   *
   * @param labelMap identity for honest workers, the poisoning map for data-poisoning Byzantine
   *     ones
   */
  public WorkerState apply(
      DataBlock data, double[] theta, WorkerState previous, long step, IntUnaryOperator labelMap) {
    int worker = previous.worker();
    double[] g = new double[theta.length];
    double loss;
    if (data.isSparse()) {
      // the same rows the dense path would draw, in O(b·nnz); no augmentation for sparse data
      SparseBatch batch =
          data.sampleSparse(
              batchSize, Seeds.rng(seed, Seeds.Purpose.BATCH, step, worker), labelMap);
      loss = model.lossAndGradient(theta, batch, g);
    } else {
      loss =
          model.lossAndGradient(
              theta,
              batch(data, step, worker, labelMap),
              g,
              Seeds.derive(seed, Seeds.Purpose.DROPOUT, step, worker));
    }
    if (weightDecay != 0) {
      for (int i = 0; i < g.length; i++) {
        g[i] += weightDecay * theta[i];
      }
    }
    clipInPlace(g, clip);
    double[] prev = previous.momentum();
    double oneMinusBeta = 1.0 - beta;
    for (int i = 0; i < g.length; i++) {
      // g becomes m_t in place: it is a fresh array, never the previous state's
      g[i] = (prev == null ? 0.0 : beta * prev[i]) + oneMinusBeta * g[i];
    }
    return new WorkerState(worker, step, g, loss);
  }

  /** g ← g·min(1, c/‖g‖); leaves g unchanged when c is infinite or ‖g‖ ≤ c. */
  public static void clipInPlace(double[] g, double c) {
    if (Double.isInfinite(c)) {
      return;
    }
    double sq = 0;
    for (double v : g) {
      sq += v * v;
    }
    double norm = Math.sqrt(sq);
    if (norm > c) {
      double s = c / norm;
      for (int i = 0; i < g.length; i++) {
        g[i] *= s;
      }
    }
  }
}
