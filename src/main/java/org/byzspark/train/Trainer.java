package org.byzspark.train;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.aggregation.Aggregation;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.attack.Attack;
import org.byzspark.attack.Attacks;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.engine.ShardScope;
import org.byzspark.engine.ShardedVectorSet;
import org.byzspark.io.MetricsTable;
import org.byzspark.io.RunOutput;
import org.byzspark.model.Model;
import org.byzspark.model.Models;
import scala.Tuple2;

/**
 * The driver loop of distributed-momentum SGD under Byzantine workers (RESAM Algorithm 1) on Spark.
 *
 * <p>Data: n partitions, one worker each, cached ({@link WorkerData}, loaded by the run or shared
 * by a grid). Worker state: an RDD of one {@link WorkerState} per partition; the state of step t is
 * derived from the state of step t−1 by {@code zipPartitions} with the data, persisted, and the
 * previous one unpersisted. Every {@code checkpointEvery} steps the state is checkpointed
 * (reliably, through the Hadoop file system), which cuts its lineage; the broadcasts of θ that the
 * lineage since the last checkpoint still needs are kept until then and destroyed right after, so a
 * lost executor is rebuilt by recomputation from the last checkpoint with bit-identical results,
 * and driver and executor memory stay flat.
 *
 * <p>Each step: broadcast θ_t; every worker computes {@link WorkerStep}; the n messages are
 * collected in worker order; the {@link ByzantineStage} rewrites the last f; the rule aggregates;
 * θ_{t+1} = θ_t − γ·F(m_1, ..., m_n). In sharded mode ({@link TrainConfig#sharded}) only (worker,
 * batch loss) is collected: the messages are cut into coordinate blocks by one shuffle ({@link
 * ShardedVectorSet}), the stage and the rule run on the blocks, and the driver receives F; the
 * step's sets are unpersisted when it ends. Both modes give the same bits.
 *
 * <p>A run has four phases, one method each in {@link Run}: set-up (data, model, rule, initial
 * state), one step, evaluation (every K steps and at the end), finish (release, run.json).
 */
public final class Trainer {
  /**
   * Per-step timings of a sharded run ({@code step,compute_ms,shuffle_ms,aggregation_ms,update_ms,
   * driver_peak_heap_mb}): compute = the worker step and the collection of the losses, shuffle =
   * cutting the momentums into coordinate blocks, aggregation = Byzantine stage and rule, update =
   * θ − γ·F on the driver; the heap is {@link #peakHeapMb}.
   */
  public static final String TIMING = "timing.csv";

  static final String TIMING_HEADER =
      "step,compute_ms,shuffle_ms,aggregation_ms,update_ms,driver_peak_heap_mb\n";

  /** Spark setting that fixes the sharded block width (a multiple of 512; tests, benchmarks). */
  public static final String BLOCK_WIDTH_CONF = "spark.byzspark.shardWidth";

  /** What a run produced. */
  public record Result(MetricsTable metrics, double finalAccuracy, double[] theta) {}

  /** Thrown by a run that checks divergence when its parameters or loss stop being finite. */
  public static final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DivergedException(String message) {
      super(message);
    }
  }

  private final TrainConfig cfg;
  private final JavaSparkContext sc;
  private final RunOutput output;
  private final Consumer<String> progress;
  private WorkerData shared;
  private boolean failOnDivergence;
  private boolean ownCheckpointDir = true;
  private Map<String, Object> manifestExtras = Map.of();
  private ResumeStore resumeStore;
  private ResumePoint resumeFrom;

  public Trainer(
      TrainConfig cfg, JavaSparkContext sc, RunOutput output, Consumer<String> progress) {
    this.cfg = cfg;
    this.sc = sc;
    this.output = output;
    this.progress = progress;
  }

  /**
   * Uses data already loaded and dealt (shared by several runs with the same {@link
   * WorkerData#key}); the run does not release it.
   */
  public Trainer withData(WorkerData data) {
    this.shared = data;
    return this;
  }

  /**
   * Ends the run with a {@link DivergedException} as soon as the train loss or θ is not finite (a
   * grid records such a run as failed instead of training on NaN to the end).
   */
  public Trainer failOnDivergence() {
    this.failOnDivergence = true;
    return this;
  }

  /**
   * Keeps the Spark context's checkpoint directory (set once by whoever runs several trainers in
   * one application) instead of setting {@code OUT/_checkpoints}; each run deletes its own
   * checkpoint files.
   */
  public Trainer useContextCheckpointDir() {
    this.ownCheckpointDir = false;
    return this;
  }

  /**
   * Makes the run resumable after a driver crash ({@code byzspark train --resume}): run.json is
   * written with status {@code running} when the run starts, a {@link ResumePoint} at every
   * checkpoint, and {@code from}, when not null, is the point this run continues from (θ, step,
   * momenta, rule state, metrics and rule reports so far); see {@link ResumeStore}.
   */
  public Trainer resumable(ResumeStore store, ResumePoint from) {
    this.resumeStore = store;
    this.resumeFrom = from;
    return this;
  }

  /**
   * Entries added to run.json after the standard ones (e.g. a grid's run id and hash); repeated
   * calls add to the earlier entries (a later value replaces an earlier one of the same key).
   */
  public Trainer withManifest(Map<String, Object> extras) {
    Map<String, Object> all = new java.util.LinkedHashMap<>(manifestExtras);
    all.putAll(extras);
    this.manifestExtras = java.util.Collections.unmodifiableMap(all);
    return this;
  }

  /**
   * Settings a long iterative job needs, unless the user set them: training runs one Spark job per
   * step, and by default Spark's status store keeps the last 1000 jobs and stages and 100,000 tasks
   * on the driver even without a UI, which would make driver memory grow for thousands of steps
   * before it levels off.
   */
  public static void applySparkDefaults(SparkConf conf) {
    conf.setIfMissing("spark.ui.retainedJobs", "100");
    conf.setIfMissing("spark.ui.retainedStages", "100");
    conf.setIfMissing("spark.ui.retainedTasks", "5000");
    conf.setIfMissing("spark.ui.dagGraph.retainedRootRDDs", "100");
    conf.setIfMissing("spark.sql.ui.retainedExecutions", "10");
    // sharded steps leave one shuffle each, removed when the driver's GC collects its RDDs
    conf.setIfMissing("spark.cleaner.periodicGC.interval", "5min");
  }

  /** The rule of a configuration: the pre-aggregators in order, then the rule. */
  public static Aggregator rule(TrainConfig cfg) {
    return Aggregators.pipeline(cfg.pre(), cfg.aggregator(), cfg.aggParams());
  }

  /** "ETA 1m05s": the time left if the remaining units take as long on average as the done ones. */
  public static String eta(long elapsedMillis, long done, long total) {
    if (done <= 0 || done >= total) {
      return "ETA 0s";
    }
    long left = Math.round((double) elapsedMillis / done * (total - done) / 1000.0);
    return "ETA "
        + (left >= 3600
            ? left / 3600 + "h" + String.format(Locale.ROOT, "%02dm", left / 60 % 60)
            : left >= 60
                ? left / 60 + "m" + String.format(Locale.ROOT, "%02ds", left % 60)
                : left + "s");
  }

  public Result run() {
    Run r = new Run();
    try {
      r.setUp();
      for (int t = r.firstStep; t <= cfg.steps(); t++) {
        r.step(t);
      }
      return r.finish();
    } finally {
      r.release();
    }
  }

  /** The state of one run between its phases. */
  private final class Run {
    final Instant start = Instant.now();
    final int n = cfg.workers();
    final int f = cfg.byzantine();
    WorkerData data;
    Model model;
    int d;
    Aggregator rule;
    Attack attack;
    ByzantineStage byzantine;
    WorkerStep step;
    JavaRDD<WorkerState> state;
    double[] theta;
    Broadcast<double[]> current;
    final Deque<Broadcast<double[]>> sinceCheckpoint = new ArrayDeque<>();
    final MetricsTable metrics = new MetricsTable();
    final StringBuilder ruleReports = new StringBuilder();
    double accuracy = Double.NaN;
    double[][] messages;
    boolean sharded;
    ShardScope layout;
    final StringBuilder timing = new StringBuilder();
    RuleState ruleState;
    String lastCheckpoint;
    boolean released;
    int firstStep = 1;

    /** Data (loaded here unless shared), model, rule, attack, θ_0 and the initial worker state. */
    void setUp() {
      data = shared != null ? shared : WorkerData.load(sc, cfg);
      model = Models.create(cfg.model(), data.dim(), data.numClasses());
      d = model.dimension();
      rule = rule(cfg);
      rule.check(n, f, d);
      attack = Attacks.create(cfg.attack(), cfg.attackParams());
      byzantine = new ByzantineStage(attack, f, rule, f);
      step =
          new WorkerStep(
                  model, cfg.batchSize(), cfg.weightDecay(), cfg.clip(), cfg.momentum(), cfg.seed())
              .withAugmentation(DatasetSpec.parse(cfg.dataset(), cfg.dataDir()).augmentation());
      if (ownCheckpointDir) {
        sc.setCheckpointDir(output.path("_checkpoints").toString());
      }
      state = initialState(data.blocks());
      theta = model.init(cfg.seed());
      ruleState = rule.initialState();
      if (resumeFrom != null) {
        resume(resumeFrom);
      } else if (resumeStore != null) {
        resumeStore.clearStale();
        output.writeJson(RunOutput.MANIFEST, manifest("running"));
      }
      current = sc.broadcast(theta);
      sinceCheckpoint.add(current);
      messages = new double[n][];
      sharded = cfg.sharded(d);
      if (sharded) {
        int width = sc.getConf().getInt(BLOCK_WIDTH_CONF, 0);
        layout =
            new ShardScope(
                sc,
                d,
                width > 0 ? width : ShardScope.defaultWidth(n, d, 2 * sc.defaultParallelism()));
      }
    }

    /** Continues after the point's step: its θ, rule state, rows, reports and worker momenta. */
    private void resume(ResumePoint p) {
      if (p.theta().length != d || p.workers() != n) {
        throw new IllegalStateException(
            "the resume point has d = "
                + p.theta().length
                + ", n = "
                + p.workers()
                + "; this run has d = "
                + d
                + ", n = "
                + n);
      }
      state = ResumeStore.readState(sc, p);
      theta = p.theta().clone();
      ruleState = p.ruleState();
      p.metrics().forEach(metrics::add);
      for (MetricsTable.Row row : p.metrics()) {
        if (!Double.isNaN(row.testAccuracy())) {
          accuracy = row.testAccuracy();
        }
      }
      ruleReports.append(p.ruleReports());
      firstStep = Math.toIntExact(p.step()) + 1;
      resumeStore.resumingFrom(p);
    }

    /** Step t: worker step on the cluster, Byzantine stage and rule on the driver, θ update. */
    void step(int t) {
      long t0 = System.nanoTime();
      JavaRDD<WorkerState> next =
          advance(data.blocks(), state, current, step, attack, t, n, f, data.numClasses())
              .setName("worker state, step " + t)
              .persist(StorageLevel.MEMORY_ONLY());
      boolean checkpoint = t % cfg.checkpointEvery() == 0;
      if (checkpoint) {
        next.checkpoint();
      }
      // driver mode collects the n messages; sharded mode only (worker, batch loss)
      List<WorkerState> states = sharded ? null : next.collect();
      List<double[]> losses = sharded ? next.map(Trainer::loss).collect() : null;
      long c1 = System.nanoTime();
      state.unpersist(false);
      state = next;
      if (checkpoint) {
        // the lineage now starts at the checkpoint: no recomputation needs these values again,
        // nor the previous checkpoint's files
        sinceCheckpoint.forEach(b -> b.destroy(false));
        sinceCheckpoint.clear();
        String written = next.getCheckpointFile().orElse(null);
        if (lastCheckpoint != null) {
          output.deleteQuietly(lastCheckpoint);
        }
        lastCheckpoint = written;
      }

      double lossSum = 0;
      double[] update;
      double aggregationMs;
      long shuffleNanos = 0;
      if (!sharded) {
        for (WorkerState s : states) {
          messages[s.worker()] = s.momentum();
          if (!ByzantineStage.isByzantine(s.worker(), n, f)) {
            lossSum += s.batchLoss();
          }
        }
        long a0 = System.nanoTime();
        update = aggregate(VectorSet.of(messages), t);
        aggregationMs = (System.nanoTime() - a0) / 1e6;
      } else {
        for (double[] wl : losses) { // partition order = worker order, as the collected states
          if (!ByzantineStage.isByzantine((int) wl[0], n, f)) {
            lossSum += wl[1];
          }
        }
        try (ShardScope scope = layout.next()) {
          long s0 = System.nanoTime();
          ShardedVectorSet received =
              ShardedVectorSet.fromVectors(scope, next.map(Trainer::message), n).materialize();
          long a0 = System.nanoTime();
          shuffleNanos = a0 - s0;
          update = aggregate(received, t);
          aggregationMs = (System.nanoTime() - a0) / 1e6;
        }
      }
      long u0 = System.nanoTime();
      double[] nextTheta = new double[d];
      double lr = cfg.lr();
      for (int i = 0; i < d; i++) {
        nextTheta[i] = theta[i] - lr * update[i];
      }
      theta = nextTheta;
      long u1 = System.nanoTime();
      current = sc.broadcast(theta);
      sinceCheckpoint.add(current);
      double trainLoss = lossSum / (n - f);
      if (failOnDivergence) {
        checkFinite(t, trainLoss);
      }

      boolean evaluate = t % cfg.evalEvery() == 0 || t == cfg.steps();
      double stepAccuracy = evaluate ? evaluate() : Double.NaN;
      metrics.add(
          new MetricsTable.Row(
              t, trainLoss, stepAccuracy, aggregationMs, (System.nanoTime() - t0) / 1e6));
      if (sharded) {
        timing.append(
            String.format(
                Locale.ROOT,
                "%d,%.3f,%.3f,%.3f,%.3f,%.1f%n",
                t,
                (c1 - t0) / 1e6,
                shuffleNanos / 1e6,
                aggregationMs,
                (u1 - u0) / 1e6,
                peakHeapMb()));
      }
      if (evaluate) {
        output.write(RunOutput.METRICS, metrics.toCsv());
        if (sharded) {
          output.write(TIMING, TIMING_HEADER + timing);
        }
      }
      if (checkpoint && resumeStore != null) {
        resumeStore.save(t, state, n, theta, ruleState, metrics, ruleReports);
      }
      if (evaluate) {
        long elapsed = Duration.between(start, Instant.now()).toMillis();
        progress.accept(
            String.format(
                Locale.ROOT,
                "step %d/%d  train_loss %.4f  test_accuracy %.4f  %.1f s  %s",
                t,
                cfg.steps(),
                trainLoss,
                stepAccuracy,
                elapsed / 1e3,
                eta(elapsed, t - firstStep + 1, cfg.steps() - firstStep + 1)));
      }
    }

    /**
     * The Byzantine stage and the rule on the n messages of step t, from the rule's state after
     * step t−1; keeps the rule's next state and its report.
     */
    private double[] aggregate(VectorSet messages, int t) {
      Round round = new Round(t, cfg.seed());
      VectorSet received = byzantine.apply(messages, round, ruleState);
      Aggregation aggregation = rule.aggregate(received, f, round, ruleState);
      ruleState = aggregation.state();
      String report = aggregation.report();
      if (!report.isEmpty()) {
        ruleReports.append(t).append(',').append(report).append('\n');
      }
      return aggregation.value().toArray();
    }

    private void checkFinite(int t, double trainLoss) {
      Trainer.checkFinite(t, trainLoss, theta);
    }

    /** Test accuracy of the current θ, on the cluster. */
    double evaluate() {
      accuracy = Evaluator.accuracy(data.test(), current, model);
      return accuracy;
    }

    /** Releases the run's Spark resources and writes aggregator.csv and run.json. */
    Result finish() {
      release();
      if (ruleReports.length() > 0) {
        output.write("aggregator.csv", "step,report\n" + ruleReports);
      }
      if (resumeFrom != null && firstStep > cfg.steps()) {
        output.write(RunOutput.METRICS, metrics.toCsv()); // no step left: the rows of the point
      }
      output.writeJson(RunOutput.MANIFEST, manifest("finished"));
      if (resumeStore != null) {
        resumeStore.finished();
      }
      return new Result(metrics, accuracy, theta);
    }

    /** run.json: the configuration, the data's shape, Spark, times and the status. */
    private Map<String, Object> manifest(String status) {
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("config", cfg.asMap());
      manifest.put("resolved", cfg.resolvedParams());
      manifest.put("dimension", d);
      manifest.put("aggregation_mode", sharded ? "sharded" : "driver");
      if (sharded) {
        manifest.put("shard_blocks", layout.blocks());
        manifest.put("shard_width", layout.width());
      }
      manifest.put("train_examples", data.trainCount());
      manifest.put("classes", data.numClasses());
      manifest.put("spark_master", sc.master());
      manifest.put("spark_version", sc.version());
      manifest.put("start", start.toString());
      if (status.equals("finished")) {
        manifest.put("end", Instant.now().toString());
        manifest.put("final_test_accuracy", accuracy);
      }
      manifest.put("status", status);
      manifest.putAll(manifestExtras);
      return manifest;
    }

    /** Idempotent: broadcasts, state, own data and checkpoints, also when a step failed. */
    void release() {
      if (released) {
        return;
      }
      released = true;
      sinceCheckpoint.forEach(b -> b.destroy(false));
      sinceCheckpoint.clear();
      if (state != null) {
        state.unpersist(false);
      }
      if (data != null && shared == null) {
        data.release();
      }
      if (ownCheckpointDir) {
        output.deleteQuietly("_checkpoints");
      } else if (lastCheckpoint != null) {
        output.deleteQuietly(lastCheckpoint);
      }
    }
  }

  /**
   * Throws a {@link DivergedException} when the train loss after step t or θ is not finite (the
   * check of {@link #failOnDivergence}, shared with the HGO trainer).
   */
  public static void checkFinite(int t, double trainLoss, double[] theta) {
    if (!Double.isFinite(trainLoss)) {
      throw new DivergedException("diverged at step " + t + ": train loss " + trainLoss);
    }
    for (double v : theta) {
      if (!Double.isFinite(v)) {
        throw new DivergedException("diverged at step " + t + ": parameters not finite");
      }
    }
  }

  /** (worker, batch loss) of a state: all the driver collects in sharded mode. */
  private static double[] loss(WorkerState s) {
    return new double[] {s.worker(), s.batchLoss()};
  }

  /** (worker, momentum): the message a worker sends to the sharded set. */
  private static Tuple2<Integer, double[]> message(WorkerState s) {
    return new Tuple2<>(s.worker(), s.momentum());
  }

  /**
   * An upper bound of this JVM's peak heap so far, in MiB: the sum of the heap pools' peaks (the
   * driver's, when it runs the loop).
   */
  static double peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / (1024.0 * 1024.0);
  }

  private static JavaRDD<WorkerState> initialState(JavaRDD<DataBlock> blocks) {
    return blocks.mapPartitionsWithIndex(
        (i, it) -> List.of(WorkerState.initial(i)).iterator(), true);
  }

  /**
   * The state of step t from the state of step t−1. Static, so that the closure captures only small
   * serializable values (the model's shape, the attack, the broadcast handle), never the driver.
   */
  private static JavaRDD<WorkerState> advance(
      JavaRDD<DataBlock> blocks,
      JavaRDD<WorkerState> previous,
      Broadcast<double[]> theta,
      WorkerStep step,
      Attack attack,
      long t,
      int n,
      int f,
      int numClasses) {
    boolean poisons = attack.poisonsData();
    return blocks.zipPartitions(
        previous,
        (Iterator<DataBlock> bIt, Iterator<WorkerState> sIt) -> {
          DataBlock block = bIt.next();
          WorkerState prev = sIt.next();
          IntUnaryOperator labels =
              poisons && ByzantineStage.isByzantine(prev.worker(), n, f)
                  ? l -> attack.poisonLabel(l, numClasses)
                  : IntUnaryOperator.identity();
          return List.of(step.apply(block, theta.value(), prev, t, labels)).iterator();
        });
  }
}
