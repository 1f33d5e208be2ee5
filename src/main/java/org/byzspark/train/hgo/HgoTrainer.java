package org.byzspark.train.hgo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.attack.Attack;
import org.byzspark.attack.Attacks;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.LabelSplit;
import org.byzspark.data.SplitDealing;
import org.byzspark.data.TrainingData;
import org.byzspark.data.WorkerPartitioner;
import org.byzspark.io.RunOutput;
import org.byzspark.model.Mlp;
import org.byzspark.model.Model;
import org.byzspark.model.Models;
import org.byzspark.model.RegressionModel;
import org.byzspark.train.Evaluator;
import org.byzspark.train.Lineage;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.Trainer;
import org.byzspark.train.WorkerState;
import org.byzspark.util.Params;

/**
 * The driver loop of {@code --algorithm resam|hgo|sgd} with the options of {@link HgoOptions}
 * (partial participation, partial gradients, simulated time, schedules, heterogeneous splits,
 * Byzantine placement, declared F'). The plain RESAM run without any of these options stays in
 * {@link Trainer}.
 *
 * <p>Each step t: the {@link Placement} gives the Byzantine set and the q contacted workers; the
 * {@link StepPlan} gives C_k, b_i, b_v (hgo), or who finishes before the deadline (sgd; resam:
 * everyone, whole vectors); θ_t and the plan are broadcast; every contacted worker runs {@link
 * PartialWorkerStep} on its partition (the state RDD is derived, persisted and checkpointed as in
 * {@link Trainer}); the contacted workers' messages are collected; {@link PartialAggregation}
 * forges the Byzantine values and aggregates; θ_{t+1} = θ_t − α_t·AG. The simulated clock advances
 * by {@link StepPlan#duration}. At each evaluation, test accuracy and ‖∇F(θ)‖ ({@link
 * GradientNorm}) are computed on the cluster.
 *
 * <p>SGD with a deadline: when fewer workers finished than the rule needs (its {@code check} fails
 * for that count), the step makes no update (AG = 0) and the clock still advances by τ.
 */
public final class HgoTrainer {
  /** What a run produced. */
  public record Result(
      double finalAccuracy, double finalGradNorm, double simTime, double[] theta, double finalMse) {
    /** A classification run's result (no test MSE). */
    public Result(double finalAccuracy, double finalGradNorm, double simTime, double[] theta) {
      this(finalAccuracy, finalGradNorm, simTime, theta, Double.NaN);
    }
  }

  /**
   * What the executors need at one step: θ_t, each worker's coordinates (null when not contacted)
   * and the Byzantine flags. A plain class, not a record: broadcasts go through Kryo.
   */
  static final class StepInput implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] theta;
    private final int[][] coordinates;
    private final boolean[] byzantine;

    StepInput(double[] theta, int[][] coordinates, boolean[] byzantine) {
      this.theta = theta;
      this.coordinates = coordinates;
      this.byzantine = byzantine;
    }

    double[] theta() {
      return theta;
    }

    int[][] coordinates() {
      return coordinates;
    }

    boolean[] byzantine() {
      return byzantine;
    }
  }

  public static final String HEADER =
      "step,train_loss,test_accuracy,grad_norm,sim_time,lr,block_size,aggregation_ms,step_ms";

  private final TrainConfig cfg;
  private final HgoOptions opts;
  private final JavaSparkContext sc;
  private final RunOutput output;
  private final Consumer<String> progress;
  private boolean failOnDivergence;
  private boolean ownCheckpointDir = true;
  private Map<String, Object> manifestExtras = Map.of();

  public HgoTrainer(
      TrainConfig cfg,
      HgoOptions opts,
      JavaSparkContext sc,
      RunOutput output,
      Consumer<String> progress) {
    this.cfg = cfg;
    this.opts = opts;
    this.sc = sc;
    this.output = output;
    this.progress = progress;
  }

  /**
   * Ends the run with a {@link Trainer.DivergedException} as soon as the honest train loss or θ is
   * not finite (a grid records such a run as failed), as {@link Trainer#failOnDivergence}.
   */
  public HgoTrainer failOnDivergence() {
    this.failOnDivergence = true;
    return this;
  }

  /**
   * Keeps the Spark context's checkpoint directory (set once by a grid that runs several trainers
   * in one application) instead of setting {@code OUT/_checkpoints}; the run deletes its own
   * checkpoint files, as {@link Trainer#useContextCheckpointDir}.
   */
  public HgoTrainer useContextCheckpointDir() {
    this.ownCheckpointDir = false;
    return this;
  }

  /** Entries added to run.json after the standard ones (e.g. a grid's run id and hash). */
  public HgoTrainer withManifest(Map<String, Object> extras) {
    this.manifestExtras = Map.copyOf(extras);
    return this;
  }

  /** The columns of a regression run's metrics.csv: {@link #HEADER} with {@code test_mse}. */
  public static final String REGRESSION_HEADER =
      "step,train_loss,test_accuracy,test_mse,grad_norm,sim_time,lr,block_size,aggregation_ms,"
          + "step_ms";

  /**
   * Whether the run trains a regression model ({@code --model linear}). Such runs go through this
   * trainer also without any HGO option (algorithm {@code resam}, which equals {@link Trainer}'s
   * step), because only this trainer writes the test mean squared error: their metrics.csv has
   * {@link #REGRESSION_HEADER}, with {@code test_accuracy} left empty and {@code test_mse} the mean
   * squared error on the test set at each evaluation; run.json has {@code final_test_mse} and
   * {@code final_test_accuracy} NaN.
   */
  public static boolean isRegression(TrainConfig cfg) {
    return cfg.model().equals("linear");
  }

  /**
   * The checks of a regression run that need no data: a LIBSVM dataset, no binary classes, no
   * label-poisoning attack (the target is a feature column, which labelflip does not reach).
   */
  public static void checkRegression(TrainConfig cfg, HgoOptions opts, DatasetSpec spec) {
    if (!spec.kind().equals("libsvm")) {
      throw new IllegalArgumentException(
          "--model linear needs a regression dataset; allowed:"
              + " libsvm:PATH (real-valued labels), got --dataset "
              + cfg.dataset());
    }
    if (opts.binary() != null) {
      throw HgoOptions.bad(
          "--binary-classes",
          opts.binaryClasses(),
          "only with a classification model (not linear)");
    }
    if (Attacks.create(cfg.attack(), cfg.attackParams()).poisonsData()) {
      throw new IllegalArgumentException(
          "--attack: "
              + cfg.attack()
              + " poisons class labels,"
              + " which a regression target is not; allowed with --model linear: an attack on the"
              + " messages (e.g. little, empire, signflip)");
    }
  }

  /** The model of a run: the registry's, or an MLP of the given hidden width. */
  public static Model model(TrainConfig cfg, HgoOptions opts, int inputDim, int numClasses) {
    if (cfg.model().equals("mlp") && opts.hidden() > 0) {
      return new Mlp(inputDim, opts.hidden(), numClasses);
    }
    if (opts.hidden() > 0) {
      throw HgoOptions.bad("--hidden", opts.hidden(), "only with --model mlp");
    }
    return Models.create(cfg.model(), inputDim, numClasses);
  }

  /** The layers of HGO C.3: one per weight matrix with its bias for the MLP, else one. */
  public static int[] layers(Model model) {
    if (model instanceof Mlp m) {
      int p = m.inputDim();
      int h = m.hidden();
      int c = m.numClasses();
      return new int[] {h * p + h, c * h + c};
    }
    return new int[] {model.dimension()};
  }

  /** The attack, with ζ = z_max for {@code little} in HGO runs unless ζ is given. */
  public static Attack attack(TrainConfig cfg, HgoOptions opts) {
    Params p = cfg.attackParams();
    if (opts.algorithm().equals("hgo") && cfg.attack().equals("little") && !p.has("zeta")) {
      p = p.with(Params.of(Map.of("zeta", "auto")));
    }
    return Attacks.create(cfg.attack(), p);
  }

  /**
   * Every check that needs the model's shape but no data: q, v, F', the rule's requirement on the
   * smallest set it will see (v senders for hgo, q for resam/sgd), cc refused for hgo, z_max.
   */
  public static void check(TrainConfig cfg, HgoOptions opts, Model model) {
    int n = cfg.workers();
    int f = cfg.byzantine();
    int[] layers = layers(model);
    opts.check(n, f, layers);
    int q = opts.q(n);
    int v = opts.v(n, f);
    int fp = opts.declaredF(f);
    Aggregator rule = Trainer.rule(cfg);
    if (opts.algorithm().equals("hgo")) {
      if (cfg.aggregator().equals("cc") || cfg.pre().stream().anyMatch(s -> s.startsWith("cc"))) {
        throw new IllegalArgumentException(
            "--aggregator: cc is not allowed with --algorithm hgo (its state has a fixed"
                + " dimension, partial vectors change it); allowed: a stateless rule");
      }
      rule.check(v, fp, model.dimension());
    } else {
      rule.check(q, fp, model.dimension());
    }
    Attack a = attack(cfg, opts);
    if (a instanceof org.byzspark.attack.LittleAttack l && l.isAuto() && f > 0) {
      org.byzspark.attack.LittleAttack.zMax(opts.algorithm().equals("hgo") ? v : q, Math.min(f, q));
    }
    LrSchedule.parse(opts.lrSchedule()).check(cfg.lr());
  }

  private Instant start;
  private TrainingData data;
  private Model model;
  private SplitDealing.Dealt dealt;

  /**
   * Loads and deals the data and checks what needs it (binary classes, the split's classes, an
   * empty worker). Writes nothing, so a failure here ({@link IllegalArgumentException}) leaves no
   * output.
   */
  public void prepare() {
    start = Instant.now();
    DatasetSpec spec = DatasetSpec.parse(cfg.dataset(), cfg.dataDir());
    boolean regression = isRegression(cfg);
    if (regression) {
      checkRegression(cfg, opts, spec);
    }
    TrainingData loaded =
        regression
            ? TrainingData.loadRegression(sc, spec, cfg.seed())
            : TrainingData.load(sc, spec, cfg.seed());
    int[] bin = opts.binary();
    if (bin != null) {
      loaded = SplitDealing.binary(loaded, bin[0], bin[1]);
    }
    data = loaded;
    model = model(cfg, opts, data.dim(), data.numClasses());
    check(cfg, opts, model);
    LabelSplit split = LabelSplit.parse(opts.split());
    split.check(data.numClasses());
    dealt = SplitDealing.deal(sc, data, split, cfg.workers(), cfg.seed());
  }

  public Result run() {
    if (dealt == null) {
      prepare();
    }
    int n = cfg.workers();
    int f = cfg.byzantine();
    int d = model.dimension();
    int[] layerSizes = layers(model);
    int[] blocks = HgoOptions.parseList("--layer-blocks", opts.layerBlocks());
    if (blocks == null) {
      blocks = layerSizes.clone();
    }
    Aggregator rule = Trainer.rule(cfg);
    Attack attack = attack(cfg, opts);
    int q = opts.q(n);
    int v = opts.v(n, f);
    int declaredF = opts.declaredF(f);
    LrSchedule schedule = LrSchedule.parse(opts.lrSchedule());
    if (!schedule.warning().isEmpty()) {
      progress.accept("warning: " + schedule.warning());
    }
    Placement placement = new Placement(opts.placement(), opts.sampling(), n, f, q, cfg.seed());
    ComputeProfile profile = ComputeProfile.parse(opts.profile());
    double[] rates = profile.rates(n, cfg.seed());
    int[] batch = opts.batchSizes(n, cfg.batchSize());
    JavaRDD<DataBlock> workerData =
        dealt.blocks().setName("worker data").persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<DataBlock> test =
        WorkerPartitioner.blocks(data.test(), data.dim())
            .setName("test data")
            .persist(StorageLevel.MEMORY_AND_DISK());
    PartialWorkerStep step =
        new PartialWorkerStep(
            model, batch, cfg.weightDecay(), cfg.clip(), cfg.momentum(), cfg.seed());

    if (ownCheckpointDir) {
      sc.setCheckpointDir(output.path("_checkpoints").toString());
    }
    Lineage lineage = new Lineage(output::deleteQuietly);
    JavaRDD<WorkerState> state =
        workerData.mapPartitionsWithIndex(
            (i, it) -> List.of(WorkerState.initial(i)).iterator(), true);
    double[] theta = model.init(cfg.seed());
    boolean regression = model instanceof RegressionModel;
    StringBuilder csv = new StringBuilder(regression ? REGRESSION_HEADER : HEADER).append('\n');
    double accuracy = Double.NaN;
    double mse = Double.NaN;
    double gradNorm = Double.NaN;
    double simTime = 0;
    int numClasses = data.numClasses();
    RuleState ruleState = rule.initialState();
    StringBuilder ruleReports = new StringBuilder();
    try {
      for (int t = 1; t <= cfg.steps(); t++) {
        long t0 = System.nanoTime();
        boolean[] byz = placement.byzantine(t);
        int[] sel = placement.selected(t, byz);
        StepPlan plan =
            switch (opts.algorithm()) {
              case "hgo" ->
                  StepPlan.hgo(sel, rates, batch, opts.tau(), v, layerSizes, blocks, cfg.seed(), t);
              case "sgd" -> StepPlan.fullOrNothing(sel, rates, batch, opts.deadline(), d);
              default -> StepPlan.fullOrNothing(sel, rates, batch, Double.POSITIVE_INFINITY, d);
            };
        int[][] coords = new int[n][];
        for (int r = 0; r < sel.length; r++) {
          coords[sel[r]] = plan.coordinatesOf(r);
        }
        Broadcast<StepInput> input = lineage.track(sc.broadcast(new StepInput(theta, coords, byz)));
        JavaRDD<WorkerState> next =
            advance(workerData, state, input, step, attack, t, numClasses)
                .setName("worker state, step " + t)
                .persist(StorageLevel.MEMORY_ONLY());
        boolean checkpoint = t % cfg.checkpointEvery() == 0;
        if (checkpoint) {
          next.checkpoint();
        }
        boolean[] contacted = new boolean[n];
        for (int w : sel) {
          contacted[w] = true;
        }
        List<WorkerState> states = next.filter(s -> contacted[s.worker()]).collect();
        state.unpersist(false);
        state = next;
        lineage.afterStep(next, checkpoint);
        double[][] values = new double[sel.length][];
        boolean[] byzR = new boolean[sel.length];
        double lossSum = 0;
        int honest = 0;
        for (WorkerState s : states) {
          int r = Arrays.binarySearch(sel, s.worker());
          values[r] = s.momentum();
          byzR[r] = byz[s.worker()];
          if (!byzR[r]) {
            lossSum += s.batchLoss();
            honest++;
          }
        }
        Round round = new Round(t, cfg.seed());
        long a0 = System.nanoTime();
        double[] update;
        int finished = plan.segments().isEmpty() ? 0 : plan.segments().get(0).senders().length;
        if (!opts.algorithm().equals("hgo") && !fits(rule, finished, declaredF, d)) {
          update = new double[d]; // too few finished: no step
        } else {
          PartialAggregation.Result res =
              PartialAggregation.aggregate(
                  plan, values, byzR, attack, rule, declaredF, round, d, ruleState);
          update = res.update();
          ruleState = res.state();
          if (!res.report().isEmpty()) {
            ruleReports.append(t).append(',').append(res.report()).append('\n');
          }
        }
        double aggregationMs = (System.nanoTime() - a0) / 1e6;
        double lr = schedule.rate(cfg.lr(), t, cfg.steps());
        double[] nextTheta = new double[d];
        for (int i = 0; i < d; i++) {
          nextTheta[i] = theta[i] - lr * update[i];
        }
        theta = nextTheta;
        simTime +=
            StepPlan.duration(
                opts.algorithm().equals("resam") ? "sgd" : opts.algorithm(),
                opts.algorithm().equals("hgo")
                    ? opts.tau()
                    : opts.algorithm().equals("sgd") ? opts.deadline() : Double.POSITIVE_INFINITY,
                sel,
                rates,
                batch,
                d);

        boolean evaluate = t % cfg.evalEvery() == 0 || t == cfg.steps();
        double stepAccuracy = Double.NaN;
        double stepMse = Double.NaN;
        double stepGrad = Double.NaN;
        if (evaluate) {
          Broadcast<double[]> th = sc.broadcast(theta);
          if (regression) {
            stepMse = Evaluator.meanSquaredError(test, th, (RegressionModel) model);
            mse = stepMse;
          } else {
            stepAccuracy = Evaluator.accuracy(test, th, model);
          }
          stepGrad = GradientNorm.compute(workerData, th, model, cfg.weightDecay(), cfg.seed(), t);
          th.destroy(false);
          accuracy = stepAccuracy;
          gradNorm = stepGrad;
        }
        double trainLoss = honest == 0 ? Double.NaN : lossSum / honest;
        if (failOnDivergence) {
          Trainer.checkFinite(t, honest == 0 ? 0 : trainLoss, theta);
        }
        csv.append(t)
            .append(',')
            .append(trainLoss)
            .append(',')
            .append(Double.isNaN(stepAccuracy) ? "" : Double.toString(stepAccuracy))
            .append(',');
        if (regression) {
          csv.append(Double.isNaN(stepMse) ? "" : Double.toString(stepMse)).append(',');
        }
        csv.append(Double.isNaN(stepGrad) ? "" : Double.toString(stepGrad))
            .append(',')
            .append(simTime)
            .append(',')
            .append(lr)
            .append(',')
            .append(plan.block().length)
            .append(',')
            .append(String.format(Locale.ROOT, "%.3f", aggregationMs))
            .append(',')
            .append(String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) / 1e6))
            .append('\n');
        if (evaluate) {
          output.write(RunOutput.METRICS, csv.toString());
          progress.accept(
              String.format(
                  Locale.ROOT,
                  "step %d/%d  train_loss %.4f  %s %.4f  grad_norm %.4g  sim_time %.4g"
                      + "  %.1f s",
                  t,
                  cfg.steps(),
                  trainLoss,
                  regression ? "test_mse" : "test_accuracy",
                  regression ? stepMse : stepAccuracy,
                  stepGrad,
                  simTime,
                  Duration.between(start, Instant.now()).toMillis() / 1e3));
        }
      }

    } finally { // also when a step failed: a grid goes on with its other runs
      lineage.release();
      state.unpersist(false);
      workerData.unpersist(false);
      test.unpersist(false);
      if (ownCheckpointDir) {
        output.deleteQuietly("_checkpoints");
      } else if (lineage.lastCheckpoint() != null) {
        output.deleteQuietly(lineage.lastCheckpoint());
      }
    }
    if (ruleReports.length() > 0) {
      output.write("aggregator.csv", "step,report\n" + ruleReports);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    Map<String, Object> config = new LinkedHashMap<>(cfg.asMap());
    config.putAll(opts.asMap());
    manifest.put("config", config);
    manifest.put("dimension", d);
    manifest.put("layers", toList(layerSizes));
    manifest.put("layer_blocks", toList(blocks));
    manifest.put("train_examples", data.trainCount());
    manifest.put("classes", data.numClasses());
    manifest.put("quorum_size", q);
    manifest.put("quorum", v);
    manifest.put("declared_byzantine", declaredF);
    List<Object> rateList = new ArrayList<>();
    for (double r : rates) {
      rateList.add(r);
    }
    manifest.put("compute_rates", rateList);
    manifest.put("worker_categories", toList(profile.categories(n, cfg.seed())));
    List<Object> hist = new ArrayList<>();
    for (int[] h : dealt.histograms()) {
      hist.add(toList(h));
    }
    manifest.put("label_histograms", hist);
    manifest.put("spark_master", sc.master());
    manifest.put("spark_version", sc.version());
    manifest.put("start", start.toString());
    manifest.put("end", Instant.now().toString());
    manifest.put("final_test_accuracy", accuracy);
    if (regression) {
      manifest.put("final_test_mse", mse);
    }
    manifest.put("final_grad_norm", gradNorm);
    manifest.put("final_sim_time", simTime);
    manifest.put("status", "finished");
    manifest.putAll(manifestExtras);
    output.writeJson(RunOutput.MANIFEST, manifest);
    return new Result(accuracy, gradNorm, simTime, theta, mse);
  }

  private static List<Object> toList(int[] a) {
    List<Object> l = new ArrayList<>();
    for (int x : a) {
      l.add(x);
    }
    return l;
  }

  private static boolean fits(Aggregator rule, int m, int f, int d) {
    if (m == 0) {
      return false;
    }
    try {
      rule.check(m, f, d);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Static, so that the closure captures only small serializable values. */
  private static JavaRDD<WorkerState> advance(
      JavaRDD<DataBlock> blocks,
      JavaRDD<WorkerState> previous,
      Broadcast<StepInput> input,
      PartialWorkerStep step,
      Attack attack,
      long t,
      int numClasses) {
    boolean poisons = attack.poisonsData();
    return blocks.zipPartitions(
        previous,
        (Iterator<DataBlock> bIt, Iterator<WorkerState> sIt) -> {
          DataBlock block = bIt.next();
          WorkerState prev = sIt.next();
          StepInput in = input.value();
          int w = prev.worker();
          IntUnaryOperator labels =
              poisons && in.byzantine()[w]
                  ? l -> attack.poisonLabel(l, numClasses)
                  : IntUnaryOperator.identity();
          return List.of(step.apply(block, in.theta(), prev, t, in.coordinates()[w], labels))
              .iterator();
        });
  }
}
