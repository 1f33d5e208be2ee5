package org.byzspark.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.attack.Attacks;
import org.apache.spark.sql.SparkSession;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.LabelSplit;
import org.byzspark.experiment.ResultsTables;
import org.byzspark.io.RunOutput;
import org.byzspark.model.Model;
import org.byzspark.model.Models;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.Trainer;
import org.byzspark.train.hgo.ComputeProfile;
import org.byzspark.train.hgo.HgoOptions;
import org.byzspark.train.hgo.HgoTrainer;
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

  /** The options with their defaults, which are RESAM's MNIST setting for the MLP (D.3). */
  static List<Scopt.Opt> options() {
    return List.of(
        Scopt.Opt.of("job", "FILE", null,
            "experiment file of 'option = value' lines (e.g. " + DEFAULT_JOB
                + "); options given on the command line override it"),
        Scopt.Opt.of("dataset", "SPEC", "mnist", "training data: " + DatasetSpec.ALLOWED),
        Scopt.Opt.of("data-dir", "DIR", defaultDataDir(), "where the plain 'mnist' dataset is cached"),
        Scopt.Opt.of("model", "NAME", "mlp", "model: " + String.join(", ", Models.names())),
        Scopt.Opt.of("workers", "N", "15", "number of workers n (one Spark partition each)"),
        Scopt.Opt.of("byzantine", "F", "5", "number of Byzantine workers f (the last f), 0 <= f < n"),
        Scopt.Opt.of("attack", "NAME", "little",
            "attack of the Byzantine workers, NAME or NAME:key=value,...; one of: "
                + String.join(", ", Attacks.names())),
        Scopt.Opt.repeated("attack-param", "KEY=VALUE", "a parameter of the attack (repeatable)"),
        Scopt.Opt.of("aggregator", "NAME", "cwtm",
            "robust aggregation rule, NAME or NAME:key=value,...; one of: "
                + String.join(", ", org.byzspark.aggregation.Aggregators.names())),
        Scopt.Opt.repeated("agg-param", "KEY=VALUE", "a parameter of the rule (repeatable)"),
        Scopt.Opt.repeated("pre", "SPEC,...",
            "pre-aggregators applied in order before the rule, e.g. nnm,clip:c=2; one of: "
                + String.join(", ", org.byzspark.aggregation.Aggregators.preNames())),
        Scopt.Opt.of("momentum", "BETA", "0.99", "worker momentum coefficient β in [0, 1)"),
        Scopt.Opt.of("steps", "T", "800", "number of training steps"),
        Scopt.Opt.of("batch-size", "B", "25", "mini-batch size per worker and step"),
        Scopt.Opt.of("lr", "GAMMA", "0.5", "learning rate γ (> 0)"),
        Scopt.Opt.of("clip", "C", "2", "gradient norm bound C (> 0), or none"),
        Scopt.Opt.of("weight-decay", "WD", "1e-4", "ℓ2 regularisation factor (>= 0)"),
        Scopt.Opt.of("eval-every", "K", "50", "evaluate test accuracy every K steps and at the end"),
        Scopt.Opt.of("checkpoint-every", "K", "50",
            "checkpoint the worker state every K steps (cuts Spark lineage)"),
        Scopt.Opt.of("seed", "S", "1", "run seed: same seed, same results"),
        Scopt.Opt.of("out", "DIR", "runs/train-<time>",
            "output directory (any Hadoop path) for metrics.csv and run.json"),
        Scopt.Opt.flag("overwrite", "allow --out to be a directory that already holds a run"),
        Scopt.Opt.of("master", "URL", null,
            "Spark master URL (default: local[*], or the master spark-submit sets)"),
        Scopt.Opt.of("algorithm", "NAME", "resam",
            "resam (every worker sends its whole momentum), hgo (HGO Algorithm 1: partial"
                + " gradients within time tau) or sgd (whole gradients of the workers that finish"
                + " before --deadline)"),
        Scopt.Opt.of("quorum-size", "Q", "all", "workers q contacted per step (1 <= q <= n)"),
        Scopt.Opt.of("quorum", "V", "q-f",
            "hgo quorum v: B_k = the first b_v coordinates, b_v the v-th largest b_i (v <= q)"),
        Scopt.Opt.of("tau", "TAU", "1", "hgo time budget per step (> 0), in simulated time units"),
        Scopt.Opt.of("deadline", "TAU", "none",
            "sgd deadline (> 0): workers slower than it are discarded; none waits for all"),
        Scopt.Opt.of("profile", "SPEC", "c2",
            "compute rates of the workers: " + ComputeProfile.ALLOWED),
        Scopt.Opt.of("layer-blocks", "B1/B2/...", null,
            "hgo block size per model layer (default: whole layers)"),
        Scopt.Opt.of("batch-sizes", "S1/.../Sn", null,
            "mini-batch size of each worker (default: --batch-size for all)"),
        Scopt.Opt.of("split", "SPEC", "iid", "data split over workers: " + LabelSplit.ALLOWED),
        Scopt.Opt.of("byzantine-placement", "NAME", "last",
            "which workers are Byzantine: " + Placement.ALLOWED),
        Scopt.Opt.of("byzantine-sampling", "NAME", "exact",
            "with q < n: exact (f Byzantine among the q contacted) or uniform"),
        Scopt.Opt.of("declared-byzantine", "F'", "f",
            "number of Byzantine workers the rule is told (default: --byzantine)"),
        Scopt.Opt.of("lr-schedule", "SPEC", "constant",
            "learning-rate schedule: " + LrSchedule.ALLOWED),
        Scopt.Opt.of("binary-classes", "POS,NEG", null,
            "train a binary model on two classes of the dataset (e.g. 3,8 on MNIST)"),
        Scopt.Opt.of("hidden", "H", null, "hidden width of the mlp (default 100)"));
  }

  /** The options of issue 9, validated; one line naming the option on a bad value. */
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
          o.string("declared-byzantine").strip().equals("f") ? -1
              : nonNegative(o, "declared-byzantine"),
          o.string("lr-schedule"),
          o.has("binary-classes") ? o.string("binary-classes") : "",
          o.has("hidden") ? positive(o, "hidden") : 0);
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
    Map<String, List<String>> job =
        cl.containsKey("job") ? Options.readJob(cl.get("job").get(0), opts) : Map.of();
    Options o = Options.resolve(opts, cl, job);
    TrainConfig cfg = config(o);
    HgoOptions hgo = hgoOptions(o);
    Configuration hadoop = new Configuration();
    checkBeforeSpark(cfg, hadoop, hgo);
    RunOutput output = new RunOutput(cfg.out(), hadoop);
    output.checkWritable(o.flag("overwrite"));

    SparkConf conf = new SparkConf().setAppName("ByzSpark train");
    Trainer.applySparkDefaults(conf);
    if (cfg.master() != null) {
      conf.setMaster(cfg.master());
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      HgoTrainer trainer = null;
      if (!hgo.isPlainResam()) {
        trainer = new HgoTrainer(cfg, hgo, sc, output, line -> err.println("byzspark: " + line));
        try {
          trainer.prepare(); // data-dependent checks (binary classes, empty worker): no output yet
        } catch (IllegalArgumentException e) {
          throw new CliError(e.getMessage());
        }
      }
      err.println("byzspark: " + describe(cfg) + (trainer == null ? "" : ", " + hgo.algorithm())
          + " on " + sc.master() + ", output " + cfg.out());
      if (trainer == null) {
        Trainer.Result r =
            new Trainer(cfg, sc, output, line -> err.println("byzspark: " + line)).run();
        // the tidy tables of a grid, for this one run directory
        ResultsTables.write(cfg.out(),
            ResultsTables.build(List.of(ResultsTables.read(cfg.out(), sc.hadoopConfiguration()))),
            sc.hadoopConfiguration(), SparkSession.builder().sparkContext(sc.sc()).getOrCreate());
        out.printf(Locale.ROOT, "final test accuracy %.4f (%s)%n", r.finalAccuracy(), cfg.out());
      } else {
        // HGO runs have their own metrics columns (sim_time, grad_norm, ...): no grid tables
        HgoTrainer.Result r = trainer.run();
        out.printf(Locale.ROOT, "final test accuracy %.4f, grad norm %.4g, sim time %.4g (%s)%n",
            r.finalAccuracy(), r.finalGradNorm(), r.simTime(), cfg.out());
      }
    }
    return 0;
  }

  static String describe(TrainConfig c) {
    return String.format(
        Locale.ROOT,
        "%s on %s, n=%d f=%d, attack %s, rule %s%s, β=%s, T=%d, b=%d, γ=%s",
        c.model(), c.dataset(), c.workers(), c.byzantine(), c.attack(),
        c.pre().isEmpty() ? "" : String.join("+", c.pre()) + "+", c.aggregator(),
        c.momentum(), c.steps(), c.batchSize(), c.lr());
  }

  static TrainConfig config(Options o) {
    Map.Entry<String, Params> attack = Params.parseNamed(o.string("attack"));
    Map.Entry<String, Params> rule = Params.parseNamed(o.string("aggregator"));
    List<String> pre =
        o.all("pre").stream()
            .flatMap(s -> splitPre(s).stream())
            .toList();
    String clip = o.string("clip").strip();
    double clipValue =
        clip.equalsIgnoreCase("none") || clip.equalsIgnoreCase("inf")
            ? Double.POSITIVE_INFINITY
            : o.number("clip");
    String out =
        o.string("out").equals("runs/train-<time>")
            ? "runs/train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
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
          master);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  /** Splits "nnm,clip:c=2,bucketing:s=2" into pre-aggregator specs; key=value items stay attached. */
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

  /** Registry names, (n, f) requirements and input files, all before Spark starts. */
  static void checkBeforeSpark(TrainConfig cfg, Configuration hadoop) {
    checkBeforeSpark(cfg, hadoop, HgoOptions.defaults());
  }

  /**
   * Registry names, (n, f) requirements and input files, all before Spark starts; with the options
   * of issue 9, also q, v, F', τ, the schedule, the split's k against the class count (MNIST: 10),
   * and the rule's requirement on the smallest set of senders.
   */
  static void checkBeforeSpark(TrainConfig cfg, Configuration hadoop, HgoOptions hgo) {
    try {
      DatasetSpec spec = DatasetSpec.parse(cfg.dataset(), cfg.dataDir());
      boolean mnist = spec.kind().equals("mnist");
      int classes = hgo.binary() != null ? 2 : mnist ? 10 : 2;
      if (mnist) {
        int[] bin = hgo.binary();
        if (bin != null && (bin[0] > 9 || bin[1] > 9)) {
          throw new IllegalArgumentException("--binary-classes: " + hgo.binaryClasses()
              + " is not allowed with 10 classes; allowed: two different classes in 0..9");
        }
        LabelSplit.parse(hgo.split()).check(10);
      }
      Model model = HgoTrainer.model(cfg, hgo, mnist ? 784 : 2, classes);
      int d = model.dimension();
      Attacks.create(cfg.attack(), cfg.attackParams());
      Aggregator rule = Trainer.rule(cfg);
      rule.check(cfg.workers(), cfg.byzantine(), d);
      if (!hgo.isPlainResam()) {
        HgoTrainer.check(cfg, hgo, model);
      }
      spec.checkPresent(hadoop);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }
}
