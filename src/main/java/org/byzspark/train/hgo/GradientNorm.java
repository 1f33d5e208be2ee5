package org.byzspark.train.hgo;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.byzspark.data.DataBlock;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.util.Seeds;

/**
 * ‖∇F(θ)‖ for F(θ) = (1/N) Σ_x loss(θ; x) + (wd/2)‖θ‖² over the whole training set (every worker's
 * data, honest or not, without label poisoning), computed on the cluster: each partition returns
 * the sum of its examples' gradients (chunks of 512 rows, mean gradient × rows) and its row count;
 * the driver adds them in partition order, so the value does not depend on task order. This is the
 * quantity of BRSGD's rate min_k ‖∇F(w_k)‖ = O(K^−(1−p)/2). For a model with dropout the gradient
 * is that of the training-mode loss with masks drawn per (seed, step, block, chunk), see {@link
 * #noiseSeed}; the models without random layers ignore the seed. A sparse block (the {@code
 * synthetic} dataset) is read in sparse slices of the same rows.
 */
public final class GradientNorm {
  private static final int CHUNK = 512;

  private GradientNorm() {}

  public static double compute(
      JavaRDD<DataBlock> blocks,
      Broadcast<double[]> theta,
      Model model,
      double weightDecay,
      long seed,
      long step) {
    double[] v = gradient(blocks, theta, model, weightDecay, seed, step);
    double sq = 0;
    for (int i = 0; i < v.length; i++) {
      sq += v[i] * v[i];
    }
    return Math.sqrt(sq);
  }

  /** ∇F(θ) itself, the vector whose norm {@link #compute} returns (same bits, same order). */
  public static double[] gradient(
      JavaRDD<DataBlock> blocks,
      Broadcast<double[]> theta,
      Model model,
      double weightDecay,
      long seed,
      long step) {
    List<double[]> parts =
        blocks
            .mapPartitionsWithIndex(
                (part, it) -> {
                  List<double[]> out = new ArrayList<>();
                  for (int k = 0; it.hasNext(); k++) {
                    out.add(sum(it.next(), theta.value(), model, noiseSeed(seed, step, part, k)));
                  }
                  return out.iterator();
                },
                true)
            .collect();
    double[] th = theta.value();
    int d = th.length;
    double[] g = new double[d];
    double rows = 0;
    for (double[] p : parts) {
      for (int i = 0; i < d; i++) {
        g[i] += p[i];
      }
      rows += p[d];
    }
    double[] v = new double[d];
    for (int i = 0; i < d; i++) {
      v[i] = g[i] / rows + weightDecay * th[i];
    }
    return v;
  }

  /**
   * The dropout stream of block {@code k} of partition {@code part} at this evaluation: {@code
   * (seed, DROPOUT, step, part, k)}, three coordinates where a worker's training masks have two
   * (step, worker), so the two streams are different derivations. Chunk c of the block then gets
   * {@code Seeds.derive(noiseSeed, DROPOUT, c)}.
   */
  static long noiseSeed(long seed, long step, int part, int k) {
    return Seeds.derive(seed, Seeds.Purpose.DROPOUT, step, part, k);
  }

  /**
   * Σ over the block's rows of ∇loss, then the row count, in one array of length d + 1; a model
   * with dropout draws the masks of chunk c (of {@value #CHUNK} rows) from {@code
   * Seeds.derive(noiseSeed, DROPOUT, c)}, so the value is the same on a recomputed task.
   */
  static double[] sum(DataBlock block, double[] theta, Model model, long noiseSeed) {
    int d = theta.length;
    double[] out = new double[d + 1];
    double[] g = new double[d];
    for (int from = 0; from < block.rows(); from += CHUNK) {
      int to = Math.min(block.rows(), from + CHUNK);
      if (block.isSparse()) {
        model.lossAndGradient(theta, block.sliceSparse(from, to), g);
      } else {
        Batch batch = block.slice(from, to);
        model.lossAndGradient(
            theta, batch, g, Seeds.derive(noiseSeed, Seeds.Purpose.DROPOUT, from / CHUNK));
      }
      for (int i = 0; i < d; i++) {
        out[i] += g[i] * (to - from);
      }
    }
    out[d] = block.rows();
    return out;
  }
}
