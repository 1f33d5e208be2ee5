package org.byzspark.train;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.rdd.RDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.BlockUpdatedInfo;
import org.apache.spark.storage.RDDBlockId;

/**
 * Reports, on the driver's console, what a run survives on a cluster: a lost executor, the tasks
 * that failed with it and were resubmitted, and the cached partitions (worker data, worker state)
 * that were rebuilt elsewhere from their lineage because their only copy was on the lost executor.
 *
 * <p>Spark logs the first two at WARN/ERROR on its own but the recomputation only at INFO, on the
 * executors. Here a cached partition counts as recomputed when it is stored again on another
 * executor after the executor that held it was removed (a block moving from memory to disk on the
 * same executor is not a recomputation). Listener callbacks run on Spark's listener thread; the
 * state below is only touched there.
 */
public final class RecoveryLog extends SparkListener {
  private final SparkContext sc;
  private final Consumer<String> out;
  private final Map<String, String> holder = new HashMap<>(); // "rdd_r_p" -> executor id
  private final Set<String> lost = new HashSet<>();

  public RecoveryLog(SparkContext sc, Consumer<String> out) {
    this.sc = sc;
    this.out = out;
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
    lost.add(e.executorId());
    out.accept(
        "executor "
            + e.executorId()
            + " lost ("
            + firstLine(e.reason())
            + "); its tasks are resubmitted and its cached partitions recomputed from lineage");
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    if (e.reason() instanceof TaskFailedReason failed) {
      out.accept(
          "task for partition "
              + e.taskInfo().partitionId()
              + " of stage "
              + e.stageId()
              + " (attempt "
              + e.taskInfo().attemptNumber()
              + ", executor "
              + e.taskInfo().executorId()
              + ") failed: "
              + firstLine(failed.toErrorString())
              + "; resubmitted");
    }
  }

  @Override
  public void onBlockUpdated(SparkListenerBlockUpdated e) {
    BlockUpdatedInfo info = e.blockUpdatedInfo();
    if (!(info.blockId() instanceof RDDBlockId block) || !info.storageLevel().isValid()) {
      return;
    }
    String executor = info.blockManagerId().executorId();
    String before = holder.put(block.name(), executor);
    if (before != null && !before.equals(executor) && lost.contains(before)) {
      out.accept(
          "partition "
              + block.splitIndex()
              + " of '"
              + rddName(block.rddId())
              + "' recomputed on executor "
              + executor
              + " (its copy was lost with executor "
              + before
              + ")");
    }
  }

  private String rddName(int id) {
    scala.Option<RDD<?>> rdd = sc.getPersistentRDDs().get(id);
    return rdd.isDefined() && rdd.get().name() != null ? rdd.get().name() : "rdd " + id;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no reason given";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
