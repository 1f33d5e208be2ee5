package org.byzspark.train;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.byzspark.data.DataBlock;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.model.SparseBatch;

/**
 * Top-1 accuracy of θ on the test set, computed on the cluster: each test partition counts its
 * correct predictions; the driver adds the integer counts in partition order, so the result does
 * not depend on task order or core count. Sparse blocks (the {@code synthetic} test set) are
 * predicted from {@link SparseBatch}es.
 */
public final class Evaluator {
  private static final int CHUNK = 512;

  private Evaluator() {}

  public static double accuracy(JavaRDD<DataBlock> test, Broadcast<double[]> theta, Model model) {
    List<long[]> counts = test.map(block -> countCorrect(block, theta.value(), model)).collect();
    long correct = 0;
    long total = 0;
    for (long[] c : counts) {
      correct += c[0];
      total += c[1];
    }
    return total == 0 ? Double.NaN : (double) correct / total;
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
}
