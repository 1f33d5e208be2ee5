package org.byzspark.train;

import static org.byzspark.options.TrainOptions.AGGREGATION;
import static org.byzspark.options.TrainOptions.AGGREGATION_THRESHOLD;
import static org.byzspark.options.TrainOptions.BATCH_SIZE;
import static org.byzspark.options.TrainOptions.BYZANTINE;
import static org.byzspark.options.TrainOptions.CHECKPOINT_EVERY;
import static org.byzspark.options.TrainOptions.CLIP;
import static org.byzspark.options.TrainOptions.DATASET;
import static org.byzspark.options.TrainOptions.DATA_DIR;
import static org.byzspark.options.TrainOptions.EVAL_EVERY;
import static org.byzspark.options.TrainOptions.LR;
import static org.byzspark.options.TrainOptions.MASTER;
import static org.byzspark.options.TrainOptions.MODEL;
import static org.byzspark.options.TrainOptions.MOMENTUM;
import static org.byzspark.options.TrainOptions.OUT;
import static org.byzspark.options.TrainOptions.PRE;
import static org.byzspark.options.TrainOptions.SEED;
import static org.byzspark.options.TrainOptions.STEPS;
import static org.byzspark.options.TrainOptions.WEIGHT_DECAY;
import static org.byzspark.options.TrainOptions.WORKERS;
import static org.byzspark.options.TrainOptions.WORKER_TASKS;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.attack.Attacks;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;
import org.byzspark.util.Params;

/**
 * One experiment, fully resolved and validated: every number that shapes a run, so that the same
 * configuration and seed always give the same results. Written next to the results (run.json).
 *
 * <p>Built from the values of the declared options ({@link TrainOptions}): {@link #of} from parsed
 * values (the command line, a job file, a grid run), {@link #builder} option by option (tests).
 * Each option is validated by its declaration; the constructor adds the checks between options
 * ({@code 0 <= f < n}). The accessors are the options' typed values:
 *
 * <ul>
 *   <li>{@link #dataset()} the --dataset value (mnist, mnist:DIR, libsvm:PATH, ...), {@link
 *       #dataDir()} where {@code mnist} is cached, {@link #model()};
 *   <li>{@link #workers()} n, {@link #byzantine()} f (simulated Byzantine workers, the last f);
 *   <li>{@link #attack()} and {@link #attackParams()}, {@link #aggregator()} and {@link
 *       #aggParams()}, {@link #pre()} the pre-aggregator specs, applied in order before the rule;
 *   <li>{@link #momentum()} β ∈ [0, 1), {@link #steps()} T, {@link #batchSize()} b, {@link #lr()}
 *       γ, {@link #clip()} C (+∞ = no clipping), {@link #weightDecay()} the ℓ2 factor;
 *   <li>{@link #evalEvery()} K: evaluate every K steps and at the end, {@link #checkpointEvery()};
 *   <li>{@link #seed()}, {@link #out()} the output directory (any Hadoop path), {@link #master()}
 *       the Spark master URL or null (spark-submit's);
 *   <li>{@link #aggregation()}: where the Byzantine stage and the rule run, {@code driver} (the n
 *       messages collected), {@code sharded} (the messages stay on the executors in coordinate
 *       blocks, {@link org.byzspark.engine.ShardedVectorSet}) or {@code auto} (sharded when n·d·8
 *       bytes exceed {@link #aggregationThreshold()}).
 * </ul>
 */
public final class TrainConfig implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The values of {@code --aggregation}. */
  public static final List<String> AGGREGATION_MODES = List.of("driver", "sharded", "auto");

  /** The default {@code --aggregation-threshold}: 1 GiB of messages (n·d·8 bytes). */
  public static final long DEFAULT_AGGREGATION_THRESHOLD = 1L << 30;

  private final OptionValues values;
  private final String dataset;
  private final String dataDir;
  private final String model;
  private final int workers;
  private final int byzantine;
  private final String attack;
  private final Params attackParams;
  private final String aggregator;
  private final Params aggParams;
  private final List<String> pre;
  private final double momentum;
  private final int steps;
  private final int batchSize;
  private final double lr;
  private final double clip;
  private final double weightDecay;
  private final int evalEvery;
  private final int checkpointEvery;
  private final long seed;
  private final String out;
  private final String master;
  private final String aggregation;
  private final long aggregationThreshold;

  private TrainConfig(OptionValues values) {
    this.values = values;
    this.dataset = values.get(DATASET);
    this.dataDir = values.get(DATA_DIR);
    this.model = values.get(MODEL);
    this.workers = values.get(WORKERS);
    this.byzantine = values.get(BYZANTINE);
    this.attack = TrainOptions.attackName(values);
    this.attackParams = TrainOptions.attackParams(values);
    this.aggregator = TrainOptions.ruleName(values);
    this.aggParams = TrainOptions.aggParams(values);
    this.pre = values.get(PRE);
    this.momentum = values.get(MOMENTUM);
    this.steps = values.get(STEPS);
    this.batchSize = values.get(BATCH_SIZE);
    this.lr = values.get(LR);
    this.clip = values.get(CLIP);
    this.weightDecay = values.get(WEIGHT_DECAY);
    this.evalEvery = values.get(EVAL_EVERY);
    this.checkpointEvery = values.get(CHECKPOINT_EVERY);
    this.seed = values.get(SEED);
    this.out = values.get(OUT);
    this.master = values.get(MASTER);
    this.aggregation = values.get(AGGREGATION);
    this.aggregationThreshold = values.get(AGGREGATION_THRESHOLD);
    if (byzantine < 0 || byzantine >= workers) {
      throw new IllegalArgumentException(
          "--byzantine: "
              + byzantine
              + " is not allowed with --workers "
              + workers
              + "; allowed: 0 <= f < n");
    }
  }

  /**
   * The configuration of parsed option values (of {@link TrainOptions#ALL} or {@link
   * TrainOptions#CONFIG}).
   *
   * @throws IllegalArgumentException one line naming the option, the value and what is allowed
   */
  public static TrainConfig of(OptionValues values) {
    return new TrainConfig(values);
  }

  /** A builder that starts from the defaults (RESAM's MNIST setting). */
  public static Builder builder() {
    return new Builder();
  }

  /** Options set one by one, typed ({@code set(TrainOptions.WORKERS, 7)}) or as text. */
  public static final class Builder {
    private final OptionValues.Builder b = OptionValues.builder(TrainOptions.CONFIG);

    private Builder() {}

    public <T> Builder set(OptionSpec<T> option, T value) {
      b.set(option, value);
      return this;
    }

    /** As on the command line: {@code set("attack", "little:zeta=1.5")}. */
    public Builder set(String option, String... text) {
      b.set(option, text);
      return this;
    }

    public TrainConfig build() {
      return of(b.build());
    }
  }

  /** A copy with one option changed, validated as the builder validates. */
  public <T> TrainConfig with(OptionSpec<T> option, T value) {
    List<OptionSpec<?>> specs =
        values.declares(TrainOptions.ALGORITHM) ? TrainOptions.ALL : TrainOptions.CONFIG;
    Map<String, List<String>> texts = new LinkedHashMap<>(values.texts(specs));
    texts.put(option.name(), option.format(value));
    return of(OptionValues.parse(specs, texts));
  }

  /** The option values this configuration was built from. */
  public OptionValues values() {
    return values;
  }

  public String dataset() {
    return dataset;
  }

  public String dataDir() {
    return dataDir;
  }

  public String model() {
    return model;
  }

  public int workers() {
    return workers;
  }

  public int byzantine() {
    return byzantine;
  }

  public String attack() {
    return attack;
  }

  public Params attackParams() {
    return attackParams;
  }

  public String aggregator() {
    return aggregator;
  }

  public Params aggParams() {
    return aggParams;
  }

  public List<String> pre() {
    return pre;
  }

  public double momentum() {
    return momentum;
  }

  public int steps() {
    return steps;
  }

  public int batchSize() {
    return batchSize;
  }

  public double lr() {
    return lr;
  }

  public double clip() {
    return clip;
  }

  public double weightDecay() {
    return weightDecay;
  }

  public int evalEvery() {
    return evalEvery;
  }

  public int checkpointEvery() {
    return checkpointEvery;
  }

  public long seed() {
    return seed;
  }

  public String out() {
    return out;
  }

  public String master() {
    return master;
  }

  public String aggregation() {
    return aggregation;
  }

  public long aggregationThreshold() {
    return aggregationThreshold;
  }

  /**
   * The number of Spark tasks that run the workers' step of n workers on a cluster of {@code cores}
   * cores: {@code --worker-tasks}, or min(n, cores) for {@code auto}, never more than n.
   */
  public int workerTasks(int cores) {
    int k = values.get(WORKER_TASKS);
    return Math.max(1, Math.min(workers, k > 0 ? k : cores));
  }

  /** Whether a run of dimension d aggregates on the executors (sharded) rather than the driver. */
  public boolean sharded(int d) {
    return aggregation.equals("sharded")
        || aggregation.equals("auto") && (long) workers * d * 8 > aggregationThreshold;
  }

  /**
   * The rule's and the attack's parameters with every declared default filled in (what the run
   * used), as written to run.json next to the configuration as given.
   */
  public Map<String, Object> resolvedParams() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "agg-params",
        resolved(() -> Aggregators.spec(aggregator).resolvedMap(aggParams), aggParams));
    m.put(
        "attack-params",
        resolved(() -> Attacks.spec(attack).resolvedMap(attackParams), attackParams));
    return m;
  }

  /** The parameters with the defaults filled in, or as given when the name is unknown. */
  private static Map<String, String> resolved(
      java.util.function.Supplier<Map<String, String>> resolve, Params given) {
    try {
      return resolve.get();
    } catch (IllegalArgumentException e) {
      return given.asMap();
    }
  }

  /**
   * The configuration as ordered key/value pairs, with the command line's option names: the
   * recorded options of {@link TrainOptions#CONFIG} (run.json's "config").
   */
  public Map<String, Object> asMap() {
    return values.record(TrainOptions.CONFIG);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainConfig c && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "TrainConfig" + asMap();
  }
}
