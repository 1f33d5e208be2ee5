package org.byzspark.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.engine.RddOps;

/**
 * Spark's own cost of a training step that does no work, for {@code scripts/bench-step.sh}: the
 * reference beside which the per-step profile's Spark time is read.
 *
 * <pre>
 * SparkJobFloor MASTER TASKS DIM STEPS SKIP
 *   prints "broadcast_ms B job_ms J step_ms S" (medians over the steps after the first SKIP)
 * </pre>
 *
 * <p>Each of STEPS steps does what a step of the driver mode asks of Spark, with no computation: it
 * broadcasts a new vector of DIM doubles (θ), runs one job of TASKS tasks over a cached RDD of
 * TASKS partitions, each task reading the broadcast and returning one number (a batch loss), and
 * destroys the broadcast. The functions are small named classes called through {@link RddOps}, as
 * in the training step, so Spark's closure cleaner skips them. The Spark settings are the JVM's
 * {@code spark.*} system properties (the launcher's {@code conf/spark-defaults.conf}), the master
 * is MASTER. The first steps include the JIT compiler's warm-up, as the first steps of a training
 * run do: compare medians over the same steps.
 */
public final class SparkJobFloor {
  private SparkJobFloor() {}

  /** A task's work: one number read from the broadcast. */
  static final class ReadFirst implements RddOps.Fn<Integer, Double> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<double[]> theta;

    ReadFirst(Broadcast<double[]> theta) {
      this.theta = theta;
    }

    @Override
    public Double call(Integer part) {
      return theta.value()[part];
    }
  }

  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: SparkJobFloor MASTER TASKS DIM STEPS SKIP");
      System.exit(2);
    }
    String master = args[0];
    int tasks = Integer.parseInt(args[1]);
    int dim = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);
    int skip = Integer.parseInt(args[4]);
    if (tasks < 1 || dim < tasks || steps <= skip || skip < 0) {
      System.err.println(
          "SparkJobFloor: need TASKS ≥ 1, DIM ≥ TASKS, 0 ≤ SKIP < STEPS; got "
              + String.join(" ", Arrays.copyOfRange(args, 1, 5)));
      System.exit(2);
    }
    SparkConf conf = new SparkConf().setAppName("Spark job floor").setMaster(master);
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      List<Integer> ids = new ArrayList<>();
      for (int p = 0; p < tasks; p++) {
        ids.add(p);
      }
      JavaRDD<Integer> parts = sc.parallelize(ids, tasks).persist(StorageLevel.MEMORY_ONLY());
      parts.count();
      double[] b = new double[steps];
      double[] j = new double[steps];
      double[] s = new double[steps];
      double check = 0;
      for (int t = 0; t < steps; t++) {
        double[] theta = new double[dim];
        theta[t % tasks] = t;
        long t0 = System.nanoTime();
        Broadcast<double[]> bc = sc.broadcast(theta);
        long t1 = System.nanoTime();
        List<Double> losses = RddOps.collect(RddOps.map(parts, new ReadFirst(bc)));
        long t2 = System.nanoTime();
        bc.destroy();
        long t3 = System.nanoTime();
        for (double l : losses) {
          check += l;
        }
        b[t] = (t1 - t0) / 1e6;
        j[t] = (t2 - t1) / 1e6;
        s[t] = (t3 - t0) / 1e6;
      }
      parts.unpersist(false);
      long expected = (long) steps * (steps - 1) / 2; // step t's tasks return t in all
      if (check != expected) {
        System.err.println("SparkJobFloor: the jobs returned " + check + ", expected " + expected);
        System.exit(1);
      }
      System.out.printf(
          Locale.ROOT,
          "broadcast_ms %.3f job_ms %.3f step_ms %.3f%n",
          median(b, skip),
          median(j, skip),
          median(s, skip));
    }
  }

  private static double median(double[] v, int skip) {
    double[] w = Arrays.copyOfRange(v, skip, v.length);
    Arrays.sort(w);
    int n = w.length;
    return n % 2 == 1 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
  }
}
