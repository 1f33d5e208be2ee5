package org.byzspark.train;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackState;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.engine.RddOps;
import org.byzspark.engine.ShardScope;
import org.byzspark.engine.ShardedVectorSet;
import org.byzspark.io.Csv;
import org.byzspark.io.MetricsTable;
import org.byzspark.io.RunOutput;
import org.byzspark.io.SavedModel;
import org.byzspark.io.TimingTable;
import org.byzspark.io.TimingTable.Item;
import org.byzspark.model.Model;
import org.byzspark.model.Models;
import org.byzspark.model.RegressionModel;
import org.byzspark.train.hgo.ComputeProfile;
import org.byzspark.train.hgo.GradientNorm;
import org.byzspark.train.hgo.HgoOptions;
import org.byzspark.train.hgo.LrSchedule;
import org.byzspark.train.hgo.PartialAggregation;
import org.byzspark.train.hgo.Placement;
import org.byzspark.train.hgo.StepPlan;
import scala.Tuple2;

/**
 * The one training loop of ByzSpark: distributed SGD with worker momentum under Byzantine workers
 * (RESAM Algorithm 1), with HGO's partial participation and partial gradients and SGD with a
 * deadline as configurations of the same step (see {@link Algorithm}).
 *
 * <p><b>Step t</b>, composed of policies, each a pure function of (seed, t) and the configuration:
 *
 * <ol>
 *   <li>Byzantine placement and participation ({@link Placement}): which workers the adversary
 *       controls at t, and the q workers the server contacts (all n by default);
 *   <li>the coordinate plan ({@link Algorithm#plan}, a {@link StepPlan}): whole vectors, HGO's
 *       blocks and segments, or SGD's finished workers;
 *   <li>θ_t and the plan are broadcast; every contacted worker runs the {@link WorkerStep} on its
 *       partition (weight decay, clipping, momentum on its coordinates; β = 0 is plain SGD); the
 *       state RDD is derived, persisted and checkpointed ({@link Lineage});
 *   <li>the Byzantine stage ({@link ByzantineStage}) and the rule aggregate the senders' messages,
 *       per segment ({@link PartialAggregation}), either on the driver (the messages collected) or
 *       sharded on the executors (the messages cut into coordinate blocks by one shuffle, {@link
 *       ShardedVectorSet}); both modes give the same bits; a rule that {@linkplain
 *       Aggregator#usesServerGradient uses the server's gradient} (fltrust) receives g₀, computed
 *       on the driver at θ_t on the root set, in the state of the call;
 *   <li>θ_{t+1} = θ_t − α_t·AG with the learning-rate schedule ({@link LrSchedule}); the simulated
 *       clock advances by the algorithm's step duration;
 *   <li>every K steps and at the end: test accuracy (or MSE for a regression model) and, when
 *       asked, ‖∇F(θ)‖ ({@link GradientNorm}), on the cluster.
 * </ol>
 *
 * <p>One metrics writer ({@link MetricsTable}), one manifest (run.json), one checkpoint and resume
 * path ({@link ResumeStore}) for every configuration. Worker state: an RDD of one {@link
 * WorkerState} per partition; every {@code checkpointEvery} steps it is checkpointed (reliably,
 * through the Hadoop file system: every worker's momentum written to a file and read back, {@link
 * ResumeStore}, with the resume point for a resumable run), which cuts its lineage; the broadcasts
 * the lineage since the last checkpoint still needs are kept until then and destroyed right after,
 * so a lost executor is rebuilt by recomputation with bit-identical results, and driver and
 * executor memory stay flat.
 */
public final class Trainer {
  /**
   * The per-step profile of every run ({@link TimingTable}, measured by {@link StepProfiler}); the
   * heap column is {@link #peakHeapMb}.
   */
  public static final String TIMING = TimingTable.FILE;

  /** Spark setting that fixes the sharded block width (a multiple of 512; tests, benchmarks). */
  public static final String BLOCK_WIDTH_CONF = "spark.byzspark.shardWidth";

  /**
   * Spark setting (true by default): in driver mode on a local master, read the step's states from
   * the block manager the executors share with the driver instead of collecting them as task
   * results (same values; false collects them, for comparisons and benchmarks).
   */
  public static final String READ_CACHED_STATES = "spark.byzspark.readCachedStates";

  /**
   * What a run produced: the metrics, the last evaluation's test accuracy (NaN for a regression
   * model), test MSE (NaN for a classifier) and gradient norm (NaN when not evaluated), the
   * simulated time at the end, and θ.
   */
  public record Result(
      MetricsTable metrics,
      double finalAccuracy,
      double[] theta,
      double finalMse,
      double finalGradNorm,
      double simTime) {}

  /** Thrown by a run that checks divergence when its parameters or loss stop being finite. */
  public static final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DivergedException(String message) {
      super(message);
    }
  }

  /**
   * What the executors need at one step: θ_t, which workers are contacted, each contacted worker's
   * coordinate mask (null: all coordinates) and the Byzantine flags. A plain class, not a record:
   * broadcasts go through Kryo.
   */
  static final class StepInput implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] theta;
    private final boolean[] contacted;
    private final int[][] masks;
    private final boolean[] byzantine;

    StepInput(double[] theta, boolean[] contacted, int[][] masks, boolean[] byzantine) {
      this.theta = theta;
      this.contacted = contacted;
      this.masks = masks;
      this.byzantine = byzantine;
    }
  }

  private final TrainConfig cfg;
  private final HgoOptions opts;
  private final JavaSparkContext sc;
  private final RunOutput output;
  private final Consumer<String> progress;
  private WorkerData shared;
  private boolean failOnDivergence;
  private boolean ownCheckpointDir = true;
  private Map<String, Object> manifestExtras = Map.of();
  private ResumeStore resumeStore;
  private ResumePoint resumeFrom;

  /** A run with every option of {@link HgoOptions} at its default (RESAM's setting). */
  public Trainer(
      TrainConfig cfg, JavaSparkContext sc, RunOutput output, Consumer<String> progress) {
    this(cfg, HgoOptions.defaults(), sc, output, progress);
  }

  public Trainer(
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
   * Writes the checkpoints' momentum files under the Spark context's checkpoint directory (set once
   * by whoever runs several trainers in one application, a Hadoop path every executor can reach)
   * instead of under {@code OUT/_checkpoints} ({@code OUT/_resume} for a resumable run); each run
   * deletes its own.
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
    Map<String, Object> all = new LinkedHashMap<>(manifestExtras);
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
    // the results tables have a column per option, more than the 25 fields Spark prints of a plan
    // before it warns that it truncated one (a WARN line at the end of every run)
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "1000");
  }

  /** The rule of a configuration: the pre-aggregators in order, then the rule. */
  public static Aggregator rule(TrainConfig cfg) {
    return TrainSetup.rule(cfg);
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

  /**
   * Loads and deals the data (unless shared) and runs every check that needs it or the model's
   * shape; writes nothing, so a failure here ({@link IllegalArgumentException}) leaves no output.
   * {@link #run} calls it when it was not called before.
   */
  public Trainer prepare() {
    if (prepared == null) {
      Run r = new Run();
      try {
        r.load();
      } catch (RuntimeException e) {
        r.release();
        throw e;
      }
      prepared = r;
    }
    return this;
  }

  private Run prepared;

  public Result run() {
    prepare();
    Run r = prepared;
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
    final Algorithm algorithm = TrainSetup.algorithm(opts);
    WorkerData data;
    Model model;
    boolean regression;
    boolean gradNorm;
    int d;
    int[] layers;
    int[] blocks;
    int q;
    int v;
    int declaredF;
    Aggregator rule;
    Attack attack;
    ByzantineStage byzantine;
    WorkerStep step;
    WorkerStep serverStep;
    Placement placement;
    ComputeProfile profile;
    Algorithm.Context context;
    LrSchedule schedule;
    JavaRDD<WorkerState> state;
    double[] theta;
    Lineage lineage;
    // the momentum files of the checkpoints: the resume store of a resumable run, else one that
    // writes no resume point
    ResumeStore checkpoints;
    MetricsTable metrics;
    final StringBuilder ruleReports = new StringBuilder();
    double accuracy = Double.NaN;
    double mse = Double.NaN;
    double lastGradNorm = Double.NaN;
    double simTime;
    boolean sharded;
    // driver mode on a local master: the states are read from the block manager the executors share
    // with the driver instead of being serialised back as task results
    boolean statesHere;
    ShardScope layout;
    StepProfiler profiler;
    RuleState ruleState;
    AttackState attackState;
    ServerMomentum server;
    org.byzspark.attack.TargetedAttack targeted;
    double lastAsr = Double.NaN;
    double[] serverMomentum;
    boolean released;
    int firstStep = 1;

    /** Data (loaded here unless shared), model and every check that needs them. */
    void load() {
      regression = TrainSetup.isRegression(cfg);
      if (regression) {
        TrainSetup.checkRegression(cfg, opts, DatasetSpec.parse(cfg.dataset(), cfg.dataDir()));
      }
      data = shared != null ? shared : WorkerData.load(sc, cfg, opts);
      model = TrainSetup.model(cfg, opts, data.dim(), data.numClasses());
      TrainSetup.check(cfg, opts, model);
    }

    /** Rule, attack, policies, θ_0 and the initial worker state (or the resume point's). */
    void setUp() {
      d = model.dimension();
      layers = TrainSetup.layers(model);
      blocks = TrainSetup.blocks(opts, layers);
      q = opts.q(n);
      v = opts.v(n, f);
      declaredF = opts.declaredF(f);
      schedule = LrSchedule.parse(opts.lrSchedule());
      gradNorm = opts.gradNorm(algorithm.gradNormByDefault() || !schedule.isConstant());
      rule = TrainSetup.rule(cfg);
      attack = TrainSetup.attack(cfg, opts);
      byzantine = new ByzantineStage(attack, f, rule, declaredF);
      byzantine = MessageRecorder.attach(byzantine, cfg, output, declaredF, d, () -> theta);
      if (!schedule.warning().isEmpty()) {
        progress.accept("warning: " + schedule.warning());
      }
      placement = new Placement(opts.placement(), opts.sampling(), n, f, q, cfg.seed());
      profile = ComputeProfile.parse(opts.profile());
      int[] batch = opts.batchSizes(n, cfg.batchSize());
      context =
          new Algorithm.Context(
              profile.rates(n, cfg.seed()),
              batch,
              d,
              opts.tau(),
              v,
              layers,
              blocks,
              opts.deadline(),
              cfg.seed());
      step =
          new WorkerStep(
                  model,
                  batch,
                  cfg.weightDecay(),
                  cfg.clip(),
                  opts.serverMomentum() ? 0.0 : cfg.momentum(),
                  cfg.seed())
              .withAugmentation(DatasetSpec.parse(cfg.dataset(), cfg.dataDir()).augmentation())
              .withLocalSteps(opts.localSteps(), opts.localLr(cfg.lr()));
      serverStep = rule.usesServerGradient() ? serverStep() : null;
      targeted =
          attack instanceof org.byzspark.attack.TargetedAttack ta && ta.targeted() && !regression
              ? ta
              : null;
      metrics = new MetricsTable(regression, gradNorm, targeted != null);
      checkpoints =
          resumeStore != null
              ? resumeStore
              : ResumeStore.checkpointsOnly(
                  output,
                  sc.hadoopConfiguration(),
                  ownCheckpointDir
                      ? output.path("_checkpoints").toString()
                      : sc.getCheckpointDir().orElse(null));
      lineage = new Lineage();
      state = initialState(data.blocks());
      theta = model.init(cfg.seed());
      ruleState = rule.initialState();
      attackState = attack.initialState();
      server = opts.serverMomentum() ? new ServerMomentum(cfg.momentum(), opts.nesterov()) : null;
      sharded = cfg.sharded(d);
      statesHere = !sharded && sc.isLocal() && sc.getConf().getBoolean(READ_CACHED_STATES, true);
      if (sharded) {
        layout = new ShardScope(sc, d, blockWidth(n, d));
      }
      profiler = new StepProfiler(sc, output.dir() + "@" + start);
      if (resumeFrom != null) {
        resume(resumeFrom);
      } else if (resumeStore != null) {
        resumeStore.clearStale();
        output.writeJson(RunOutput.MANIFEST, manifest("running"));
      }
    }

    /**
     * FLTrust's server: the worker computation of the run (batch size {@code --batch-size}, weight
     * decay, clipping, local steps) without momentum, on the root set, with its own streams (the
     * seed derived from (seed, FLTRUST_ROOT, 1), as worker 0 of that seed).
     */
    private WorkerStep serverStep() {
      if (data.root() == null) {
        throw new IllegalStateException(
            "the data of this run were loaded without the root set " + rule.name() + " needs");
      }
      DatasetSpec rootSpec = TrainSetup.rootSpec(cfg, opts);
      DatasetSpec spec =
          rootSpec != null ? rootSpec : DatasetSpec.parse(cfg.dataset(), cfg.dataDir());
      return new WorkerStep(
              model,
              new int[] {cfg.batchSize()},
              cfg.weightDecay(),
              cfg.clip(),
              0.0,
              org.byzspark.util.Seeds.derive(
                  cfg.seed(), org.byzspark.util.Seeds.Purpose.FLTRUST_ROOT, 1))
          .withAugmentation(spec.augmentation())
          .withLocalSteps(opts.localSteps(), opts.localLr(cfg.lr()));
    }

    /**
     * The rule's state for step t: the run's, with the server's gradient g₀ at θ_t on the root set
     * for a rule that uses it (computed here on the driver, so both aggregation modes see the same
     * bits).
     */
    private RuleState ruleStateAt(int t) {
      if (serverStep == null) {
        return ruleState;
      }
      double[] g0 =
          serverStep
              .apply(data.root(), theta, WorkerState.initial(0), t, IntUnaryOperator.identity())
              .momentum();
      return ruleState.with(RuleState.SERVER_GRADIENT, g0);
    }

    /**
     * The sharded block width for m vectors of dimension dim: the configured one, or the default.
     */
    int blockWidth(int m, int dim) {
      int width = sc.getConf().getInt(BLOCK_WIDTH_CONF, 0);
      return width > 0 ? width : ShardScope.defaultWidth(m, dim, 2 * sc.defaultParallelism());
    }

    /** Continues after the point's step: θ, rule state, rows, reports, clock and worker momenta. */
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
      if (server != null) {
        serverMomentum = ruleState.get(ServerMomentum.STATE_KEY);
        RuleState own = RuleState.EMPTY;
        for (String key : ruleState.keys()) {
          if (!key.equals(ServerMomentum.STATE_KEY)) {
            own = own.with(key, ruleState.get(key));
          }
        }
        ruleState = own;
      }
      attackState = p.attackState();
      p.metrics().forEach(metrics::add);
      for (MetricsTable.Row row : p.metrics()) {
        if (!Double.isNaN(row.testAccuracy())) {
          accuracy = row.testAccuracy();
        }
        if (!Double.isNaN(row.testMse())) {
          mse = row.testMse();
        }
        if (!Double.isNaN(row.testAsr())) {
          lastAsr = row.testAsr();
        }
        if (!Double.isNaN(row.gradNorm())) {
          lastGradNorm = row.gradNorm();
        }
        simTime = row.simTime();
      }
      ruleReports.append(p.ruleReports());
      firstStep = Math.toIntExact(p.step()) + 1;
      resumeStore.resumingFrom(p);
    }

    /**
     * Step t: placement and plan, worker step on the cluster, Byzantine stage and rule (driver or
     * sharded), θ update, clock, evaluation.
     */
    void step(int t) {
      long t0 = System.nanoTime();
      profiler.begin(t);
      boolean[] byz = placement.byzantine(t);
      int[] sel = placement.selected(t, byz);
      StepPlan plan = algorithm.plan(context, sel, t);
      boolean[] contacted = new boolean[n];
      int[][] masks = new int[n][];
      for (int r = 0; r < sel.length; r++) {
        contacted[sel[r]] = true;
        masks[sel[r]] = plan.maskOf(r);
      }
      boolean everyone = sel.length == n;
      profiler.lap(Item.OTHER);
      Broadcast<StepInput> input =
          lineage.track(sc.broadcast(new StepInput(theta, contacted, masks, byz)));
      profiler.lap(Item.BROADCAST);
      JavaRDD<WorkerState> next =
          advance(data.blocks(), state, input, step, attack, t, data.numClasses())
              .setName("worker state, step " + t)
              .persist(StorageLevel.MEMORY_ONLY());
      boolean checkpoint = t % cfg.checkpointEvery() == 0;
      JavaRDD<WorkerState> answered =
          everyone ? next : RddOps.filter(next, s -> contacted[s.worker()]);
      // driver mode gets the contacted workers' states (collected, or on a local master read from
      // the block manager); sharded mode collects only (worker, batch loss)
      profiler.workersBegin();
      // the workers' tasks: a task computes several workers' partitions (their cached states stay
      // one partition per worker); results are put back in worker order
      JavaRDD<WorkerState> grouped =
          WorkerGroups.coalesce(
              sc, answered, data.blocks(), cfg.workerTasks(sc.defaultParallelism()));
      List<WorkerState> states = null;
      List<double[]> losses = null;
      if (sharded) {
        losses = RddOps.collect(RddOps.map(grouped, Trainer::loss));
        losses.sort(Comparator.comparingDouble(wl -> wl[0]));
      } else {
        states = statesHere ? cachedStates(grouped, next, contacted) : null;
        if (states == null) {
          states = RddOps.collect(grouped);
        }
        states.sort(Comparator.comparingInt(WorkerState::worker));
      }
      profiler.workersEnd();
      state.unpersist(false);
      state = next;
      profiler.lap(Item.OTHER);

      // the honest senders' mean batch loss, in worker order; the rows of the selected workers
      double lossSum = 0;
      int honest = 0;
      double[][] values = sharded ? null : new double[sel.length][];
      int[] rank = new int[n];
      Arrays.fill(rank, -1);
      for (int r = 0; r < sel.length; r++) {
        rank[sel[r]] = r;
      }
      if (!sharded) {
        for (WorkerState s : states) {
          values[rank[s.worker()]] = s.momentum();
          if (!byz[s.worker()]) {
            lossSum += s.batchLoss();
            honest++;
          }
        }
      } else {
        for (double[] wl : losses) { // partition order = worker order, as the collected states
          if (!byz[(int) wl[0]]) {
            lossSum += wl[1];
            honest++;
          }
        }
      }
      boolean[] byzR = new boolean[sel.length];
      for (int r = 0; r < sel.length; r++) {
        byzR[r] = byz[sel[r]];
      }

      profiler.lap(Item.OTHER);
      long a0 = System.nanoTime();
      long[] shuffleNanos = {0};
      PartialAggregation.Times times = new PartialAggregation.Times();
      List<ShardScope> scopes = new ArrayList<>();
      double[] update;
      try {
        List<StepPlan.Segment> segments = plan.segments();
        int finished = segments.isEmpty() ? 0 : segments.get(0).senders().length;
        if (algorithm.skipsWhenTooFew() && !fits(rule, finished, declaredF, d)) {
          update = new double[d]; // too few finished: no step
        } else {
          PartialAggregation.Rows rows =
              sharded
                  ? shardedRows(next, sel, scopes, shuffleNanos)
                  : PartialAggregation.driver(values, d);
          PartialAggregation.Result res =
              PartialAggregation.aggregate(
                  plan,
                  rows,
                  byzR,
                  byzantine,
                  rule,
                  declaredF,
                  new Round(t, cfg.seed()),
                  d,
                  ruleStateAt(t),
                  attackState,
                  times);
          update = res.update();
          ruleState = res.state();
          attackState = res.attackState();
          if (!res.report().isEmpty()) {
            // a CSV line: a report with commas (selected=0,1,3) is quoted
            Csv.line(ruleReports, List.of(Long.toString(t), res.report()));
          }
        }
      } finally {
        scopes.forEach(ShardScope::close);
      }
      double aggregationMs = (System.nanoTime() - a0 - shuffleNanos[0]) / 1e6;
      profiler.lap(times);

      if (server != null) {
        serverMomentum = server.next(serverMomentum, update);
        update = server.direction(serverMomentum, update);
      }
      double lr = schedule.rate(cfg.lr(), t, cfg.steps());
      double[] nextTheta = new double[d];
      for (int i = 0; i < d; i++) {
        nextTheta[i] = theta[i] - lr * update[i];
      }
      theta = nextTheta;
      profiler.lap(Item.UPDATE);
      simTime += algorithm.duration(context, sel);
      double trainLoss = honest == 0 ? Double.NaN : lossSum / honest;
      if (failOnDivergence) {
        checkFinite(t, honest == 0 ? 0 : trainLoss, theta);
      }

      boolean evaluate = t % cfg.evalEvery() == 0 || t == cfg.steps();
      double stepAccuracy = Double.NaN;
      double stepMse = Double.NaN;
      double stepGrad = Double.NaN;
      double stepAsr = Double.NaN;
      if (evaluate) {
        profiler.lap(Item.OTHER);
        Broadcast<double[]> th = sc.broadcast(theta);
        try {
          if (regression) {
            stepMse = Evaluator.meanSquaredError(data.test(), th, (RegressionModel) model);
            mse = stepMse;
          } else {
            stepAccuracy = Evaluator.accuracy(data.test(), th, model);
            accuracy = stepAccuracy;
          }
          if (targeted != null) {
            stepAsr = Evaluator.attackSuccessRate(data.test(), th, model, targeted);
            lastAsr = stepAsr;
          }
          if (gradNorm) {
            stepGrad =
                GradientNorm.compute(data.blocks(), th, model, cfg.weightDecay(), cfg.seed(), t);
            lastGradNorm = stepGrad;
          }
        } finally {
          th.destroy(false);
        }
        profiler.lap(Item.EVALUATION);
      }
      metrics.add(
          new MetricsTable.Row(
              t,
              trainLoss,
              stepAccuracy,
              stepMse,
              stepGrad,
              simTime,
              lr,
              plan.blockSize(),
              aggregationMs,
              (System.nanoTime() - t0) / 1e6,
              stepAsr));
      if (evaluate) {
        output.write(RunOutput.METRICS, metrics.toCsv());
      }
      if (checkpoint) {
        profiler.lap(Item.OTHER);
        RuleState saved =
            server == null || serverMomentum == null
                ? ruleState
                : ruleState.with(ServerMomentum.STATE_KEY, serverMomentum);
        checkpoints.save(t, state, states, n, theta, saved, attackState, metrics, ruleReports);
        // the checkpoint: from now on the state is read back from the files just written
        JavaRDD<WorkerState> readBack = checkpoints.savedState(sc);
        state.unpersist(false);
        state = readBack;
        lineage.afterCheckpoint();
        profiler.lap(Item.CHECKPOINT);
      }
      profiler.end(peakHeapMb());
      if (evaluate) {
        output.write(TIMING, profiler.csv());
        long elapsed = Duration.between(start, Instant.now()).toMillis();
        progress.accept(
            String.format(
                    Locale.ROOT,
                    "step %d/%d  train_loss %.4f  %s %.4f",
                    t,
                    cfg.steps(),
                    trainLoss,
                    regression ? "test_mse" : "test_accuracy",
                    regression ? stepMse : stepAccuracy)
                + (targeted != null ? String.format(Locale.ROOT, "  test_asr %.4f", stepAsr) : "")
                + (gradNorm ? String.format(Locale.ROOT, "  grad_norm %.4g", stepGrad) : "")
                + (algorithm == Algorithm.RESAM
                    ? ""
                    : String.format(Locale.ROOT, "  sim_time %.4g", simTime))
                + String.format(
                    Locale.ROOT,
                    "  %.1f s  %s",
                    elapsed / 1e3,
                    eta(elapsed, t - firstStep + 1, cfg.steps() - firstStep + 1)));
      }
    }

    /**
     * The senders' rows as sets cut into coordinate blocks on the executors: the whole messages
     * (one shuffle, the run's layout), or a segment's coordinates (one shuffle each, a layout of
     * the segment's size). The scopes are closed by the caller at the end of the step.
     */
    private PartialAggregation.Rows shardedRows(
        JavaRDD<WorkerState> next, int[] sel, List<ShardScope> scopes, long[] shuffleNanos) {
      return (senders, cols) -> {
        long s0 = System.nanoTime();
        int[] rowOf = new int[n];
        Arrays.fill(rowOf, -1);
        for (int k = 0; k < senders.length; k++) {
          rowOf[sel[senders[k]]] = k;
        }
        ShardScope scope =
            cols == null
                ? layout.next()
                : new ShardScope(sc, cols.length, blockWidth(senders.length, cols.length));
        scopes.add(scope);
        // the map side runs in the worker job's groups, where their states are cached
        JavaRDD<Tuple2<Integer, double[]>> rows =
            WorkerGroups.coalesce(
                sc,
                messages(next, rowOf, cols),
                data.blocks(),
                cfg.workerTasks(sc.defaultParallelism()));
        ShardedVectorSet set =
            ShardedVectorSet.fromVectors(scope, rows, senders.length).materialize();
        shuffleNanos[0] += System.nanoTime() - s0;
        return set;
      };
    }

    /**
     * Releases the run's Spark resources and writes aggregator.csv, the final model (model/, see
     * {@link SavedModel}) and run.json (last, so that a finished run has its model).
     */
    Result finish() {
      release();
      if (ruleReports.length() > 0) {
        output.write("aggregator.csv", "step,report\n" + ruleReports);
      }
      if (resumeFrom != null && firstStep > cfg.steps()) {
        output.write(RunOutput.METRICS, metrics.toCsv()); // no step left: the rows of the point
      }
      output.writeModel(savedModel());
      output.writeJson(RunOutput.MANIFEST, manifest("finished"));
      if (resumeStore != null) {
        resumeStore.finished(); // the other stores' files went with release()
      }
      return new Result(metrics, accuracy, theta, mse, lastGradNorm, simTime);
    }

    /** The final θ with what rebuilds its network and its test set. */
    private SavedModel savedModel() {
      return SavedModel.of(
          Models.type(cfg.model()).name(),
          TrainSetup.modelParams(cfg, opts),
          model.inputDim(),
          model.numClasses(),
          new SavedModel.Data(
              DatasetSpec.parse(cfg.dataset(), cfg.dataDir()).toString(),
              opts.binary() == null ? null : opts.binary()[0] + "," + opts.binary()[1],
              cfg.seed()),
          new SavedModel.Training(cfg.steps(), accuracy, mse),
          theta);
    }

    /** run.json: the configuration, the data's shape, the policies' facts, Spark, times, status. */
    private Map<String, Object> manifest(String status) {
      Map<String, Object> manifest = new LinkedHashMap<>();
      Map<String, Object> config = new LinkedHashMap<>(cfg.asMap());
      config.putAll(opts.asMap());
      manifest.put("config", config);
      manifest.put("resolved", cfg.resolvedParams());
      manifest.put("dimension", d);
      manifest.put("aggregation_mode", sharded ? "sharded" : "driver");
      if (sharded) {
        manifest.put("shard_blocks", layout.blocks());
        manifest.put("shard_width", layout.width());
      }
      manifest.put("train_examples", data.trainCount());
      manifest.put("classes", data.numClasses());
      manifest.put("layers", toList(layers));
      manifest.put("layer_blocks", toList(blocks));
      manifest.put("quorum_size", q);
      manifest.put("quorum", v);
      manifest.put("declared_byzantine", declaredF);
      List<Object> rateList = new ArrayList<>();
      for (double r : context.rates()) {
        rateList.add(r);
      }
      manifest.put("compute_rates", rateList);
      manifest.put("worker_categories", toList(profile.categories(n, cfg.seed())));
      if (data.histograms() != null) {
        List<Object> hist = new ArrayList<>();
        for (int[] h : data.histograms()) {
          hist.add(toList(h));
        }
        manifest.put("label_histograms", hist);
      }
      if (data.root() != null) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("data", opts.rootData().isBlank() ? "training set" : opts.rootData().strip());
        root.put("size", data.root().rows());
        root.put("class_counts", toList(data.rootClassCounts()));
        manifest.put("fltrust_root", root);
      }
      manifest.put("spark_master", sc.master());
      manifest.put("spark_version", sc.version());
      manifest.put("start", start.toString());
      if (status.equals("finished")) {
        manifest.put("end", Instant.now().toString());
        manifest.put("final_test_accuracy", accuracy);
        if (targeted != null) {
          manifest.put("final_test_asr", lastAsr);
        }
        if (regression) {
          manifest.put("final_test_mse", mse);
        }
        if (gradNorm) {
          manifest.put("final_grad_norm", lastGradNorm);
        }
        manifest.put("final_sim_time", simTime);
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
      if (profiler != null) {
        profiler.close();
      }
      if (lineage != null) {
        lineage.release();
      }
      if (state != null) {
        state.unpersist(false);
      }
      if (checkpoints != null) {
        checkpoints.release();
        if (checkpoints != resumeStore) {
          checkpoints.finished(); // nothing to resume from: the files go, also after a failure
          if (ownCheckpointDir) {
            output.deleteQuietly("_checkpoints");
          }
        }
      }
      if (data != null && shared == null) {
        data.release();
      }
    }
  }

  /**
   * Throws a {@link DivergedException} when the train loss after step t or θ is not finite (the
   * check of {@link #failOnDivergence}).
   */
  public static void checkFinite(int t, double trainLoss, double[] theta) {
    if (!Double.isFinite(trainLoss)) {
      throw new DivergedException("diverged at step " + t + ": train loss " + trainLoss);
    }
    for (double x : theta) {
      if (!Double.isFinite(x)) {
        throw new DivergedException("diverged at step " + t + ": parameters not finite");
      }
    }
  }

  /** Whether the rule accepts m senders with F' declared Byzantine (SGD's finished workers). */
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

  private static List<Object> toList(int[] a) {
    List<Object> l = new ArrayList<>();
    for (int x : a) {
      l.add(x);
    }
    return l;
  }

  /**
   * The contacted workers' states of the step, computed by a job that returns only (worker, batch
   * loss) and read from the local block manager, where the job cached {@code next} (partition w =
   * worker w): the objects the tasks made, with no serialisation or copy of the momenta. Null when
   * one of them is not there (evicted: the caller then collects them). The rules, pre-aggregators
   * and attacks never write into their input rows, so sharing the cached arrays changes no value.
   */
  private static List<WorkerState> cachedStates(
      JavaRDD<WorkerState> grouped, JavaRDD<WorkerState> next, boolean[] contacted) {
    RddOps.collect(RddOps.map(grouped, Trainer::loss));
    List<WorkerState> states = new ArrayList<>();
    for (int w = 0; w < contacted.length; w++) {
      if (!contacted[w]) {
        continue;
      }
      List<WorkerState> p = RddOps.cachedHere(next, w);
      if (p == null || p.size() != 1 || p.get(0).worker() != w) {
        return null;
      }
      states.add(p.get(0));
    }
    return states;
  }

  /** (worker, batch loss) of a state: all the driver collects in sharded mode. */
  private static double[] loss(WorkerState s) {
    return new double[] {s.worker(), s.batchLoss()};
  }

  /**
   * The (row, vector) messages of the senders for a sharded set: row {@code rowOf[worker]} (−1: not
   * a sender), the whole momentum or its restriction to {@code cols}. Static, so that the closure
   * captures only these small values.
   */
  private static JavaRDD<Tuple2<Integer, double[]>> messages(
      JavaRDD<WorkerState> states, int[] rowOf, int[] cols) {
    return states
        .filter(s -> rowOf[s.worker()] >= 0)
        .map(
            s -> {
              double[] m = s.momentum();
              if (cols == null) {
                return new Tuple2<>(rowOf[s.worker()], m);
              }
              double[] sub = new double[cols.length];
              for (int c = 0; c < cols.length; c++) {
                sub[c] = m[cols[c]];
              }
              return new Tuple2<>(rowOf[s.worker()], sub);
            });
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
      Broadcast<StepInput> input,
      WorkerStep step,
      Attack attack,
      long t,
      int numClasses) {
    boolean poisons = attack.poisonsData();
    org.byzspark.attack.BatchPoison rewrite = poisons ? attack.batchPoison(numClasses) : null;
    return RddOps.zipPartitions(
        blocks,
        previous,
        (Iterator<DataBlock> bIt, Iterator<WorkerState> sIt) -> {
          DataBlock block = bIt.next();
          WorkerState prev = sIt.next();
          StepInput in = input.value();
          int w = prev.worker();
          IntUnaryOperator labels =
              poisons && in.byzantine[w]
                  ? l -> attack.poisonLabel(l, numClasses)
                  : IntUnaryOperator.identity();
          return List.of(
                  step.apply(
                      block,
                      in.theta,
                      prev,
                      t,
                      in.contacted[w],
                      in.masks[w],
                      labels,
                      poisons && in.byzantine[w] ? rewrite : null))
              .iterator();
        });
  }
}
