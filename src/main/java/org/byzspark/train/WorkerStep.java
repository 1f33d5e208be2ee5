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
 * One worker's computation at step t (RESAM Algorithm 1, step 2; the honest worker of HGO Algorithm
 * 1), as a pure function. The one worker update of every algorithm: β = 0 is plain SGD.
 *
 * <ol>
 *   <li>sample a mini-batch of s_i points (the worker's batch size) from the worker's own data with
 *       a generator seeded from (seed, BATCH, t, worker) — Byzantine workers under a data-poisoning
 *       attack see poisoned labels; the dataset's augmentation, if any, draws from (seed, AUGMENT,
 *       t, worker);
 *   <li>g = ∇loss(θ_t; batch) + wd·θ_t (the gradient of the ℓ2 term (wd/2)‖θ‖²); a model with
 *       dropout draws its masks from (seed, DROPOUT, t, worker);
 *   <li>clip: g ← g·min(1, C/‖g‖) (C = +∞, given as {@code --clip none}, disables clipping), with
 *       the norm of the whole gradient;
 *   <li>m_t = β·m_{t−1} + (1−β)·g (RESAM eq. 5, m_0 = 0) on the coordinates the worker computes
 *       this step: all of them, or (HGO's partial gradients) the given coordinate mask, the other
 *       coordinates of m keeping their previous values. The simulation computes the whole gradient
 *       (the models have no cheaper partial gradient); only the masked coordinates are read by the
 *       server.
 * </ol>
 *
 * A worker that is not contacted at step t keeps its momentum and reports no loss (NaN). The result
 * depends only on its arguments, so a re-executed task is bit-identical. On a sparse block (the
 * {@code synthetic} dataset) the batch is a {@link SparseBatch} of the same rows and the step costs
 * O(b·nnz + d): the gradient, clipping and momentum stay dense (length d).
 */
public final class WorkerStep implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Model model;
  private final int[] batchSizes;
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
    this(model, new int[] {batchSize}, weightDecay, clip, beta, seed, null);
  }

  /**
   * @param batchSizes s_i of every worker i, or one size shared by all
   */
  public WorkerStep(
      Model model, int[] batchSizes, double weightDecay, double clip, double beta, long seed) {
    this(model, batchSizes.clone(), weightDecay, clip, beta, seed, null);
  }

  private WorkerStep(
      Model model,
      int[] batchSizes,
      double weightDecay,
      double clip,
      double beta,
      long seed,
      HorizontalFlip flip) {
    this.flip = flip;
    this.model = model;
    this.batchSizes = batchSizes;
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
    return new WorkerStep(model, batchSizes, weightDecay, clip, beta, seed, augmentation);
  }

  /** s_i of worker i. */
  public int batchSize(int worker) {
    return batchSizes.length == 1 ? batchSizes[0] : batchSizes[worker];
  }

  /**
   * The mini-batch worker {@code worker} uses at step {@code step}, augmented (if the dataset asks
   * for it) with the generator of (seed, AUGMENT, step, worker).
   */
  public Batch batch(DataBlock data, long step, int worker, IntUnaryOperator labelMap) {
    SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.BATCH, step, worker);
    Batch batch = data.sample(batchSize(worker), rng, labelMap);
    if (flip != null) {
      flip.apply(batch, Seeds.rng(seed, Seeds.Purpose.AUGMENT, step, worker));
    }
    return batch;
  }

  /**
   * Computes the worker's next state, every coordinate computed.
   *
   * @param labelMap identity for honest workers, the poisoning map for data-poisoning Byzantine
   *     ones
   */
  public WorkerState apply(
      DataBlock data, double[] theta, WorkerState previous, long step, IntUnaryOperator labelMap) {
    return apply(data, theta, previous, step, true, null, labelMap);
  }

  /**
   * Computes the worker's next state.
   *
   * @param contacted false when the server does not contact the worker at this step: it keeps its
   *     state and reports no loss (NaN)
   * @param coordinates the coordinates the worker computes, null for all of them; the momentum
   *     changes on these only (an empty mask: the worker computes its loss and gradient but no
   *     coordinate in time, e.g. SGD past its deadline)
   * @param labelMap identity for honest workers, the poisoning map for data-poisoning Byzantine
   *     ones
   */
  public WorkerState apply(
      DataBlock data,
      double[] theta,
      WorkerState previous,
      long step,
      boolean contacted,
      int[] coordinates,
      IntUnaryOperator labelMap) {
    int worker = previous.worker();
    if (!contacted) {
      return new WorkerState(worker, step, previous.momentum(), Double.NaN);
    }
    double[] g = new double[theta.length];
    double loss;
    if (data.isSparse()) {
      // the same rows the dense path would draw, in O(b·nnz); no augmentation for sparse data
      SparseBatch batch =
          data.sampleSparse(
              batchSize(worker), Seeds.rng(seed, Seeds.Purpose.BATCH, step, worker), labelMap);
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
    if (coordinates != null) {
      double[] m = prev == null ? new double[theta.length] : prev.clone();
      for (int j : coordinates) {
        m[j] = beta * m[j] + oneMinusBeta * g[j];
      }
      return new WorkerState(worker, step, m, loss);
    }
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
