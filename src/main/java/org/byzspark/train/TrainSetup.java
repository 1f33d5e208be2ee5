package org.byzspark.train;

import java.util.Arrays;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.attack.Attack;
import org.byzspark.attack.Attacks;
import org.byzspark.data.DatasetSpec;
import org.byzspark.model.Model;
import org.byzspark.model.Models;
import org.byzspark.train.hgo.HgoOptions;
import org.byzspark.train.hgo.LrSchedule;
import org.byzspark.util.Params;

/**
 * The parts of a run built from its configuration, and every check that needs no data: what the
 * command line validates before Spark starts and what {@link Trainer} builds its step from, in one
 * place. Pure: no Spark.
 */
public final class TrainSetup {
  private TrainSetup() {}

  /** The rule of a configuration: the pre-aggregators in order, then the rule. */
  public static Aggregator rule(TrainConfig cfg) {
    return Aggregators.pipeline(cfg.pre(), cfg.aggregator(), cfg.aggParams());
  }

  /** The algorithm of {@code --algorithm}. */
  public static Algorithm algorithm(HgoOptions opts) {
    return Algorithm.of(opts.algorithm());
  }

  /** The attack, with the algorithm's paper defaults for it ({@link Algorithm#attackParams}). */
  public static Attack attack(TrainConfig cfg, HgoOptions opts) {
    org.byzspark.util.Params p = algorithm(opts).attackParams(cfg.attack(), cfg.attackParams());
    if (cfg.attack().equals(org.byzspark.attack.ReplacementAttack.NAME) && !p.has("boost")) {
      double boost =
          org.byzspark.attack.ReplacementAttack.defaultBoost(
              cfg.workers(), cfg.lr(), opts.localLr(cfg.lr()), opts.localSteps());
      p = p.with(org.byzspark.util.Params.of(java.util.Map.of("boost", Double.toString(boost))));
    }
    return Attacks.create(cfg.attack(), p);
  }

  /**
   * How a table dataset is read: {@code --features-col}, {@code --label-col}, {@code --test-data}.
   */
  public static org.byzspark.data.TableRead tableRead(TrainConfig cfg) {
    org.byzspark.options.OptionValues v = cfg.values();
    return new org.byzspark.data.TableRead(
        v.get(org.byzspark.options.TrainOptions.FEATURES_COL),
        v.get(org.byzspark.options.TrainOptions.LABEL_COL),
        v.get(org.byzspark.options.TrainOptions.TEST_DATA));
  }

  /** Whether the run trains a regression model (test MSE instead of accuracy). */
  public static boolean isRegression(TrainConfig cfg) {
    return Models.isRegression(cfg.model());
  }

  /**
   * The model of a run: the registry's, with {@code --hidden} as the model's {@code hidden}
   * parameter when given.
   */
  public static Model model(TrainConfig cfg, HgoOptions opts, int inputDim, int numClasses) {
    if (opts.hidden() <= 0) {
      return Models.create(cfg.model(), inputDim, numClasses);
    }
    if (Models.type(cfg.model()).spec().param(HIDDEN) == null) {
      throw new IllegalArgumentException(
          "--hidden: "
              + opts.hidden()
              + " is not allowed with --model "
              + cfg.model()
              + ", which has no hidden layer width; allowed: a model with a "
              + HIDDEN
              + " parameter ("
              + String.join(
                  ", ",
                  Models.names().stream()
                      .filter(n -> Models.type(n).spec().param(HIDDEN) != null)
                      .toList())
              + ")");
    }
    return Models.create(
        cfg.model(),
        Params.of(java.util.Map.of(HIDDEN, Integer.toString(opts.hidden()))),
        inputDim,
        numClasses);
  }

  /**
   * The resolved parameters of the run's model (every declared parameter with its value, {@code
   * --hidden} included), as {@link #model} builds it.
   */
  public static java.util.Map<String, String> modelParams(TrainConfig cfg, HgoOptions opts) {
    return Models.resolvedParams(
        cfg.model(),
        opts.hidden() <= 0
            ? Params.empty()
            : Params.of(java.util.Map.of(HIDDEN, Integer.toString(opts.hidden()))));
  }

  /** The model parameter {@code --hidden} sets. */
  static final String HIDDEN = "hidden";

  /** The layers of HGO C.3 ({@link Model#layers()}). */
  public static int[] layers(Model model) {
    return model.layers();
  }

  /**
   * The checks of a regression model that need no data: a dataset with real-valued targets, no
   * binary classes, no label-poisoning attack (the target is not a class label).
   */
  public static void checkRegression(TrainConfig cfg, HgoOptions opts, DatasetSpec spec) {
    if (!spec.regressionTargets()) {
      throw new IllegalArgumentException(
          "--model "
              + cfg.model()
              + " needs a regression dataset; allowed: "
              + org.byzspark.data.Datasets.regressionUsages()
              + " (real-valued labels), got --dataset "
              + cfg.dataset());
    }
    if (opts.binary() != null) {
      throw new IllegalArgumentException(
          "--binary-classes: "
              + opts.binaryClasses()
              + " is not allowed; allowed: only with a classification model (not "
              + cfg.model()
              + ")");
    }
    if (Attacks.create(cfg.attack(), cfg.attackParams()).poisonsData()) {
      throw new IllegalArgumentException(
          "--attack: "
              + cfg.attack()
              + " poisons class labels, which a regression target is not; allowed with --model "
              + cfg.model()
              + ": an attack on the messages (e.g. little, empire, signflip)");
    }
  }

  /**
   * Every check that needs the model's shape but no data: q, v, F', the lists of one value per
   * worker or layer, the rule on the smallest set of senders it will see (v for hgo, the contacted
   * q otherwise) with F', a stateful rule where coordinates change from step to step, the attack on
   * that set, the schedule.
   */
  public static void check(TrainConfig cfg, HgoOptions opts, Model model) {
    int n = cfg.workers();
    int f = cfg.byzantine();
    Algorithm algorithm = algorithm(opts);
    opts.check(n, f, layers(model));
    int q = opts.q(n);
    int smallest = algorithm.smallestSet(q, opts.v(n, f));
    Aggregator rule = rule(cfg);
    if (algorithm.partialVectors() && rule.stateful()) {
      throw new IllegalArgumentException(
          "--aggregator: "
              + rule.name()
              + " is not allowed with --algorithm "
              + algorithm.id()
              + ": it carries a state from step to step, and partial gradients change their"
              + " coordinates and senders every step; allowed: a stateless rule");
    }
    rule.check(smallest, opts.declaredF(f), model.dimension());
    Attack attack = attack(cfg, opts);
    if (attack instanceof org.byzspark.attack.BackdoorAttack b) {
      b.checkData(model.inputDim(), model.numClasses());
    }
    if (attack instanceof org.byzspark.attack.LabelFlipAttack l) {
      l.checkClasses(model.numClasses());
    }
    if (algorithm.partialVectors() && attack.carriesState()) {
      throw new IllegalArgumentException(
          "--attack: "
              + cfg.attack()
              + " is not allowed with --algorithm "
              + algorithm.id()
              + " with these parameters: it carries a state from step to step, and partial"
              + " gradients change their coordinates every step; allowed: an attack without state");
    }
    attack.check(smallest, Math.min(f, q));
    LrSchedule.parse(opts.lrSchedule()).check(cfg.lr());
  }

  /** HGO's block sizes B_ℓ: {@code --layer-blocks}, or the layer sizes. */
  public static int[] blocks(HgoOptions opts, int[] layers) {
    if (opts.layerBlocks() == null || opts.layerBlocks().isBlank()) {
      return layers.clone();
    }
    return Arrays.stream(opts.layerBlocks().split("/"))
        .mapToInt(s -> Integer.parseInt(s.strip()))
        .toArray();
  }
}
