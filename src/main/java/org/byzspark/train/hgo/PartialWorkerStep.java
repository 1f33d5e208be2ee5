package org.byzspark.train.hgo;

import java.io.Serializable;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.byzspark.data.DataBlock;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.train.WorkerState;
import org.byzspark.train.WorkerStep;
import org.byzspark.util.Seeds;

/**
 * One worker's computation at a step of HGO / SGD (honest worker of HGO Algorithm 1), pure.
 *
 * <p>A contacted worker samples s_i examples (the same stream as {@link
 * org.byzspark.train.WorkerStep}: {@code (seed, BATCH, step, worker)}), computes g = ∇loss + wd·θ,
 * clipped to C, and updates its momentum <em>on the coordinates it computes this step only</em>:
 * m_j ← β·m_j + (1−β)·g_j for j among its b_i coordinates, m_j unchanged otherwise; it sends m on
 * those coordinates. With β = 0 (HGO's setting) the message is the partial gradient itself. The
 * simulation computes the whole gradient (the model has no cheaper partial gradient) and the
 * clipping uses its full norm; only the sent coordinates are read by the server. A worker that is
 * not contacted keeps its state. Dropout masks, for a model that has them, come from {@code (seed,
 * DROPOUT, step, worker)}, as in {@link org.byzspark.train.WorkerStep}.
 */
public final class PartialWorkerStep implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Model model;
  private final int[] batchSizes;
  private final double weightDecay;
  private final double clip;
  private final double beta;
  private final long seed;

  public PartialWorkerStep(
      Model model, int[] batchSizes, double weightDecay, double clip, double beta, long seed) {
    this.model = model;
    this.batchSizes = batchSizes.clone();
    this.weightDecay = weightDecay;
    this.clip = clip;
    this.beta = beta;
    this.seed = seed;
  }

  /**
   * @param coordinates the coordinates this worker computes, or null when it is not contacted
   */
  public WorkerState apply(
      DataBlock data,
      double[] theta,
      WorkerState previous,
      long step,
      int[] coordinates,
      IntUnaryOperator labelMap) {
    int worker = previous.worker();
    if (coordinates == null) {
      return new WorkerState(worker, step, previous.momentum(), Double.NaN);
    }
    SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.BATCH, step, worker);
    Batch batch = data.sample(batchSizes[worker], rng, labelMap);
    double[] g = new double[theta.length];
    // the seeded call, as WorkerStep: a model with dropout (CifarCnn) draws this worker's masks
    // for this step, the same on a recomputed task
    double loss =
        model.lossAndGradient(
            theta, batch, g, Seeds.derive(seed, Seeds.Purpose.DROPOUT, step, worker));
    if (weightDecay != 0) {
      for (int i = 0; i < g.length; i++) {
        g[i] += weightDecay * theta[i];
      }
    }
    WorkerStep.clipInPlace(g, clip); // the norm of the whole simulated gradient
    double[] prev = previous.momentum();
    double[] m = prev == null ? new double[theta.length] : prev.clone();
    for (int j : coordinates) {
      m[j] = beta * m[j] + (1 - beta) * g[j];
    }
    return new WorkerState(worker, step, m, loss);
  }
}
