package org.byzspark.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.attack.Attacks;
import org.byzspark.util.Params;

/**
 * One experiment, fully resolved and validated: every number that shapes a run, so that the same
 * configuration and seed always give the same results. Written next to the results (run.json).
 *
 * @param dataset the --dataset value (mnist, mnist:DIR or libsvm:PATH)
 * @param dataDir where {@code mnist} is cached
 * @param model softmax, logistic or mlp
 * @param workers n
 * @param byzantine f (simulated Byzantine workers, the last f)
 * @param attack attack name
 * @param attackParams its parameters
 * @param aggregator rule name
 * @param aggParams its parameters
 * @param pre pre-aggregator specs, applied in order before the rule
 * @param momentum β ∈ [0, 1)
 * @param steps T
 * @param batchSize b
 * @param lr γ (constant)
 * @param clip C (+∞ = no clipping)
 * @param weightDecay ℓ2 factor
 * @param evalEvery K: evaluate every K steps and at the end
 * @param checkpointEvery checkpoint the worker state every this many steps
 * @param seed the run seed
 * @param out output directory (any Hadoop path)
 * @param master Spark master URL, or null to use the one spark-submit set
 * @param aggregation where the Byzantine stage and the rule run: {@code driver} (the n messages
 *     collected), {@code sharded} (the messages stay on the executors in coordinate blocks, {@link
 *     org.byzspark.engine.ShardedVectorSet}) or {@code auto} (sharded when n·d·8 bytes exceed
 *     {@code aggregationThreshold})
 * @param aggregationThreshold the size in bytes above which {@code auto} shards
 */
public record TrainConfig(
    String dataset,
    String dataDir,
    String model,
    int workers,
    int byzantine,
    String attack,
    Params attackParams,
    String aggregator,
    Params aggParams,
    List<String> pre,
    double momentum,
    int steps,
    int batchSize,
    double lr,
    double clip,
    double weightDecay,
    int evalEvery,
    int checkpointEvery,
    long seed,
    String out,
    String master,
    String aggregation,
    long aggregationThreshold)
    implements Serializable {

  /** The values of {@code --aggregation}. */
  public static final List<String> AGGREGATION_MODES = List.of("driver", "sharded", "auto");

  /** The default {@code --aggregation-threshold}: 1 GiB of messages (n·d·8 bytes). */
  public static final long DEFAULT_AGGREGATION_THRESHOLD = 1L << 30;

  /** Whether a run of dimension d aggregates on the executors (sharded) rather than the driver. */
  public boolean sharded(int d) {
    return aggregation.equals("sharded")
        || aggregation.equals("auto") && (long) workers * d * 8 > aggregationThreshold;
  }

  /** Checks the ranges that do not need the registries; fails naming the option and the value. */
  public TrainConfig {
    if (workers < 1) {
      throw bad("--workers", workers, "an integer >= 1");
    }
    if (byzantine < 0 || byzantine >= workers) {
      throw new IllegalArgumentException(
          "--byzantine: "
              + byzantine
              + " is not allowed with --workers "
              + workers
              + "; allowed: 0 <= f < n");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw bad("--momentum", momentum, "a number in [0, 1)");
    }
    if (steps < 1) {
      throw bad("--steps", steps, "an integer >= 1");
    }
    if (batchSize < 1) {
      throw bad("--batch-size", batchSize, "an integer >= 1");
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw bad("--lr", lr, "a finite number > 0");
    }
    if (!(clip > 0)) {
      throw bad("--clip", clip, "a number > 0, or none");
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw bad("--weight-decay", weightDecay, "a finite number >= 0");
    }
    if (evalEvery < 1) {
      throw bad("--eval-every", evalEvery, "an integer >= 1");
    }
    if (checkpointEvery < 1) {
      throw bad("--checkpoint-every", checkpointEvery, "an integer >= 1");
    }
    if (!AGGREGATION_MODES.contains(aggregation)) {
      throw bad("--aggregation", aggregation, String.join(", ", AGGREGATION_MODES));
    }
    if (aggregationThreshold < 0) {
      throw bad("--aggregation-threshold", aggregationThreshold, "a size >= 0");
    }
    pre = List.copyOf(pre);
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

  private static IllegalArgumentException bad(String option, Object value, String allowed) {
    return new IllegalArgumentException(
        option + ": " + value + " is not allowed; allowed: " + allowed);
  }

  /** The configuration as ordered key/value pairs, with the command line's option names. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.put("data-dir", dataDir);
    m.put("model", model);
    m.put("workers", workers);
    m.put("byzantine", byzantine);
    m.put("attack", attack);
    m.put("attack-params", attackParams.asMap());
    m.put("aggregator", aggregator);
    m.put("agg-params", aggParams.asMap());
    m.put("pre", pre);
    m.put("momentum", momentum);
    m.put("steps", steps);
    m.put("batch-size", batchSize);
    m.put("lr", lr);
    m.put("clip", Double.isInfinite(clip) ? "none" : clip);
    m.put("weight-decay", weightDecay);
    m.put("eval-every", evalEvery);
    m.put("checkpoint-every", checkpointEvery);
    m.put("seed", seed);
    m.put("out", out);
    m.put("master", master);
    m.put("aggregation", aggregation);
    m.put("aggregation-threshold", aggregationThreshold);
    return m;
  }
}
