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
 *       attack see poisoned labels, or batches a backdoor rewrote (seeded by (seed, POISON, t,
 *       worker)); the dataset's augmentation, if any, draws from (seed, AUGMENT, t, worker);
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
 * <p><b>Local steps (FedAvg).</b> With K = {@link #withLocalSteps local steps} &gt; 1 the worker
 * starts from the broadcast θ_t = θ_{t,0} and runs K mini-batch SGD steps θ_{t,k+1} = θ_{t,k} −
 * η_l·g_k with its local learning rate η_l, where g_k is the gradient of step 2–3 (weight decay,
 * clipping) at θ_{t,k} on the k-th mini-batch; batch k draws from (seed, BATCH, t, worker) for k =
 * 0 (the batch of K = 1) and from (seed, BATCH, t, worker, k) for k ≥ 1 (likewise for dropout and
 * augmentation). Its <em>pseudo-gradient</em> is the mean of the K local gradients
 *
 * <pre>  g = (g_0 + … + g_{K−1}) / K = (θ_t − θ_{t,K}) / (η_l·K)</pre>
 *
 * and it enters step 4 in place of the gradient. This convention keeps g on the scale of one
 * gradient whatever K and η_l (so the server's learning rate and the rules' thresholds keep their
 * meaning), and K = 1 gives exactly g_0: the bits of the one-step worker. It is computed as the
 * mean (not as the difference of parameters, which rounds differently), so K = 1 is bit-identical.
 * The reported loss is the mean of the K batch losses.
 *
 * <p>A worker that is not contacted at step t keeps its momentum and reports no loss (NaN). The
 * result depends only on its arguments, so a re-executed task is bit-identical. On a sparse block
 * (the {@code synthetic} dataset) the batch is a {@link SparseBatch} of the same rows and the step
 * costs O(b·nnz + d): the gradient, clipping and momentum stay dense (length d).
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
  private final int localSteps;
  private final double localLr;

  /**
   * @param clip the norm bound C; {@code Double.POSITIVE_INFINITY} disables clipping
   */
  public WorkerStep(
      Model model, int batchSize, double weightDecay, double clip, double beta, long seed) {
    this(model, new int[] {batchSize}, weightDecay, clip, beta, seed, null, 1, 0);
  }

  /**
   * @param batchSizes s_i of every worker i, or one size shared by all
   */
  public WorkerStep(
      Model model, int[] batchSizes, double weightDecay, double clip, double beta, long seed) {
    this(model, batchSizes.clone(), weightDecay, clip, beta, seed, null, 1, 0);
  }

  private WorkerStep(
      Model model,
      int[] batchSizes,
      double weightDecay,
      double clip,
      double beta,
      long seed,
      HorizontalFlip flip,
      int localSteps,
      double localLr) {
    this.flip = flip;
    this.localSteps = localSteps;
    this.localLr = localLr;
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
    return new WorkerStep(
        model, batchSizes, weightDecay, clip, beta, seed, augmentation, localSteps, localLr);
  }

  /**
   * The same step with K local SGD steps of learning rate {@code localLr} per round (FedAvg; see
   * the class comment for the pseudo-gradient); K = 1 is the one-step worker.
   */
  public WorkerStep withLocalSteps(int k, double localLr) {
    if (k < 1) {
      throw new IllegalArgumentException("--local-steps: " + k + " is not allowed; allowed: >= 1");
    }
    if (!(localLr > 0) || Double.isInfinite(localLr)) {
      throw new IllegalArgumentException(
          "--local-lr: " + localLr + " is not allowed; allowed: a finite number > 0");
    }
    return new WorkerStep(model, batchSizes, weightDecay, clip, beta, seed, flip, k, localLr);
  }

  /** K, the local steps per round. */
  public int localSteps() {
    return localSteps;
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
    return batch(data, step, worker, 0, labelMap);
  }

  /** The mini-batch of local step {@code local} (0 for the first, the one-step worker's batch). */
  public Batch batch(DataBlock data, long step, int worker, int local, IntUnaryOperator labelMap) {
    return batch(data, step, worker, local, labelMap, null);
  }

  /**
   * The mini-batch of local step {@code local}, rewritten by a data-poisoning attack's {@code
   * poison} (null: none) with the generator of (seed, POISON, step, worker[, local]) after sampling
   * and augmentation.
   */
  public Batch batch(
      DataBlock data,
      long step,
      int worker,
      int local,
      IntUnaryOperator labelMap,
      org.byzspark.attack.BatchPoison poison) {
    Batch batch =
        data.sample(batchSize(worker), rng(Seeds.Purpose.BATCH, step, worker, local), labelMap);
    if (flip != null) {
      flip.apply(batch, rng(Seeds.Purpose.AUGMENT, step, worker, local));
    }
    if (poison != null) {
      poison.apply(batch, rng(Seeds.Purpose.POISON, step, worker, local));
    }
    return batch;
  }

  /** The generator of (seed, purpose, step, worker) for local step 0, with k appended for k ≥ 1. */
  private SplittableRandom rng(Seeds.Purpose purpose, long step, int worker, int local) {
    return new SplittableRandom(derive(purpose, step, worker, local));
  }

  private long derive(Seeds.Purpose purpose, long step, int worker, int local) {
    return local == 0
        ? Seeds.derive(seed, purpose, step, worker)
        : Seeds.derive(seed, purpose, step, worker, local);
  }

  /**
   * g ← the gradient of local step {@code local} at {@code at} (weight decay, clipping); returns
   * the batch's data loss.
   */
  private double gradient(
      DataBlock data,
      double[] at,
      long step,
      int worker,
      int local,
      IntUnaryOperator labelMap,
      org.byzspark.attack.BatchPoison poison,
      double[] g) {
    double loss;
    if (data.isSparse()) {
      if (poison != null) {
        throw new IllegalArgumentException("a batch-rewriting attack needs dense (image) data");
      }
      // the same rows the dense path would draw, in O(b·nnz); no augmentation for sparse data
      SparseBatch batch =
          data.sampleSparse(
              batchSize(worker), rng(Seeds.Purpose.BATCH, step, worker, local), labelMap);
      loss = model.lossAndGradient(at, batch, g);
    } else {
      loss =
          model.lossAndGradient(
              at,
              batch(data, step, worker, local, labelMap, poison),
              g,
              derive(Seeds.Purpose.DROPOUT, step, worker, local));
    }
    if (weightDecay != 0) {
      for (int i = 0; i < g.length; i++) {
        g[i] += weightDecay * at[i];
      }
    }
    clipInPlace(g, clip);
    return loss;
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
    return apply(data, theta, previous, step, contacted, coordinates, labelMap, null);
  }

  /**
   * Computes the worker's next state, its batches rewritten by {@code poison} (a Byzantine worker
   * under a batch-rewriting attack such as {@code backdoor}; null for the others).
   */
  public WorkerState apply(
      DataBlock data,
      double[] theta,
      WorkerState previous,
      long step,
      boolean contacted,
      int[] coordinates,
      IntUnaryOperator labelMap,
      org.byzspark.attack.BatchPoison poison) {
    int worker = previous.worker();
    if (!contacted) {
      return new WorkerState(worker, step, previous.momentum(), Double.NaN);
    }
    double[] g = new double[theta.length];
    double loss = gradient(data, theta, step, worker, 0, labelMap, poison, g);
    if (localSteps > 1) {
      // FedAvg: K local steps from θ_t; g becomes the mean of the K local gradients
      double[] at = theta.clone();
      double[] gk = g;
      g = g.clone(); // the running sum, starting with g_0
      double lossSum = loss;
      for (int k = 1; k < localSteps; k++) {
        for (int i = 0; i < at.length; i++) {
          at[i] -= localLr * gk[i];
        }
        gk = new double[theta.length];
        lossSum += gradient(data, at, step, worker, k, labelMap, poison, gk);
        for (int i = 0; i < g.length; i++) {
          g[i] += gk[i];
        }
      }
      for (int i = 0; i < g.length; i++) {
        g[i] /= localSteps;
      }
      loss = lossSum / localSteps;
    }
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
