package org.byzspark.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SimpleUpdater;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.SplitDealing;
import org.byzspark.data.TrainingData;
import org.byzspark.data.WorkerPartitioner;
import org.byzspark.model.SparseBatch;
import scala.Tuple2;

/**
 * MLlib's side of scripts/bench-mllib.sh: mini-batch {@code GradientDescent.runMiniBatchSGD} with
 * {@code LogisticGradient} and {@code SimpleUpdater} (no regularisation) on the very data and
 * partitions ByzSpark trains on (the dataset dealt to n workers by {@link WorkerPartitioner#iid}
 * with the same seed, optionally restricted to two classes as {@code --binary-classes} does), with
 * a constant 1 appended to every row so that MLlib's weights include ByzSpark's bias: d = p + 1 for
 * binary logistic, (C − 1)(p + 1) for MLlib's multinomial logistic (class 0 is its pivot;
 * ByzSpark's softmax has C(p + 1)). miniBatchFraction = n·b / N, so the expected batch equals
 * ByzSpark's n·b.
 *
 * <p>Prints one tab-separated line: {@code mllib <model> <iterations> <total ms> <ms/iteration>
 * <final loss>}. Per-iteration job times come from Spark's event log when the caller enables it.
 *
 * <p>Usage: {@code MllibBench DATASET_SPEC DATA_DIR MODEL(logistic|softmax) POS,NEG|all WORKERS
 * BATCH STEPS LR SEED MASTER}
 */
public final class MllibBench {
  private MllibBench() {}

  public static void main(String[] args) {
    String dataset = args[0];
    String dataDir = args[1];
    String model = args[2];
    String classes = args[3];
    int workers = Integer.parseInt(args[4]);
    int batch = Integer.parseInt(args[5]);
    int steps = Integer.parseInt(args[6]);
    double lr = Double.parseDouble(args[7]);
    long seed = Long.parseLong(args[8]);
    String master = args[9];
    SparkConf conf = new SparkConf().setAppName("MLlib GradientDescent bench").setMaster(master);
    conf.setIfMissing("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      TrainingData data = TrainingData.load(sc, DatasetSpec.parse(dataset, dataDir), seed);
      if (!classes.equals("all")) {
        String[] pn = classes.split(",");
        data =
            SplitDealing.binary(
                data, Integer.parseInt(pn[0].strip()), Integer.parseInt(pn[1].strip()));
      }
      int numClasses = data.numClasses();
      if (model.equals("logistic") && numClasses != 2) {
        throw new IllegalArgumentException("logistic needs two classes (give POS,NEG)");
      }
      int p = data.dim();
      JavaRDD<DataBlock> blocks =
          WorkerPartitioner.iid(data.train(), data.trainCount(), workers, p, seed);
      JavaRDD<Tuple2<Object, Vector>> points =
          blocks
              .mapPartitions(
                  (Iterator<DataBlock> it) -> {
                    List<Tuple2<Object, Vector>> out = new ArrayList<>();
                    while (it.hasNext()) {
                      DataBlock b = it.next();
                      SparseBatch s = b.sliceSparse(0, b.rows());
                      for (int r = 0; r < s.rows(); r++) {
                        double[] x = new double[p + 1];
                        for (int k = s.rowPtr()[r]; k < s.rowPtr()[r + 1]; k++) {
                          x[s.cols()[k]] = s.vals()[k];
                        }
                        x[p] = 1.0; // the intercept
                        out.add(new Tuple2<>((double) s.y()[r], Vectors.dense(x)));
                      }
                    }
                    return out.iterator();
                  },
                  true)
              .persist(StorageLevel.MEMORY_ONLY());
      long count = points.count();
      int d = (numClasses - 1) * (p + 1);
      double fraction = Math.min(1.0, (double) workers * batch / count);
      LogisticGradient gradient = new LogisticGradient(numClasses);
      Vector init = Vectors.zeros(d);
      // warm-up (JIT, broadcast machinery), not timed
      GradientDescent.runMiniBatchSGD(
          points.rdd(),
          gradient,
          new SimpleUpdater(),
          lr,
          Math.min(5, steps),
          0.0,
          fraction,
          init,
          0.0);
      long t0 = System.nanoTime();
      Tuple2<Vector, double[]> r =
          GradientDescent.runMiniBatchSGD(
              points.rdd(), gradient, new SimpleUpdater(), lr, steps, 0.0, fraction, init, 0.0);
      double total = (System.nanoTime() - t0) / 1e6;
      double[] losses = r._2();
      System.out.printf(
          Locale.ROOT,
          "mllib\t%s\t%d\t%.1f\t%.2f\t%.4f\tN=%d\tfraction=%.6f\td=%d%n",
          model,
          losses.length,
          total,
          total / Math.max(1, losses.length),
          losses.length == 0 ? Double.NaN : losses[losses.length - 1],
          count,
          fraction,
          d);
      points.unpersist(false);
    }
  }
}
