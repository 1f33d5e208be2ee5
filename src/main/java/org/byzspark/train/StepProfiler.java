package org.byzspark.train;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.byzspark.io.TimingTable;
import org.byzspark.io.TimingTable.Item;
import org.byzspark.train.hgo.PartialAggregation;

/**
 * The per-step profile of one run ({@link TimingTable}, timing.csv): wall-clock laps on the driver
 * and Spark's task metrics of each step's worker job, from a {@link SparkListener} registered for
 * the run and removed by {@link #close}.
 *
 * <p><b>Laps.</b> {@link #begin} starts a step; each {@link #lap} attributes the time since the
 * previous lap to one item, so the items of a step add up to its wall time by construction. The
 * worker job is {@link #workersBegin}..{@link #workersEnd}: Spark's collect of the step's states
 * (or, sharded, of the batch losses).
 *
 * <p><b>Which tasks.</b> The driver thread tags its jobs with a local property naming the run, the
 * step and the phase ({@code before} the worker job, {@code workers} around its collect, {@code
 * after} from then on); the listener counts only the tasks of the result stage of the first job of
 * a step's {@code workers} phase (the worker job: one task per worker partition, without the stage
 * that deals the data into the workers' blocks at the first step), so runs sharing a Spark
 * application (a grid) never see each other's tasks. Listener events arrive asynchronously: a
 * step's row is complete once the listener has seen a later job of the run (the step's evaluation,
 * the next step) or the end of the step's jobs; {@link #csv} waits for that (at most {@value
 * #WAIT_MILLIS} ms, then writes what arrived).
 *
 * <p>Nothing here changes what the run computes: tags and the listener only observe Spark.
 */
final class StepProfiler implements AutoCloseable {
  /** The local property holding "run|step|phase" on the driver thread. */
  static final String PROPERTY = "byzspark.profile";

  /** The longest wait for the listener's events before a write. */
  static final long WAIT_MILLIS = 10_000;

  /** The phases of a step's jobs, in order: before the worker job, the worker job, after it. */
  private static final String BEFORE = "before";

  private static final String WORKERS = "workers";
  private static final String AFTER = "after";

  private final JavaSparkContext sc;
  private final String run;
  private final Listener listener;
  private final TimingTable table = new TimingTable();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final long[] nanos = new long[Item.values().length];
  private final String previousTag;
  private long step;
  private long start;
  private long last;
  private boolean closed;

  /** A step whose row waits for the listener's task metrics. */
  private record Pending(long step, long[] nanos, long stepNanos, double heap) {}

  /**
   * @param run a name no other run in the same Spark application uses at the same time (its output
   *     directory and start time)
   */
  StepProfiler(JavaSparkContext sc, String run) {
    this.sc = sc;
    this.run = run.replace('|', '/');
    this.previousTag = sc.getLocalProperty(PROPERTY);
    this.listener = new Listener(this.run);
    sc.sc().addSparkListener(listener);
  }

  /** Starts step t. */
  void begin(long t) {
    step = t;
    java.util.Arrays.fill(nanos, 0);
    start = System.nanoTime();
    last = start;
    tag(BEFORE);
  }

  /** Attributes the time since the previous lap to {@code item}. */
  void lap(Item item) {
    long now = System.nanoTime();
    nanos[item.ordinal()] += now - last;
    last = now;
  }

  /** The parts of an aggregation ({@link PartialAggregation.Times}), the rest of the lap other. */
  void lap(PartialAggregation.Times times) {
    long now = System.nanoTime();
    long parts = times.rowsNanos() + times.stageNanos() + times.ruleNanos();
    nanos[Item.SHUFFLE.ordinal()] += times.rowsNanos();
    nanos[Item.BYZANTINE.ordinal()] += times.stageNanos();
    nanos[Item.RULE.ordinal()] += times.ruleNanos();
    nanos[Item.OTHER.ordinal()] += Math.max(0, now - last - parts);
    last = now;
  }

  /** Ends the lap before the worker job (other) and tags the jobs that follow as the worker job. */
  void workersBegin() {
    lap(Item.OTHER);
    tag(WORKERS);
  }

  /** Ends the worker job's lap. */
  void workersEnd() {
    lap(Item.WORKERS);
    tag(AFTER);
  }

  /** Ends the step (the time since the last lap is other); its row waits for the task metrics. */
  void end(double heapMb) {
    lap(Item.OTHER);
    pending.put(step, new Pending(step, nanos.clone(), last - start, heapMb));
  }

  /**
   * timing.csv with every step ended so far: waits until the listener has the task metrics of the
   * pending steps (or {@value #WAIT_MILLIS} ms passed) and completes their rows.
   */
  String csv() {
    if (!pending.isEmpty()) {
      listener.await(pending, WAIT_MILLIS);
      pending.keySet().stream()
          .sorted()
          .toList()
          .forEach(t -> table.add(complete(pending.remove(t))));
    }
    return table.toCsv();
  }

  private TimingTable.Row complete(Pending p) {
    Listener.StepTasks s = listener.take(p.step());
    TimingTable.Tasks tasks = null;
    if (s != null && s.tasks > 0) {
      tasks = new TimingTable.Tasks(s.tasks, s.computeMs, s.launchMs, s.resultMs);
    }
    return new TimingTable.Row(p.step(), p.nanos(), p.stepNanos(), tasks, p.heap());
  }

  private void tag(String phase) {
    sc.setLocalProperty(PROPERTY, run + "|" + step + "|" + phase);
  }

  /** Removes the listener and the driver thread's tag (idempotent). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    sc.sc().removeSparkListener(listener);
    sc.setLocalProperty(PROPERTY, previousTag);
  }

  /** The run's jobs and the task metrics of each step's worker job, from Spark's events. */
  static final class Listener extends SparkListener {
    private final String run;
    private final Map<Long, StepTasks> steps = new HashMap<>();
    private final Map<Integer, StepTasks> byStage = new HashMap<>();
    private final Map<Integer, StepTasks> byJob = new HashMap<>();

    /**
     * The latest job of the run seen so far, as 3·step + phase (0 before the worker job, 1 the
     * worker job, 2 after it): a value of at least 3·t + 2 means a job posted after step t's worker
     * job was seen, hence every event of step t's jobs (Spark delivers them in order).
     */
    private long progress = -1;

    /** What the listener knows of one step's worker job. */
    static final class StepTasks {
      int workerJob = -1;
      boolean workerJobEnded;
      int tasks;
      long computeMs;
      long launchMs;
      long resultMs;
    }

    Listener(String run) {
      this.run = run;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart e) {
      Properties p = e.properties();
      String tag = p == null ? null : p.getProperty(PROPERTY);
      if (tag == null) {
        return;
      }
      int bar = tag.lastIndexOf('|');
      int bar2 = tag.lastIndexOf('|', bar - 1);
      if (bar2 < 0 || !tag.substring(0, bar2).equals(run)) {
        return;
      }
      long t = Long.parseLong(tag.substring(bar2 + 1, bar));
      String phase = tag.substring(bar + 1);
      boolean workers = phase.equals(WORKERS);
      progress = Math.max(progress, 3 * t + (workers ? 1 : phase.equals(AFTER) ? 2 : 0));
      if (workers) {
        StepTasks s = steps.computeIfAbsent(t, k -> new StepTasks());
        if (s.workerJob < 0) {
          s.workerJob = e.jobId();
          // the result stage (no shuffle output): the worker step, one task per worker; a stage
          // before it deals the data into the workers' blocks when they are not cached yet
          scala.collection.Iterator<StageInfo> stages = e.stageInfos().iterator();
          while (stages.hasNext()) {
            StageInfo stage = stages.next();
            if (stage.shuffleDepId().isEmpty()) {
              byStage.put(stage.stageId(), s);
            }
          }
          byJob.put(e.jobId(), s);
        }
      }
      notifyAll();
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd e) {
      StepTasks s = byJob.remove(e.jobId());
      if (s == null) {
        return;
      }
      s.workerJobEnded = true;
      notifyAll();
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
      StepTasks s = byStage.get(e.stageId());
      TaskMetrics m = e.taskMetrics();
      TaskInfo info = e.taskInfo();
      if (s == null || m == null || info == null) {
        return;
      }
      long run = m.executorRunTime();
      long deserialise = m.executorDeserializeTime();
      long serialise = m.resultSerializationTime();
      long fetch = info.gettingResultTime() > 0 ? info.finishTime() - info.gettingResultTime() : 0;
      long duration = info.finishTime() - info.launchTime();
      long delay = Math.max(0, duration - run - deserialise - serialise - fetch);
      s.tasks++;
      s.computeMs += run;
      s.launchMs += deserialise + delay;
      s.resultMs += serialise + fetch;
    }

    /** Whether the events of step t's worker job have all arrived. */
    private boolean complete(long t) {
      if (progress >= 3 * t + 2) {
        return true;
      }
      StepTasks s = steps.get(t);
      return s != null && s.workerJobEnded;
    }

    /** Waits until every pending step is complete or {@code millis} passed. */
    synchronized void await(Map<Long, Pending> pending, long millis) {
      long deadline = System.nanoTime() + millis * 1_000_000L;
      for (Pending p : pending.values()) {
        while (!complete(p.step())) {
          long left = (deadline - System.nanoTime()) / 1_000_000L;
          if (left <= 0) {
            return;
          }
          try {
            wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    /** Step t's figures, forgotten here (the stage map included). */
    synchronized StepTasks take(long t) {
      StepTasks s = steps.remove(t);
      if (s != null) {
        byStage.values().removeIf(v -> v == s);
      }
      return s;
    }
  }
}
