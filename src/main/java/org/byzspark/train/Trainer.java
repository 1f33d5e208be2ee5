package org.byzspark.train;

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
import org.byzspark.data.TrainingData;
import org.byzspark.data.WorkerPartitioner;
import org.byzspark.io.MetricsTable;
import org.byzspark.io.RunOutput;
import org.byzspark.model.Model;
import org.byzspark.model.Models;

/**
 * The driver loop of distributed-momentum SGD under Byzantine workers (RESAM Algorithm 1) on Spark.
 *
 * <p>Data: n partitions, one worker each, cached. Worker state: an RDD of one {@link WorkerState}
 * per partition; the state of step t is derived from the state of step t−1 by {@code
 * zipPartitions} with the data, persisted, and the previous one unpersisted. Every {@code
 * checkpointEvery} steps the state is checkpointed (reliably, through the Hadoop file system), which
 * cuts its lineage; the broadcasts of θ that the lineage since the last checkpoint still needs are
 * kept until then and destroyed right after, so a lost executor is rebuilt by recomputation from the
 * last checkpoint with bit-identical results, and driver and executor memory stay flat.
 *
 * <p>Each step: broadcast θ_t; every worker computes {@link WorkerStep}; the n messages are
 * collected in worker order; the {@link ByzantineStage} rewrites the last f; the rule aggregates;
 * θ_{t+1} = θ_t − γ·F(m_1, ..., m_n).
 */
public final class Trainer {
  /** What a run produced. */
  public record Result(MetricsTable metrics, double finalAccuracy, double[] theta) {}

  private final TrainConfig cfg;
  private final JavaSparkContext sc;
  private final RunOutput output;
  private final Consumer<String> progress;

  public Trainer(TrainConfig cfg, JavaSparkContext sc, RunOutput output, Consumer<String> progress) {
    this.cfg = cfg;
    this.sc = sc;
    this.output = output;
    this.progress = progress;
  }

  /**
   * Settings a long iterative job needs, unless the user set them: training runs one Spark job per
   * step, and by default Spark's status store keeps the last 1000 jobs and stages and 100,000
   * tasks on the driver even without a UI, which would make driver memory grow for thousands of
   * steps before it levels off.
   */
  public static void applySparkDefaults(SparkConf conf) {
    conf.setIfMissing("spark.ui.retainedJobs", "100");
    conf.setIfMissing("spark.ui.retainedStages", "100");
    conf.setIfMissing("spark.ui.retainedTasks", "5000");
    conf.setIfMissing("spark.ui.dagGraph.retainedRootRDDs", "100");
    conf.setIfMissing("spark.sql.ui.retainedExecutions", "10");
  }

  /** The rule of a configuration: the pre-aggregators in order, then the rule. */
  public static Aggregator rule(TrainConfig cfg) {
    return Aggregators.pipeline(cfg.pre(), cfg.aggregator(), cfg.aggParams());
  }

  public Result run() {
    Instant start = Instant.now();
    int n = cfg.workers();
    int f = cfg.byzantine();
    DatasetSpec spec = DatasetSpec.parse(cfg.dataset(), cfg.dataDir());
    TrainingData data = TrainingData.load(sc, spec, cfg.seed());
    Model model = Models.create(cfg.model(), data.dim(), data.numClasses());
    int d = model.dimension();
    Aggregator rule = rule(cfg);
    rule.check(n, f, d);
    Attack attack = Attacks.create(cfg.attack(), cfg.attackParams());
    ByzantineStage byzantine = new ByzantineStage(attack, f, rule, f);
    WorkerStep step =
        new WorkerStep(model, cfg.batchSize(), cfg.weightDecay(), cfg.clip(), cfg.momentum(),
            cfg.seed()).withAugmentation(spec.augmentation());

    JavaRDD<DataBlock> blocks =
        WorkerPartitioner.iid(data.train(), data.trainCount(), n, data.dim(), cfg.seed())
            .setName("worker data")
            .persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<DataBlock> test =
        WorkerPartitioner.blocks(data.test(), data.dim())
            .setName("test data")
            .persist(StorageLevel.MEMORY_AND_DISK());

    sc.setCheckpointDir(output.path("_checkpoints").toString());
    JavaRDD<WorkerState> state = initialState(blocks);
    double[] theta = model.init(cfg.seed());
    Broadcast<double[]> current = sc.broadcast(theta);
    Deque<Broadcast<double[]>> sinceCheckpoint = new ArrayDeque<>();
    sinceCheckpoint.add(current);

    MetricsTable metrics = new MetricsTable();
    StringBuilder ruleReports = new StringBuilder();
    double accuracy = Double.NaN;
    double[][] messages = new double[n][];
    RuleState ruleState = rule.initialState();
    String lastCheckpoint = null;
    for (int t = 1; t <= cfg.steps(); t++) {
      long t0 = System.nanoTime();
      JavaRDD<WorkerState> next =
          advance(blocks, state, current, step, attack, t, n, f, data.numClasses())
              .setName("worker state, step " + t)
              .persist(StorageLevel.MEMORY_ONLY());
      boolean checkpoint = t % cfg.checkpointEvery() == 0;
      if (checkpoint) {
        next.checkpoint();
      }
      List<WorkerState> states = next.collect();
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
      for (WorkerState s : states) {
        messages[s.worker()] = s.momentum();
        if (!ByzantineStage.isByzantine(s.worker(), n, f)) {
          lossSum += s.batchLoss();
        }
      }
      Round round = new Round(t, cfg.seed());
      long a0 = System.nanoTime();
      VectorSet received = byzantine.apply(VectorSet.of(messages), round, ruleState);
      Aggregation aggregation = rule.aggregate(received, f, round, ruleState);
      ruleState = aggregation.state();
      double[] update = aggregation.value().toArray();
      double aggregationMs = (System.nanoTime() - a0) / 1e6;
      String report = aggregation.report();
      if (!report.isEmpty()) {
        ruleReports.append(t).append(',').append(report).append('\n');
      }

      double[] nextTheta = new double[d];
      double lr = cfg.lr();
      for (int i = 0; i < d; i++) {
        nextTheta[i] = theta[i] - lr * update[i];
      }
      theta = nextTheta;
      current = sc.broadcast(theta);
      sinceCheckpoint.add(current);

      boolean evaluate = t % cfg.evalEvery() == 0 || t == cfg.steps();
      double stepAccuracy = Double.NaN;
      if (evaluate) {
        stepAccuracy = Evaluator.accuracy(test, current, model);
        accuracy = stepAccuracy;
      }
      double trainLoss = lossSum / (n - f);
      metrics.add(
          new MetricsTable.Row(t, trainLoss, stepAccuracy, aggregationMs,
              (System.nanoTime() - t0) / 1e6));
      if (evaluate) {
        output.write(RunOutput.METRICS, metrics.toCsv());
        progress.accept(
            String.format(
                Locale.ROOT,
                "step %d/%d  train_loss %.4f  test_accuracy %.4f  %.1f s",
                t, cfg.steps(), trainLoss, stepAccuracy,
                Duration.between(start, Instant.now()).toMillis() / 1e3));
      }
    }

    sinceCheckpoint.forEach(b -> b.destroy(false));
    state.unpersist(false);
    blocks.unpersist(false);
    test.unpersist(false);
    output.deleteQuietly("_checkpoints");
    if (ruleReports.length() > 0) {
      output.write("aggregator.csv", "step,report\n" + ruleReports);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("config", cfg.asMap());
    manifest.put("dimension", d);
    manifest.put("train_examples", data.trainCount());
    manifest.put("classes", data.numClasses());
    manifest.put("spark_master", sc.master());
    manifest.put("spark_version", sc.version());
    manifest.put("start", start.toString());
    manifest.put("end", Instant.now().toString());
    manifest.put("final_test_accuracy", accuracy);
    output.writeJson(RunOutput.MANIFEST, manifest);
    return new Result(metrics, accuracy, theta);
  }

  private static JavaRDD<WorkerState> initialState(JavaRDD<DataBlock> blocks) {
    return blocks.mapPartitionsWithIndex(
        (i, it) -> List.of(WorkerState.initial(i)).iterator(), true);
  }

  /**
   * The state of step t from the state of step t−1. Static, so that the closure captures only
   * small serializable values (the model's shape, the attack, the broadcast handle), never the
   * driver.
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
