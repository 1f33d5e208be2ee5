package org.byzspark.train;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.byzspark.attack.TargetedAttack;
import org.byzspark.attack.Trigger;
import org.byzspark.data.DataBlock;
import org.byzspark.engine.RddOps;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.model.RegressionModel;
import org.byzspark.model.SparseBatch;

/**
 * Top-1 accuracy of θ on the test set, computed on the cluster: each test partition counts its
 * correct predictions; the driver adds the integer counts in partition order, so the result does
 * not depend on task order or core count. Sparse blocks (the {@code synthetic} test set) are
 * predicted from {@link SparseBatch}es.
 */
public final class Evaluator {
  /**
   * Rows predicted together (a model with batch statistics, {@code CifarCnn}, predicts a row from
   * its chunk): {@code byzspark predict} predicts in the same chunks.
   */
  public static final int CHUNK = 512;

  private Evaluator() {}

  /**
   * Top-1 accuracy; NaN for a {@link RegressionModel}, which has no classes (see {@link
   * #meanSquaredError}).
   */
  public static double accuracy(JavaRDD<DataBlock> test, Broadcast<double[]> theta, Model model) {
    if (model instanceof RegressionModel) {
      return Double.NaN;
    }
    List<long[]> counts =
        RddOps.collect(RddOps.map(test, block -> countCorrect(block, theta.value(), model)));
    long correct = 0;
    long total = 0;
    for (long[] c : counts) {
      correct += c[0];
      total += c[1];
    }
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /**
   * The test mean squared error (1/N) Σ (ŷ − y)² of a regression model: each partition returns its
   * sum of squared errors (chunks of 512 rows added in order) and its row count; the driver adds
   * them in partition order, so the value does not depend on task order or core count.
   */
  public static double meanSquaredError(
      JavaRDD<DataBlock> test, Broadcast<double[]> theta, RegressionModel model) {
    List<double[]> parts =
        RddOps.collect(RddOps.map(test, block -> squaredErrors(block, theta.value(), model)));
    double sum = 0;
    double rows = 0;
    for (double[] p : parts) {
      sum += p[0];
      rows += p[1];
    }
    return rows == 0 ? Double.NaN : sum / rows;
  }

  static double[] squaredErrors(DataBlock block, double[] theta, RegressionModel model) {
    double sum = 0;
    for (int from = 0; from < block.rows(); from += CHUNK) {
      int to = Math.min(block.rows(), from + CHUNK);
      sum += model.sumSquaredError(theta, block.slice(from, to));
    }
    return new double[] {sum, block.rows()};
  }

  static long[] countCorrect(DataBlock block, double[] theta, Model model) {
    long correct = 0;
    for (int from = 0; from < block.rows(); from += CHUNK) {
      int to = Math.min(block.rows(), from + CHUNK);
      int[] pred;
      int[] y;
      if (block.isSparse()) {
        SparseBatch batch = block.sliceSparse(from, to);
        pred = model.predict(theta, batch);
        y = batch.y();
      } else {
        Batch batch = block.slice(from, to);
        pred = model.predict(theta, batch);
        y = batch.y();
      }
      for (int r = 0; r < pred.length; r++) {
        if (pred[r] == y[r]) {
          correct++;
        }
      }
    }
    return new long[] {correct, block.rows()};
  }

  /**
   * The attack success rate of a targeted attack ({@code test_asr}): among the test examples the
   * attack {@link TargetedAttack#counts}, stamped with its trigger if it has one, the fraction the
   * model classifies as its target; NaN when no example counts. Counts are integers added in
   * partition order, so the value does not depend on task order or core count.
   */
  public static double attackSuccessRate(
      JavaRDD<DataBlock> test, Broadcast<double[]> theta, Model model, TargetedAttack attack) {
    List<long[]> counts =
        RddOps.collect(RddOps.map(test, block -> countHits(block, theta.value(), model, attack)));
    long hits = 0;
    long total = 0;
    for (long[] c : counts) {
      hits += c[0];
      total += c[1];
    }
    return total == 0 ? Double.NaN : (double) hits / total;
  }

  /** {hits, counted} of one block: counted examples (triggered) predicted as the target. */
  static long[] countHits(DataBlock block, double[] theta, Model model, TargetedAttack attack) {
    long hits = 0;
    long counted = 0;
    Trigger trigger = attack.trigger();
    for (int from = 0; from < block.rows(); from += CHUNK) {
      int to = Math.min(block.rows(), from + CHUNK);
      Batch slice = block.slice(from, to);
      int d = slice.inputDim();
      int m = 0;
      for (int r = 0; r < slice.rows(); r++) {
        if (attack.counts(slice.y()[r])) {
          m++;
        }
      }
      if (m == 0) {
        continue;
      }
      double[] x = new double[m * d];
      int[] y = new int[m];
      int k = 0;
      for (int r = 0; r < slice.rows(); r++) {
        if (attack.counts(slice.y()[r])) {
          System.arraycopy(slice.x(), r * d, x, k * d, d);
          y[k] = slice.y()[r];
          if (trigger != null) {
            trigger.stamp(x, k, d);
          }
          k++;
        }
      }
      int[] pred = model.predict(theta, new Batch(x, y, m, d));
      for (int p : pred) {
        if (p == attack.target()) {
          hits++;
        }
      }
      counted += m;
    }
    return new long[] {hits, counted};
  }
}
