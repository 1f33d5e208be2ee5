package org.byzspark.train;

import java.io.Serializable;
import org.apache.spark.Partition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.apache.spark.scheduler.TaskLocation;
import scala.Option;
import scala.collection.immutable.Seq;

/**
 * The tasks of a step's worker job: k groups of consecutive workers, each run by one task that
 * computes its workers' partitions one after another (the state keeps one partition per worker).
 *
 * <p>A group is always the same range of workers, [g·n/k, (g+1)·n/k), so the workers computed by
 * one task in one step are computed by one task in the next, and each group prefers the executor
 * that holds the cached data block of its first worker (where the step before ran the group). A
 * worker's data and state are cached where its group ran, so the step reads them from that
 * executor's memory, where Spark's default coalescer would group partitions by host and could send
 * a worker to an executor that has to fetch its data block (megabytes) from another one.
 */
final class WorkerGroups implements PartitionCoalescer, Serializable {
  private static final long serialVersionUID = 1L;

  /** Per group, the preferred location (Spark's string form), or null. */
  private final String[] prefs;

  private WorkerGroups(String[] prefs) {
    this.prefs = prefs;
  }

  /** The first worker of group g of k groups over n workers. */
  static int start(int g, int n, int k) {
    return (int) ((long) g * n / k);
  }

  /**
   * {@code rdd} (n partitions, one per worker) computed by k tasks of consecutive workers; each
   * task prefers where the cached block of its first worker in {@code data} is. With k ≥ n, {@code
   * rdd} itself (a task per worker).
   */
  static <T> JavaRDD<T> coalesce(JavaSparkContext sc, JavaRDD<T> rdd, JavaRDD<?> data, int k) {
    int n = rdd.getNumPartitions();
    if (k >= n) {
      return rdd;
    }
    String[] prefs = new String[k];
    for (int g = 0; g < k; g++) {
      // the scheduler's own view of where the block is cached (empty before the first step)
      Seq<TaskLocation> locs = sc.sc().getPreferredLocs(data.rdd(), start(g, n, k));
      prefs[g] = locs.isEmpty() ? null : locs.head().toString();
    }
    RDD<T> grouped = rdd.rdd().coalesce(k, false, Option.apply(new WorkerGroups(prefs)), null);
    return new JavaRDD<>(grouped, rdd.classTag());
  }

  @Override
  public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
    Partition[] parts = parent.partitions();
    int n = parts.length;
    int k = prefs.length;
    PartitionGroup[] groups = new PartitionGroup[k];
    for (int g = 0; g < k; g++) {
      groups[g] = new PartitionGroup(Option.apply(prefs[g]));
      for (int i = start(g, n, k); i < start(g + 1, n, k); i++) {
        groups[g].partitions().$plus$eq(parts[i]);
      }
    }
    return groups;
  }
}
