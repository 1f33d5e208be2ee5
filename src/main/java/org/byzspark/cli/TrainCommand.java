package org.byzspark.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.attack.Attacks;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.LabelSplit;
import org.byzspark.experiment.ResultsTables;
import org.byzspark.io.RunOutput;
import org.byzspark.model.Model;
import org.byzspark.model.Models;
import org.byzspark.options.OptionType;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.RecoveryLog;
import org.byzspark.train.ResumeStore;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.TrainSetup;
import org.byzspark.train.Trainer;
import org.byzspark.train.hgo.HgoOptions;

/**
 * {@code byzspark train}: one training run. Every option is validated before Spark starts; an
 * invalid value ends the run with one line on standard error and exit code 2, having written
 * nothing.
 */
final class TrainCommand {
  /** The options, each declared once in {@link TrainOptions}, as help lists them. */
  static List<Scopt.Opt> options() {
    return Scopt.opts(TrainOptions.ALL);
  }

  /** The options of the step policies beyond RESAM's, validated; one line on a bad value. */
  static HgoOptions hgoOptions(Options o) {
    return HgoOptions.of(o.values(TrainOptions.ALL));
  }

  private TrainCommand() {}

  /** data/ of the installation (the launcher sets byzspark.home), else data/ of the working dir. */
  static String defaultDataDir() {
    return TrainOptions.defaultDataDir();
  }

  /**
   * A command line's options after the job file (or, with --resume, the recorded run) and the
   * defaults, as the run's configuration ({@code cfg.values()}: every option's typed value).
   *
   * @param resumed what a --resume run starts from, or null
   */
  record Resolved(TrainConfig cfg, HgoOptions hgo, ResumeOptions.Resumed resumed) {}

  /** Resolves parsed command-line values; fails with one line (CliError) on a bad value. */
  static Resolved resolve(Map<String, List<String>> cl, Configuration probe) {
    List<Scopt.Opt> opts = options();
    ResumeOptions.Resumed resumed = null;
    Options o;
    if (cl.containsKey("resume")) {
      resumed = ResumeOptions.prepare(cl, opts, probe);
      o = resumed.options();
    } else {
      // --job given twice keeps the last, as every option that does not accumulate
      String jobFile = cl.containsKey("job") ? cl.get("job").get(cl.get("job").size() - 1) : null;
      Map<String, List<String>> job = jobFile != null ? Options.readJob(jobFile, opts) : Map.of();
      if (job.containsKey("resume")) {
        throw new CliError(
            "--job: "
                + jobFile
                + " sets 'resume', which only the"
                + " command line may give (--resume DIR)");
      }
      o = Options.resolve(opts, cl, job);
    }
    OptionValues values = o.values(TrainOptions.ALL);
    return new Resolved(config(values), HgoOptions.of(values), resumed);
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
    Resolved run = resolve(cl, probe);
    ResumeOptions.Resumed resumed = run.resumed();
    TrainConfig cfg = run.cfg();
    HgoOptions hgo = run.hgo();
    boolean validateOnly = cfg.values().get(TrainOptions.VALIDATE_ONLY);
    checkBeforeSpark(
        cfg, probe, hgo, !(validateOnly && DatasetSpec.fetchedByLauncher(cfg.dataset())));
    if (resumed == null) {
      try {
        new RunOutput(cfg.out(), probe).checkWritable(cfg.values().get(TrainOptions.OVERWRITE));
      } catch (IllegalArgumentException e) {
        throw new CliError(e.getMessage());
      }
    }
    String checkpointDir = cfg.values().get(TrainOptions.CHECKPOINT_DIR);
    if (checkpointDir.equals(TrainOptions.DEFAULT_CHECKPOINT_DIR)) {
      checkpointDir = null;
    }
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
          sc.hadoopConfiguration());
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

  /** The run's configuration; one line naming the option on a bad value. */
  static TrainConfig config(Options o) {
    return config(o.values(TrainOptions.ALL));
  }

  static TrainConfig config(OptionValues values) {
    try {
      return TrainConfig.of(values);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  /** A size in bytes (see {@link OptionType#SIZE}); fails naming the option otherwise. */
  static long size(String option, String value) {
    return OptionType.size(option, value);
  }

  /**
   * Splits "nnm,clip:c=2,bucketing:s=2" into pre-aggregator specs; key=value items stay attached.
   */
  static List<String> splitPre(String s) {
    return TrainOptions.splitPre(s);
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
        if (!Models.takesSparse(cfg.model())) {
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
      int tenClasses = spec.knownClasses() == 10 ? 10 : 0;
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
      int dim = spec.knownDim() > 0 ? spec.knownDim() : Models.type(cfg.model()).probeInputDim();
      Model model = TrainSetup.model(cfg, hgo, dim, classes);
      Attacks.create(cfg.attack(), cfg.attackParams());
      TrainSetup.check(cfg, hgo, model);
      org.byzspark.data.TableRead read = TrainSetup.tableRead(cfg);
      read.check(spec, cfg.dataDir());
      if (files) {
        spec.checkPresent(hadoop, regression);
        DatasetSpec test = read.test(cfg.dataDir());
        if (test != null) {
          test.checkPresent(hadoop, regression);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }
}
