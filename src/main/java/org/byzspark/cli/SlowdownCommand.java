package org.byzspark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.IntUnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.attack.Attack;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.fidelity.Slowdown;
import org.byzspark.model.Model;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.ByzantineStage;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.TrainSetup;
import org.byzspark.train.Trainer;
import org.byzspark.train.WorkerData;
import org.byzspark.train.WorkerState;
import org.byzspark.train.WorkerStep;
import org.byzspark.train.hgo.GradientNorm;
import org.byzspark.train.hgo.HgoOptions;

/**
 * {@code byzspark slowdown}: AggregaThor's slowdown quantity ({@link Slowdown}) at fixed parameters
 * θ: the initial model of the seed, or a parameter file such as the {@code step-T.theta.csv} of
 * {@code train --record-messages}. Takes train's data, model, rule and attack options. Sample s
 * (1..S) is each worker's honest gradient at θ on the mini-batch a training run draws at step s
 * (the generator of (seed, BATCH, s, worker); weight decay and clipping as in training, no
 * momentum); ∇Q(θ) is the gradient of the loss over the whole training set plus the weight decay
 * term (as the grad_norm metric). Runs on an embedded local Spark (or {@code --master}).
 */
final class SlowdownCommand {
  static final String SUB = "slowdown";

  /** Samples drawn per Spark job. */
  private static final int CHUNK = 8;

  static final OptionSpec<Integer> SAMPLES =
      OptionSpec.integer("samples", "S")
          .defaultValue("100")
          .check(s -> s >= 1, "an integer >= 1")
          .group(OptionGroup.COMMAND)
          .help("number S of samples (each: one honest gradient per worker)");

  static final OptionSpec<String> THETA =
      OptionSpec.text("theta", "FILE")
          .defaultValue("init")
          .group(OptionGroup.COMMAND)
          .help(
              "the parameters θ: a file of one line of d values (e.g."
                  + " OUT/messages/step-T.theta.csv), or init for the initial model of --seed");

  private SlowdownCommand() {}

  /**
   * The command's own options, then train's (no output or resume options; no attack by default).
   */
  static List<OptionSpec<?>> declarations() {
    List<OptionSpec<?>> out = new ArrayList<>(List.of(SAMPLES, THETA));
    for (OptionSpec<?> s : TrainOptions.ALL) {
      if (s.group() == OptionGroup.OUTPUT) {
        continue;
      }
      out.add(
          s == TrainOptions.ATTACK
              ? TrainOptions.ATTACK
                  .defaultValue("none")
                  .help(
                      "the attack on the last f messages, NAME or NAME:key=value,... (default none:"
                          + " every worker honest, the theorem's case); data-poisoning attacks"
                          + " are not allowed")
              : s);
    }
    return out;
  }

  static List<Scopt.Opt> options() {
    return Scopt.opts(declarations());
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o =
        Offline.parse(
            SUB,
            "AggregaThor's slowdown: a rule's error around the full gradient against averaging's.",
            options(),
            args,
            out);
    if (o == null) {
      return 0;
    }
    int samples = o.get(SAMPLES);
    TrainConfig cfg = TrainCommand.config(o);
    HgoOptions hgo = TrainCommand.hgoOptions(o);
    int n = cfg.workers();
    int f = cfg.byzantine();
    int declaredF = hgo.declaredF(f);
    Aggregator rule;
    Attack attack;
    try {
      rule = TrainSetup.rule(cfg);
      attack = TrainSetup.attack(cfg, hgo);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
    if (attack.poisonsData()) {
      throw new CliError(
          "--attack: "
              + attack.name()
              + " poisons data, which slowdown does not simulate; allowed: an attack on messages");
    }
    boolean attacked = !attack.name().equals("none") && f > 0;
    SparkConf conf = new SparkConf().setAppName("ByzSpark slowdown");
    Trainer.applySparkDefaults(conf);
    conf.setMaster(cfg.master() != null ? cfg.master() : conf.get("spark.master", "local[*]"));
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      WorkerData data;
      Model model;
      try {
        data = WorkerData.load(sc, cfg, hgo);
        model = TrainSetup.model(cfg, hgo, data.dim(), data.numClasses());
        TrainSetup.check(cfg, hgo, model);
      } catch (IllegalArgumentException e) {
        throw new CliError(e.getMessage());
      }
      int d = model.dimension();
      try {
        rule.check(n, declaredF, d);
      } catch (IllegalArgumentException e) {
        throw new CliError(e.getMessage());
      }
      double[] theta =
          o.get(THETA).strip().equals("init")
              ? model.init(cfg.seed())
              : Offline.read(o, THETA.name(), d)[0];
      WorkerStep step =
          new WorkerStep(
                  model,
                  hgo.batchSizes(n, cfg.batchSize()),
                  cfg.weightDecay(),
                  cfg.clip(),
                  0.0,
                  cfg.seed())
              .withAugmentation(DatasetSpec.parse(cfg.dataset(), cfg.dataDir()).augmentation());
      Broadcast<double[]> th = sc.broadcast(theta);
      double[] full =
          GradientNorm.gradient(data.blocks(), th, model, cfg.weightDecay(), cfg.seed(), 0);
      double[][][] cache = new double[CHUNK][][];
      long[] first = {-CHUNK};
      Slowdown.Sampler sampler =
          s -> {
            if (s < first[0] || s >= first[0] + CHUNK) {
              first[0] = s;
              double[][][] drawn = draw(data, th, step, s, CHUNK, n);
              System.arraycopy(drawn, 0, cache, 0, CHUNK);
            }
            return cache[(int) (s - first[0])];
          };
      Slowdown.Estimate e =
          Slowdown.estimate(
              sampler,
              full,
              samples,
              rule,
              declaredF,
              attacked ? new ByzantineStage(attack, f, rule, declaredF) : null,
              cfg.seed());
      OptionalInt m =
          Slowdown.averagedCount(
              cfg.aggregator(), cfg.aggParams(), !cfg.pre().isEmpty(), n, declaredF);
      out.print(report(cfg, n, f, declaredF, attacked ? attack.name() : "none", d, full, e, m));
    }
    return 0;
  }

  /**
   * The honest gradients of samples s0..s0+count−1 at θ: [sample][worker][coordinate], one Spark
   * job (each worker's block computes its count gradients).
   */
  static double[][][] draw(
      WorkerData data, Broadcast<double[]> th, WorkerStep step, long s0, int count, int n) {
    List<double[]> rows =
        data.blocks()
            .mapPartitionsWithIndex(
                (i, it) -> {
                  DataBlock block = it.next();
                  List<double[]> g = new ArrayList<>();
                  for (int k = 0; k < count; k++) {
                    g.add(
                        step.apply(
                                block,
                                th.value(),
                                WorkerState.initial(i),
                                s0 + k,
                                IntUnaryOperator.identity())
                            .momentum());
                  }
                  return g.iterator();
                },
                true)
            .collect();
    double[][][] x = new double[count][n][];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < count; k++) {
        x[k][i] = rows.get(i * count + k);
      }
    }
    return x;
  }

  static String report(
      TrainConfig cfg,
      int n,
      int f,
      int declaredF,
      String attack,
      int d,
      double[] full,
      Slowdown.Estimate e,
      OptionalInt m) {
    double norm = 0;
    for (double v : full) {
      norm += v * v;
    }
    StringBuilder sb = new StringBuilder();
    line(
        sb,
        "rule",
        String.join("+", cfg.pre())
            + (cfg.pre().isEmpty() ? "" : "+")
            + cfg.aggregator()
            + (cfg.aggParams().asMap().isEmpty() ? "" : " " + cfg.aggParams().asMap()));
    line(sb, "n, f told, forged", n + ", " + declaredF + ", " + (attack.equals("none") ? 0 : f));
    line(sb, "attack", attack);
    line(sb, "d", Integer.toString(d));
    line(sb, "samples S", Integer.toString(e.samples()));
    line(sb, "‖∇Q(θ)‖", num(Math.sqrt(norm)));
    line(sb, "E‖F − ∇Q‖²", num(e.ruleError()));
    line(sb, "E‖mean − ∇Q‖²", num(e.meanError()));
    line(sb, "R = ratio", num(e.ratio()));
    line(sb, "speed ratio 1/√R", num(e.speedRatio()));
    line(
        sb, "bias² of F", num(e.ruleBias()) + " (‖F̄ − ∇Q‖², F̄ the mean output over the samples)");
    line(sb, "variance of F", num(e.ruleVariance()) + " (E_F − bias²)");
    line(sb, "variance of mean", num(e.meanVariance()));
    line(sb, "variance ratio", num(e.ruleVariance() / e.meanVariance()));
    line(sb, "gain of F", num(e.ruleGain()) + " (⟨F̄, ∇Q⟩/‖∇Q‖²)");
    line(sb, "gain of mean", num(e.meanGain()));
    if (m.isPresent()) {
      double bound = Math.sqrt((double) m.getAsInt() / n);
      line(sb, "m averaged", Integer.toString(m.getAsInt()));
      line(sb, "theorem √(m/n)", num(bound));
      line(sb, "theorem n/m", num((double) n / m.getAsInt()));
      line(
          sb,
          "R ≤ n/m",
          (e.ratio() <= (double) n / m.getAsInt() ? "yes" : "no")
              + (attack.equals("none") ? "" : " (the theorem assumes no Byzantine worker)"));
    } else {
      line(
          sb,
          "theorem √(m/n)",
          "- (the AggregaThor proofs cover average, krum, multikrum, aggregathor)");
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append(String.format(Locale.ROOT, "%-18s %s%n", key, value));
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : Double.toString(v);
  }
}
