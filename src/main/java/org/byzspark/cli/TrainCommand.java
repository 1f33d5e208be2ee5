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
import org.byzspark.data.DatasetSpec;
import org.byzspark.io.RunOutput;
import org.byzspark.model.Models;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.Trainer;
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
            "Spark master URL (default: local[*], or the master spark-submit sets)"));
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
    Configuration hadoop = new Configuration();
    checkBeforeSpark(cfg, hadoop);
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
      err.println("byzspark: " + describe(cfg) + " on " + sc.master() + ", output " + cfg.out());
      Trainer.Result r = new Trainer(cfg, sc, output, line -> err.println("byzspark: " + line)).run();
      out.printf(Locale.ROOT, "final test accuracy %.4f (%s)%n", r.finalAccuracy(), cfg.out());
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
    try {
      DatasetSpec spec = DatasetSpec.parse(cfg.dataset(), cfg.dataDir());
      // the model's d for the rule's check: exact for image datasets, a placeholder shape otherwise
      int dim = spec.knownDim() > 0 ? spec.knownDim() : cfg.model().equals("cnn") ? 784 : 2;
      int d = Models.create(cfg.model(), dim, Math.max(2, spec.knownClasses())).dimension();
      Attacks.create(cfg.attack(), cfg.attackParams());
      Aggregator rule = Trainer.rule(cfg);
      rule.check(cfg.workers(), cfg.byzantine(), d);
      spec.checkPresent(hadoop);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }
}
