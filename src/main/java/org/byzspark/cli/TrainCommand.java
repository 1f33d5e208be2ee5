package org.byzspark.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.byzspark.attack.Attacks;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.LabelSplit;
import org.byzspark.experiment.ResultsTables;
import org.byzspark.io.RunOutput;
import org.byzspark.model.Model;
import org.byzspark.model.Models;
import org.byzspark.train.RecoveryLog;
import org.byzspark.train.ResumeStore;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.TrainSetup;
import org.byzspark.train.Trainer;
import org.byzspark.train.hgo.ComputeProfile;
import org.byzspark.train.hgo.HgoOptions;
import org.byzspark.train.hgo.LrSchedule;
import org.byzspark.train.hgo.Placement;
import org.byzspark.util.Params;

/**
 * {@code byzspark train}: one training run. Every option is validated before Spark starts; an
 * invalid value ends the run with one line on standard error and exit code 2, having written
 * nothing.
 */
final class TrainCommand {
  static final String DEFAULT_JOB = "jobs/resam-mnist.conf";
  static final String DEFAULT_CHECKPOINT_DIR = "<out>/_checkpoints";

  /** The options with their defaults, which are RESAM's MNIST setting for the MLP (D.3). */
  static List<Scopt.Opt> options() {
    return List.of(
        Scopt.Opt.of(
            "job",
            "FILE",
            null,
            "experiment file of 'option = value' lines (e.g. "
                + DEFAULT_JOB
                + "); options given on the command line override it"),
        Scopt.Opt.of("dataset", "SPEC", "mnist", "training data: " + DatasetSpec.ALLOWED),
        Scopt.Opt.of(
            "data-dir", "DIR", defaultDataDir(), "where the plain 'mnist' dataset is cached"),
        Scopt.Opt.of("model", "NAME", "mlp", "model: " + String.join(", ", Models.names())),
        Scopt.Opt.of("workers", "N", "15", "number of workers n (one Spark partition each)"),
        Scopt.Opt.of(
            "byzantine", "F", "5", "number of Byzantine workers f (the last f), 0 <= f < n"),
        Scopt.Opt.of(
            "attack",
            "NAME",
            "little",
            "attack of the Byzantine workers, NAME or NAME:key=value,...; one of: "
                + String.join(", ", Attacks.names())),
        Scopt.Opt.repeated("attack-param", "KEY=VALUE", "a parameter of the attack (repeatable)"),
        Scopt.Opt.of(
            "aggregator",
            "NAME",
            "cwtm",
            "robust aggregation rule, NAME or NAME:key=value,...; one of: "
                + String.join(", ", org.byzspark.aggregation.Aggregators.names())),
        Scopt.Opt.repeated("agg-param", "KEY=VALUE", "a parameter of the rule (repeatable)"),
        Scopt.Opt.repeated(
            "pre",
            "SPEC,...",
            "pre-aggregators applied in order before the rule, e.g. nnm,clip:c=2; one of: "
                + String.join(", ", org.byzspark.aggregation.Aggregators.preNames())),
        Scopt.Opt.of("momentum", "BETA", "0.99", "worker momentum coefficient β in [0, 1)"),
        Scopt.Opt.of("steps", "T", "800", "number of training steps"),
        Scopt.Opt.of("batch-size", "B", "25", "mini-batch size per worker and step"),
        Scopt.Opt.of("lr", "GAMMA", "0.5", "learning rate γ (> 0)"),
        Scopt.Opt.of("clip", "C", "2", "gradient norm bound C (> 0), or none"),
        Scopt.Opt.of("weight-decay", "WD", "1e-4", "ℓ2 regularisation factor (>= 0)"),
        Scopt.Opt.of(
            "eval-every", "K", "50", "evaluate test accuracy every K steps and at the end"),
        Scopt.Opt.of(
            "checkpoint-every",
            "K",
            "50",
            "checkpoint the worker state every K steps (cuts Spark lineage)"),
        Scopt.Opt.of(
            "checkpoint-dir",
            "DIR",
            DEFAULT_CHECKPOINT_DIR,
            "where the worker state is checkpointed: a Hadoop path every executor can read (on a"
                + " cluster, e.g. hdfs://...); the run's files there are removed at the end"),
        Scopt.Opt.of("seed", "S", "1", "run seed: same seed, same results"),
        Scopt.Opt.of(
            "aggregation",
            "MODE",
            "auto",
            "where the Byzantine stage and the rule run: driver (the n messages are collected),"
                + " sharded (they stay on the executors, cut in coordinate blocks) or auto"
                + " (sharded when n·d·8 bytes exceed --aggregation-threshold)"),
        Scopt.Opt.of(
            "aggregation-threshold",
            "SIZE",
            "1g",
            "message size n·d·8 above which --aggregation auto shards: bytes, or with a suffix"
                + " k, m, g, t (powers of 1024), e.g. 512m"),
        Scopt.Opt.of(
            "out",
            "DIR",
            "runs/train-<time>",
            "output directory (any Hadoop path) for metrics.csv and run.json"),
        Scopt.Opt.flag("overwrite", "allow --out to be a directory that already holds a run"),
        Scopt.Opt.of(
            "resume",
            "DIR",
            null,
            "continue the run in DIR (whose driver died) from its last checkpoint, with the"
                + " configuration of DIR/run.json; only --master, --steps (>= the checkpoint's"
                + " step), --checkpoint-every and --checkpoint-dir may differ"),
        Scopt.Opt.flag(
            "validate-only",
            "check the options and exit without starting Spark or reading the cached mnist"
                + " (the launcher runs this before it fetches MNIST)"),
        Scopt.Opt.of(
            "master",
            "URL",
            null,
            "Spark master URL (default: local[*], or the master spark-submit sets)"),
        Scopt.Opt.of(
            "algorithm",
            "NAME",
            "resam",
            "resam (every worker sends its whole momentum), hgo (HGO Algorithm 1: partial"
                + " gradients within time tau) or sgd (whole gradients of the workers that finish"
                + " before --deadline)"),
        Scopt.Opt.of("quorum-size", "Q", "all", "workers q contacted per step (1 <= q <= n)"),
        Scopt.Opt.of(
            "quorum",
            "V",
            "q-f",
            "hgo quorum v: B_k = the first b_v coordinates, b_v the v-th largest b_i (v <= q)"),
        Scopt.Opt.of("tau", "TAU", "1", "hgo time budget per step (> 0), in simulated time units"),
        Scopt.Opt.of(
            "deadline",
            "TAU",
            "none",
            "sgd deadline (> 0): workers slower than it are discarded; none waits for all"),
        Scopt.Opt.of(
            "profile", "SPEC", "c2", "compute rates of the workers: " + ComputeProfile.ALLOWED),
        Scopt.Opt.of(
            "layer-blocks",
            "B1/B2/...",
            null,
            "hgo block size per model layer (default: whole layers)"),
        Scopt.Opt.of(
            "batch-sizes",
            "S1/.../Sn",
            null,
            "mini-batch size of each worker (default: --batch-size for all)"),
        Scopt.Opt.of("split", "SPEC", "iid", "data split over workers: " + LabelSplit.ALLOWED),
        Scopt.Opt.of(
            "byzantine-placement",
            "NAME",
            "last",
            "which workers are Byzantine: " + Placement.ALLOWED),
        Scopt.Opt.of(
            "byzantine-sampling",
            "NAME",
            "exact",
            "with q < n: exact (f Byzantine among the q contacted) or uniform"),
        Scopt.Opt.of(
            "declared-byzantine",
            "F'",
            "f",
            "number of Byzantine workers the rule is told (default: --byzantine)"),
        Scopt.Opt.of(
            "lr-schedule", "SPEC", "constant", "learning-rate schedule: " + LrSchedule.ALLOWED),
        Scopt.Opt.of(
            "binary-classes",
            "POS,NEG",
            null,
            "train a binary model on two classes of the dataset (e.g. 3,8 on MNIST)"),
        Scopt.Opt.of("hidden", "H", null, "hidden width of the mlp (default 100)"),
        Scopt.Opt.of(
            "grad-norm",
            "WHEN",
            "auto",
            "compute the full training gradient's norm at each evaluation: true, false, or auto"
                + " (true for --algorithm hgo and sgd and for a --lr-schedule other than"
                + " constant)"));
  }

  /** The options of the step policies beyond RESAM's, validated; one line on a bad value. */
  static HgoOptions hgoOptions(Options o) {
    try {
      String deadline = o.string("deadline").strip();
      return new HgoOptions(
          o.string("algorithm").strip(),
          o.string("quorum-size").strip().equals("all") ? 0 : positive(o, "quorum-size"),
          o.string("quorum").strip().equals("q-f") ? 0 : positive(o, "quorum"),
          o.number("tau"),
          deadline.equalsIgnoreCase("none") ? Double.POSITIVE_INFINITY : o.number("deadline"),
          o.string("profile"),
          o.has("layer-blocks") ? o.string("layer-blocks") : "",
          o.has("batch-sizes") ? o.string("batch-sizes") : "",
          o.string("split"),
          o.string("byzantine-placement").strip(),
          o.string("byzantine-sampling").strip(),
          o.string("declared-byzantine").strip().equals("f")
              ? -1
              : nonNegative(o, "declared-byzantine"),
          o.string("lr-schedule"),
          o.has("binary-classes") ? o.string("binary-classes") : "",
          o.has("hidden") ? positive(o, "hidden") : 0,
          o.string("grad-norm").strip());
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  private static int positive(Options o, String name) {
    int v = o.integer(name);
    if (v < 1) {
      throw new CliError("--" + name + ": " + v + " is not allowed; allowed: an integer >= 1");
    }
    return v;
  }

  private static int nonNegative(Options o, String name) {
    int v = o.integer(name);
    if (v < 0) {
      throw new CliError("--" + name + ": " + v + " is not allowed; allowed: an integer >= 0");
    }
    return v;
  }

  private TrainCommand() {}

  /** data/ of the installation (the launcher sets byzspark.home), else data/ of the working dir. */
  static String defaultDataDir() {
    String home = System.getProperty("byzspark.home");
    return home == null ? "data" : home + "/data";
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<Scopt.Opt> opts = options();
    Scopt.Parsed parsed =
        Scopt.parse("byzspark train", "Train a model with Byzantine workers on Spark.", opts, args);
    if (parsed.help() != null) {
      out.print(parsed.help());
      return 0;
    }
    if (parsed.error() != null) {
      throw new CliError(parsed.error() + "; see 'byzspark train --help'");
    }
    Map<String, List<String>> cl = parsed.values();
    Configuration hadoop = new Configuration();
    Configuration probe = failFast(hadoop);
    ResumeOptions.Resumed resumed = null;
    Options o;
    if (cl.containsKey("resume")) {
      resumed = ResumeOptions.prepare(cl, opts, probe);
      o = resumed.options();
    } else {
      Map<String, List<String>> job =
          cl.containsKey("job") ? Options.readJob(cl.get("job").get(0), opts) : Map.of();
      if (job.containsKey("resume")) {
        throw new CliError(
            "--job: "
                + cl.get("job").get(0)
                + " sets 'resume', which only the"
                + " command line may give (--resume DIR)");
      }
      o = Options.resolve(opts, cl, job);
    }
    TrainConfig cfg = config(o);
    HgoOptions hgo = hgoOptions(o);
    boolean validateOnly = o.flag("validate-only");
    checkBeforeSpark(cfg, probe, hgo, !(validateOnly && cfg.dataset().strip().equals("mnist")));
    if (resumed == null) {
      try {
        new RunOutput(cfg.out(), probe).checkWritable(o.flag("overwrite"));
      } catch (IllegalArgumentException e) {
        throw new CliError(e.getMessage());
      }
    }
    String checkpointDir =
        o.string("checkpoint-dir").equals(DEFAULT_CHECKPOINT_DIR)
            ? null
            : o.string("checkpoint-dir");
    if (checkpointDir == null && resumed != null && !cl.containsKey("checkpoint-dir")) {
      // a resume without --checkpoint-dir keeps the crashed attempt's (e.g. an hdfs:// directory
      // the executors can reach), not <out>/_checkpoints
      String recorded = resumed.manifest().path(CHECKPOINT_DIR).asText("");
      checkpointDir = recorded.isEmpty() ? null : recorded;
    }
    if (validateOnly) {
      return 0;
    }
    RunOutput output = new RunOutput(cfg.out(), hadoop);

    SparkConf conf = new SparkConf().setAppName("ByzSpark train");
    Trainer.applySparkDefaults(conf);
    if (cfg.master() != null) {
      conf.setMaster(cfg.master());
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    authenticate(conf, System.getenv(AUTH_SECRET_ENV));
    Path checkpoints =
        checkpointDir == null ? output.path("_checkpoints") : new Path(checkpointDir);
    String warning = checkpointWarning(checkpoints, conf.get("spark.master"), hadoop);
    if (warning != null) {
      err.println("byzspark: warning: " + warning);
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      if (refused(sc, err)) {
        return 1; // nothing may use the context now: Spark is stopping it in another thread
      }
      sc.setLogLevel("WARN");
      sc.sc().addSparkListener(new RecoveryLog(sc.sc(), line -> err.println("byzspark: " + line)));
      Trainer trainer = new Trainer(cfg, hgo, sc, output, line -> err.println("byzspark: " + line));
      try {
        trainer.prepare(); // data-dependent checks (binary classes, the split): no output yet
      } catch (IllegalArgumentException e) {
        throw new CliError(e.getMessage());
      } catch (RuntimeException e) {
        if (!refused(sc, err)) {
          throw e;
        }
        return 1; // the master gave up while the data were still being read
      }
      err.println(
          "byzspark: "
              + describe(cfg)
              + (hgo.algorithm().equals(HgoOptions.defaults().algorithm())
                  ? ""
                  : ", " + hgo.algorithm())
              + " on "
              + sc.master()
              + ", output "
              + cfg.out()
              + (resumed == null ? "" : ", resumed after step " + resumed.point().step()));
      Trainer.Result r;
      try {
        if (checkpointDir != null) {
          sc.setCheckpointDir(checkpointDir);
          trainer.useContextCheckpointDir();
          // this attempt's subdirectory of DIR, so that a resume can remove it if the driver dies
          trainer.withManifest(
              Map.of(
                  CHECKPOINT_DIR, checkpointDir, CHECKPOINT_SUBDIR, sc.getCheckpointDir().get()));
        }
        trainer.resumable(
            ResumeStore.forRun(output, sc.hadoopConfiguration(), checkpointDir),
            resumed == null ? null : resumed.point());
        if (resumed != null) {
          // the crashed attempt's Spark checkpoints under --checkpoint-dir: never read again (the
          // resume point has its own copy of the momenta), and nothing else would remove them
          String stale = resumed.manifest().path(CHECKPOINT_SUBDIR).asText("");
          if (!stale.isEmpty()) {
            output.deleteQuietly(stale);
          }
          trainer.withManifest(
              Map.of(
                  "resumed_after_step",
                  resumed.point().step(),
                  "first_start",
                  resumed.manifest().path("start").asText("")));
        }
        r = trainer.run();
      } catch (CliError e) {
        throw e;
      } catch (RuntimeException e) {
        if (!refused(sc, err)) {
          throw e;
        }
        return 1;
      }
      if (checkpointDir != null) {
        output.deleteQuietly(sc.getCheckpointDir().get()); // this run's subdirectory of DIR
      }
      // the tidy tables of a grid, for this one run directory
      ResultsTables.write(
          cfg.out(),
          ResultsTables.build(List.of(ResultsTables.read(cfg.out(), sc.hadoopConfiguration()))),
          sc.hadoopConfiguration(),
          SparkSession.builder().sparkContext(sc.sc()).getOrCreate());
      out.println(finalLine(r, cfg.out()));
    }
    return 0;
  }

  /**
   * Whether a standalone master did not accept the application; if so, says so on {@code err}. When
   * the master never registers the application (a wrong or missing secret, no master), Spark gives
   * up after about a minute: the context's constructor returns with a local application id ({@code
   * spark-application-<millis>} instead of the master's {@code app-...}) while another thread stops
   * the context; a broadcast made during that stop can wait forever on a block lock, so the id is
   * checked before anything uses the context. A context found stopped later is the same case.
   */
  private static boolean refused(JavaSparkContext sc, PrintStream err) {
    if (!sc.master().startsWith("spark://")
        || !(sc.sc().isStopped() || sc.sc().applicationId().startsWith("spark-application-"))) {
      return false;
    }
    err.println(
        "byzspark train: error: the master "
            + sc.master()
            + " did not accept the"
            + " application (a wrong or missing spark.authenticate.secret, or no master at that"
            + " address; see the log above)");
    return true;
  }

  /**
   * The last line of a run: its final test accuracy (or MSE), with the gradient norm and the
   * simulated time when they were evaluated.
   */
  static String finalLine(Trainer.Result r, String out) {
    boolean regression = !Double.isNaN(r.finalMse());
    boolean grad = r.metrics().header().contains("grad_norm");
    if (!regression && !grad) {
      return String.format(Locale.ROOT, "final test accuracy %.4f (%s)", r.finalAccuracy(), out);
    }
    return String.format(
        Locale.ROOT,
        "final %s %s%s, sim time %.4g (%s)",
        regression ? "test mse" : "test accuracy",
        regression
            ? String.format(Locale.ROOT, "%.6g", r.finalMse())
            : String.format(Locale.ROOT, "%.4f", r.finalAccuracy()),
        grad ? String.format(Locale.ROOT, ", grad norm %.4g", r.finalGradNorm()) : "",
        r.simTime(),
        out);
  }

  /**
   * The environment variable through which Spark hands a standalone executor its secret, and
   * through which scripts/byzspark hands the driver the local cluster's secret (the secret never
   * appears on a command line).
   */
  static final String AUTH_SECRET_ENV = "_SPARK_AUTH_SECRET";

  /**
   * The run.json entry naming the Spark checkpoint subdirectory of {@code --checkpoint-dir} that a
   * run attempt uses (removed when the attempt finishes, or by the {@code --resume} that follows a
   * crash).
   */
  static final String CHECKPOINT_SUBDIR = "checkpoint_subdir";

  /**
   * The run.json entry recording {@code --checkpoint-dir} as given; {@code --resume} without the
   * option uses it again.
   */
  static final String CHECKPOINT_DIR = "checkpoint_dir";

  /**
   * With {@code spark.authenticate} on, a driver on a standalone master needs the shared secret in
   * its configuration (Spark's SecurityManager requires {@code spark.authenticate.secret} there for
   * any master but local, YARN and Kubernetes); it is taken from {@code _SPARK_AUTH_SECRET} when
   * the configuration does not already hold one (e.g. from spark-submit's --properties-file).
   */
  static void authenticate(SparkConf conf, String envSecret) {
    if (conf.getBoolean("spark.authenticate", false)
        && !conf.contains("spark.authenticate.secret")
        && envSecret != null
        && !envSecret.isEmpty()) {
      conf.set("spark.authenticate.secret", envSecret);
    }
  }

  /**
   * The one line that replaces Spark's own mid-run warning: on a master other than local[...], a
   * checkpoint directory on the driver's local file system is only readable by executors on the
   * same machine. Null when there is nothing to say.
   */
  static String checkpointWarning(Path dir, String master, Configuration hadoop) {
    if (master == null || master.startsWith("local")) {
      return null;
    }
    String scheme = dir.toUri().getScheme();
    if (scheme == null) {
      scheme = FileSystem.getDefaultUri(hadoop).getScheme();
    }
    if (!"file".equals(scheme)) {
      return null;
    }
    return "--checkpoint-dir "
        + dir
        + " is on this machine's local file system; with master "
        + master
        + " executors on other hosts cannot read it (fine when every executor runs on"
        + " this machine, as with scripts/cluster.sh); give a directory on a shared file system,"
        + " e.g. --checkpoint-dir hdfs://namenode/checkpoints";
  }

  /**
   * A copy of {@code conf} for the checks before Spark starts: an unreachable hdfs:// address is
   * reported after one connection attempt instead of Hadoop's ten (one per second).
   */
  static Configuration failFast(Configuration conf) {
    Configuration c = new Configuration(conf);
    c.setInt("ipc.client.connect.max.retries", 0);
    c.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
    c.setInt("ipc.client.connect.timeout", 5000);
    return c;
  }

  static String describe(TrainConfig c) {
    return String.format(
        Locale.ROOT,
        "%s on %s, n=%d f=%d, attack %s, rule %s%s, β=%s, T=%d, b=%d, γ=%s",
        c.model(),
        c.dataset(),
        c.workers(),
        c.byzantine(),
        c.attack(),
        c.pre().isEmpty() ? "" : String.join("+", c.pre()) + "+",
        c.aggregator(),
        c.momentum(),
        c.steps(),
        c.batchSize(),
        c.lr());
  }

  static TrainConfig config(Options o) {
    Map.Entry<String, Params> attack = Params.parseNamed(o.string("attack"));
    Map.Entry<String, Params> rule = Params.parseNamed(o.string("aggregator"));
    List<String> pre = o.all("pre").stream().flatMap(s -> splitPre(s).stream()).toList();
    String clip = o.string("clip").strip();
    double clipValue =
        clip.equalsIgnoreCase("none") || clip.equalsIgnoreCase("inf")
            ? Double.POSITIVE_INFINITY
            : o.number("clip");
    String out =
        o.string("out").equals("runs/train-<time>")
            ? "runs/train-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            : o.string("out");
    String master = o.string("master"); // null: spark-submit's master, else local[*]
    try {
      return new TrainConfig(
          o.string("dataset"),
          o.string("data-dir"),
          o.string("model"),
          o.integer("workers"),
          o.integer("byzantine"),
          attack.getKey(),
          attack.getValue().with(Params.parse(o.all("attack-param"))),
          rule.getKey(),
          rule.getValue().with(Params.parse(o.all("agg-param"))),
          pre,
          o.number("momentum"),
          o.integer("steps"),
          o.integer("batch-size"),
          o.number("lr"),
          clipValue,
          o.number("weight-decay"),
          o.integer("eval-every"),
          o.integer("checkpoint-every"),
          o.longValue("seed"),
          out,
          master,
          o.string("aggregation").strip(),
          size("--aggregation-threshold", o.string("aggregation-threshold")));
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  /**
   * A size in bytes: digits, optionally followed by k, m, g or t (powers of 1024, case-insensitive,
   * an optional trailing b or ib); fails naming the option otherwise.
   */
  static long size(String option, String value) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)\\s*(\\d+)\\s*([kmgt]?)(i?b)?\\s*").matcher(value);
    String allowed = "; allowed: a size in bytes, optionally with k, m, g or t, e.g. 512m, 2g";
    if (!m.matches()) {
      throw new IllegalArgumentException(option + ": " + value + " is not a size" + allowed);
    }
    int shift = m.group(2).isEmpty() ? 0 : "kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    try {
      long v = Long.parseLong(m.group(1));
      if (shift > 0 && v > (Long.MAX_VALUE >> (10 * shift))) {
        throw new NumberFormatException();
      }
      return v << (10 * shift);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": " + value + " is too large" + allowed);
    }
  }

  /**
   * Splits "nnm,clip:c=2,bucketing:s=2" into pre-aggregator specs; key=value items stay attached.
   */
  static List<String> splitPre(String s) {
    List<String> out = new java.util.ArrayList<>();
    for (String part : s.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      if (p.contains("=") && !p.contains(":") && !out.isEmpty()) {
        out.set(out.size() - 1, out.get(out.size() - 1) + "," + p);
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Registry names, (n, f) requirements and input files, all before Spark starts: q, v, F', τ, the
   * schedule, the split's k against the class count (MNIST: 10), and the rule's requirement on the
   * smallest set of senders ({@link TrainSetup#check}). {@code files} false skips the presence of
   * the input files (--validate-only).
   */
  static void checkBeforeSpark(
      TrainConfig cfg, Configuration hadoop, HgoOptions hgo, boolean files) {
    try {
      DatasetSpec spec = DatasetSpec.parse(cfg.dataset(), cfg.dataDir());
      LabelSplit split = LabelSplit.parse(hgo.split());
      if (spec.isSparse()) {
        if (!Models.sparseNames().contains(cfg.model())) {
          throw new IllegalArgumentException(
              "--model: "
                  + cfg.model()
                  + " does not take sparse"
                  + " data (the synthetic dataset); allowed: "
                  + String.join(", ", Models.sparseNames()));
        }
        if (spec.synthetic().examples() < cfg.workers()) {
          throw new IllegalArgumentException(
              "--workers: "
                  + cfg.workers()
                  + " workers need at"
                  + " least as many training examples, got "
                  + spec.synthetic().examples());
        }
        if (!split.isIid() || hgo.binary() != null) {
          throw new IllegalArgumentException(
              (split.isIid() ? "--binary-classes: " + hgo.binaryClasses() : "--split: " + split)
                  + " is not allowed with "
                  + spec
                  + ", whose two-class examples are generated on the executors, worker by"
                  + " worker; allowed: --split iid without --binary-classes");
        }
      }
      boolean regression = TrainSetup.isRegression(cfg);
      if (regression) {
        TrainSetup.checkRegression(cfg, hgo, spec);
      }
      int tenClasses = spec.knownClasses() == 10 || spec.kind().equals("mnist") ? 10 : 0;
      int classes = hgo.binary() != null ? 2 : Math.max(2, spec.knownClasses());
      if (tenClasses == 10) {
        int[] bin = hgo.binary();
        if (bin != null && (bin[0] > 9 || bin[1] > 9)) {
          throw new IllegalArgumentException(
              "--binary-classes: "
                  + hgo.binaryClasses()
                  + " is not allowed with 10 classes; allowed: two different classes in 0..9");
        }
        split.check(10);
      }
      // the model's d for the rule's check: exact for image datasets, a placeholder shape otherwise
      int dim = spec.knownDim() > 0 ? spec.knownDim() : cfg.model().equals("cnn") ? 784 : 2;
      Model model = TrainSetup.model(cfg, hgo, dim, classes);
      Attacks.create(cfg.attack(), cfg.attackParams());
      TrainSetup.check(cfg, hgo, model);
      if (files) {
        spec.checkPresent(hadoop, regression);
      }
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }
}
