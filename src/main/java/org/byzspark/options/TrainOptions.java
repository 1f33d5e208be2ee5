package org.byzspark.options;

import static org.byzspark.options.OptionSpec.Flag.COLUMN;
import static org.byzspark.options.OptionSpec.Flag.GRID;
import static org.byzspark.options.OptionSpec.Flag.HASHED;
import static org.byzspark.options.OptionSpec.Flag.RECORDED;
import static org.byzspark.options.OptionSpec.Flag.RESUME_MAY_DIFFER;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.attack.Attacks;
import org.byzspark.data.LabelSplit;
import org.byzspark.model.Models;
import org.byzspark.train.hgo.ComputeProfile;
import org.byzspark.train.hgo.LrSchedule;
import org.byzspark.util.Params;

/**
 * The options of {@code byzspark train}, each declared once, in the order run.json records them
 * (help and docs/options.md list them by {@link OptionGroup}). {@code grid} files set these
 * options; {@code aggregate} and {@code attack} share the rule's and the attack's groups.
 *
 * <p>The defaults are RESAM's MNIST setting for the MLP (D.3). The typed configurations {@link
 * org.byzspark.train.TrainConfig} and {@link org.byzspark.train.hgo.HgoOptions} are built from
 * {@link OptionValues} of {@link #ALL}; the {@link OptionGroup#HGO} group is HgoOptions', every
 * other recorded option TrainConfig's.
 */
public final class TrainOptions {
  private TrainOptions() {}

  /** The value of --out that stands for runs/train-TIME. */
  public static final String TIMESTAMPED_OUT = "runs/train-<time>";

  /** The value of --checkpoint-dir that stands for OUT/_checkpoints. */
  public static final String DEFAULT_CHECKPOINT_DIR = "<out>/_checkpoints";

  private static final String INT_AT_LEAST_1 = "an integer >= 1";

  // ---- data and model ----

  public static final OptionSpec<String> DATASET =
      OptionSpec.text("dataset", "SPEC")
          .defaultValue("mnist")
          .group(OptionGroup.DATA)
          .help(
              "training data: `mnist` (the cached copy), `mnist:DIR` (the four IDX files, any"
                  + " Hadoop path), `fashion-mnist` / `fashion-mnist:DIR` (same format, trained"
                  + " with random horizontal flips), `cifar10:DIR` (the official binary files),"
                  + " `libsvm:PATH` (`PATH.t` is the test set when present, else 10% is held out)"
                  + ", `synthetic:d=D,examples=N,nnz=K[,test=M,noise=P,scale=S,seed=Z]` (sparse"
                  + " binary logistic data generated on the executors), or a table: `parquet:PATH`,"
                  + " `orc:PATH`, `csv:PATH` (header line, numeric columns), `json:PATH` (any"
                  + " Hadoop path, file or directory) or `table:NAME` (a table or view of the"
                  + " Spark catalog), read by `--features-col` and `--label-col`");

  public static final OptionSpec<String> DATA_DIR =
      OptionSpec.text("data-dir", "DIR")
          .defaultFrom(TrainOptions::defaultDataDir)
          .defaultDoc("`<install>/data`")
          .not(COLUMN)
          .group(OptionGroup.DATA)
          .help("where the plain `mnist` and `fashion-mnist` datasets are cached");

  public static final OptionSpec<String> FEATURES_COL =
      OptionSpec.text("features-col", "COL[,COL...]")
          .defaultValue(org.byzspark.data.TableData.DEFAULT_FEATURES)
          .group(OptionGroup.DATA)
          .help(
              "a table dataset's features: a Spark ML Vector column (dense or sparse) or an array"
                  + " column, or numeric columns separated by commas, assembled in that order");

  public static final OptionSpec<String> LABEL_COL =
      OptionSpec.text("label-col", "COL")
          .defaultValue(org.byzspark.data.TableData.DEFAULT_LABEL)
          .group(OptionGroup.DATA)
          .help(
              "a table dataset's label column (numeric): classes 0..C−1 (C = the largest label +"
                  + " 1), or the real-valued target of `linear`");

  public static final OptionSpec<String> TEST_DATA =
      OptionSpec.text("test-data", "SPEC")
          .absent("")
          .defaultDoc("10% held out")
          .group(OptionGroup.DATA)
          .help(
              "a table dataset's test set, another table spec (`parquet:PATH`, ...,"
                  + " `table:NAME`) with the same columns; else 10% of the rows are held out");

  public static final OptionSpec<String> MODEL =
      OptionSpec.text("model", "NAME")
          .defaultValue("mlp")
          .group(OptionGroup.DATA)
          .help(
              () ->
                  "the model: `softmax`, `logistic` (binary), `mlp` (784-100-10 with ReLU, d ="
                      + " 79,510, RESAM D.3), `cnn` (RESAM D.3's CNN for the data:"
                      + " (Fashion-)MNIST d = 176,050; on 3×32×32 CIFAR-10 the"
                      + " batch-norm/dropout CNN, d = 1,310,922), `svm` (binary, HGO C.1), `linear`"
                      + " (regression, HGO C.1)"
                      + also(
                          Models.names(),
                          List.of("softmax", "logistic", "mlp", "cnn", "svm", "linear"))
                      + "; `NAME:key=value,...` sets the model's parameters (`mlp:hidden=30`)");

  // ---- training ----

  public static final OptionSpec<Integer> WORKERS =
      OptionSpec.integer("workers", "N")
          .defaultValue("15")
          .check(n -> n >= 1, INT_AT_LEAST_1)
          .group(OptionGroup.TRAINING)
          .help("number of workers n (one Spark partition each)");

  /** f; checked against n by TrainConfig ({@code 0 <= f < n}). */
  public static final OptionSpec<Integer> BYZANTINE =
      OptionSpec.integer("byzantine", "F")
          .defaultValue("5")
          .group(OptionGroup.TRAINING)
          .help(
              "number of Byzantine workers f (the last f, see `--byzantine-placement`), 0 ≤ f < n");

  // ---- attack ----

  public static final OptionSpec<String> ATTACK =
      OptionSpec.text("attack", "NAME")
          .defaultValue("little")
          .validate(s -> named("--attack", s), "NAME or NAME:key=value,...")
          .recorded(s -> Params.parseNamed(s).getKey())
          .group(OptionGroup.ATTACK)
          .help(
              "attack of the Byzantine workers: "
                  + codes(Attacks.names())
                  + "; `NAME:key=value,...` for parameters");

  public static final OptionSpec<List<String>> ATTACK_PARAM =
      OptionSpec.items("attack-param", "KEY=VALUE")
          .validate(l -> params("--attack-param", l), "key=value")
          .recordedAs("attack-params", v -> attackParams(v).asMap())
          .group(OptionGroup.ATTACK)
          .help("a parameter of the attack (repeatable)");

  // ---- rule ----

  public static final OptionSpec<String> AGGREGATOR =
      OptionSpec.text("aggregator", "NAME")
          .defaultValue("cwtm")
          .validate(s -> named("--aggregator", s), "NAME or NAME:key=value,...")
          .recorded(s -> Params.parseNamed(s).getKey())
          .group(OptionGroup.RULE)
          .help(
              "robust aggregation rule: "
                  + codes(Aggregators.names())
                  + "; `NAME:key=value,...` for parameters");

  public static final OptionSpec<List<String>> AGG_PARAM =
      OptionSpec.items("agg-param", "KEY=VALUE")
          .validate(l -> params("--agg-param", l), "key=value")
          .recordedAs("agg-params", v -> aggParams(v).asMap())
          .group(OptionGroup.RULE)
          .help("a parameter of the rule (repeatable)");

  public static final OptionSpec<List<String>> PRE =
      OptionSpec.of("pre", "SPEC,...", OptionType.items("list", (o, s) -> splitPre(s)))
          .absent(List.of())
          .group(OptionGroup.RULE)
          .help(
              "pre-aggregators applied in order before the rule: "
                  + codes(Aggregators.preNames())
                  + ", e.g. `nnm,clip:c=2` (repeatable)");

  // ---- training, continued ----

  public static final OptionSpec<Double> MOMENTUM =
      OptionSpec.number("momentum", "BETA")
          .defaultValue("0.99")
          .check(b -> b >= 0 && b < 1, "a number in [0, 1)")
          .group(OptionGroup.TRAINING)
          .help("worker momentum coefficient β in [0, 1)");

  public static final OptionSpec<Integer> STEPS =
      OptionSpec.integer("steps", "T")
          .defaultValue("800")
          .check(t -> t >= 1, INT_AT_LEAST_1)
          .also(RESUME_MAY_DIFFER)
          .group(OptionGroup.TRAINING)
          .help("number of training steps T (on `--resume`, at least the resume point's step)");

  public static final OptionSpec<Integer> BATCH_SIZE =
      OptionSpec.integer("batch-size", "B")
          .defaultValue("25")
          .check(b -> b >= 1, INT_AT_LEAST_1)
          .group(OptionGroup.TRAINING)
          .help("mini-batch size b per worker and step");

  public static final OptionSpec<Double> LR =
      OptionSpec.number("lr", "GAMMA")
          .defaultValue("0.5")
          .check(g -> g > 0 && Double.isFinite(g), "a finite number > 0")
          .group(OptionGroup.TRAINING)
          .help("learning rate γ (> 0)");

  public static final OptionSpec<Double> CLIP =
      OptionSpec.number("clip", "C")
          .defaultValue("2")
          .word("none", Double.POSITIVE_INFINITY)
          .word("inf", Double.POSITIVE_INFINITY)
          .check(c -> c > 0, "a number > 0, or none")
          .recorded(c -> Double.isInfinite(c) ? "none" : c)
          .group(OptionGroup.TRAINING)
          .help("gradient norm bound C (> 0), or `none`");

  public static final OptionSpec<Double> WEIGHT_DECAY =
      OptionSpec.number("weight-decay", "WD")
          .defaultValue("1e-4")
          .check(w -> w >= 0 && Double.isFinite(w), "a finite number >= 0")
          .group(OptionGroup.TRAINING)
          .help("ℓ2 regularisation factor (≥ 0)");

  public static final OptionSpec<Integer> EVAL_EVERY =
      OptionSpec.integer("eval-every", "K")
          .defaultValue("50")
          .check(k -> k >= 1, INT_AT_LEAST_1)
          .group(OptionGroup.TRAINING)
          .help("evaluate test accuracy every K steps and at the end");

  // ---- output ----

  public static final OptionSpec<Integer> CHECKPOINT_EVERY =
      OptionSpec.integer("checkpoint-every", "K")
          .defaultValue("50")
          .check(k -> k >= 1, INT_AT_LEAST_1)
          .also(RESUME_MAY_DIFFER)
          .group(OptionGroup.OUTPUT)
          .help("checkpoint the worker state every K steps (cuts Spark lineage)");

  public static final OptionSpec<String> CHECKPOINT_DIR =
      OptionSpec.text("checkpoint-dir", "DIR")
          .defaultValue(DEFAULT_CHECKPOINT_DIR)
          .not(RECORDED)
          .also(RESUME_MAY_DIFFER)
          .group(OptionGroup.OUTPUT)
          .help(
              "where the worker state is checkpointed: a Hadoop path every executor can read (on"
                  + " a cluster, e.g. `hdfs://...`); the run's files there are removed at the end");

  public static final OptionSpec<Long> SEED =
      OptionSpec.longInteger("seed", "S")
          .defaultValue("1")
          .group(OptionGroup.TRAINING)
          .help("run seed: same seed, same results");

  public static final OptionSpec<String> OUT =
      OptionSpec.of(
              "out",
              "DIR",
              OptionType.of(
                  "path",
                  (o, s) ->
                      s.strip().equals(TIMESTAMPED_OUT)
                          ? "runs/train-"
                              + LocalDateTime.now()
                                  .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                          : s.strip(),
                  s -> s))
          .defaultValue(TIMESTAMPED_OUT)
          .not(GRID, HASHED, COLUMN)
          .group(OptionGroup.OUTPUT)
          .help(
              "output directory (any Hadoop path) for `metrics.csv`, `timing.csv`, `run.json` and"
                  + " the trained model `model/`");

  public static final OptionSpec<String> JOB =
      OptionSpec.text("job", "FILE")
          .not(GRID, RECORDED)
          .group(OptionGroup.OUTPUT)
          .help(
              "experiment file of `option = value` lines (e.g. `jobs/resam-mnist.conf`); options"
                  + " given on the command line override it");

  public static final OptionSpec<Boolean> OVERWRITE =
      OptionSpec.toggle("overwrite")
          .not(GRID, RECORDED)
          .group(OptionGroup.OUTPUT)
          .help("allow `--out` to be a directory that already holds a run");

  public static final OptionSpec<String> RESUME =
      OptionSpec.text("resume", "DIR")
          .not(GRID, RECORDED)
          .group(OptionGroup.OUTPUT)
          .help(
              "continue the run in DIR (whose driver died) from its last checkpoint, with the"
                  + " configuration of `DIR/run.json`; only `--steps`, `--checkpoint-every`,"
                  + " `--checkpoint-dir`, `--master` and `--worker-tasks` may differ");

  public static final OptionSpec<Boolean> VALIDATE_ONLY =
      OptionSpec.toggle("validate-only")
          .not(RECORDED)
          .group(OptionGroup.OUTPUT)
          .help(
              "check the options and exit without starting Spark or reading the cached `mnist`"
                  + " (the launcher runs this before it fetches MNIST)");

  public static final OptionSpec<String> RECORD_MESSAGES =
      OptionSpec.text("record-messages", "STEPS")
          .absent("")
          .defaultDoc("none")
          .validate(
              org.byzspark.train.MessageRecorder::steps,
              "steps >= 1 separated by commas, e.g. 1,100,500")
          .not(HASHED, RECORDED, COLUMN)
          .group(OptionGroup.OUTPUT)
          .help(
              "at these steps, write the n messages the rule receives (honest and forged, with"
                  + " which were forged) to `OUT/messages/step-T.csv` and θ_{t−1} to"
                  + " `step-T.theta.csv`, for `byzspark resilience` and `byzspark slowdown`;"
                  + " changes no training number");

  // ---- Spark ----

  public static final OptionSpec<String> MASTER =
      OptionSpec.text("master", "URL")
          .defaultDoc("`local[*]`")
          .not(GRID, HASHED, COLUMN)
          .also(RESUME_MAY_DIFFER)
          .group(OptionGroup.SPARK)
          .help("Spark master URL; under `spark-submit`, the master it sets");

  public static final OptionSpec<String> AGGREGATION =
      OptionSpec.choice("aggregation", "MODE", List.of("driver", "sharded", "auto"))
          .defaultValue("auto")
          .not(HASHED)
          .group(OptionGroup.SPARK)
          .help(
              "where the Byzantine stage and the rule run: `driver` (the n messages are"
                  + " collected), `sharded` (they stay on the executors, cut in coordinate blocks)"
                  + " or `auto` (sharded when n·d·8 bytes exceed `--aggregation-threshold`); same"
                  + " results in every mode");

  public static final OptionSpec<Long> AGGREGATION_THRESHOLD =
      OptionSpec.size("aggregation-threshold", "SIZE")
          .defaultValue("1g")
          .not(HASHED)
          .group(OptionGroup.SPARK)
          .help(
              "message size n·d·8 above which `--aggregation auto` shards: bytes, or with a suffix"
                  + " `k`, `m`, `g`, `t` (powers of 1024), e.g. `512m`; the default job"
                  + " (n·d·8 = 9.5 MB) aggregates on the driver");

  public static final OptionSpec<Integer> WORKER_TASKS =
      OptionSpec.integer("worker-tasks", "K")
          .defaultValue("auto")
          .word("auto", 0)
          .check(k -> k >= 1, INT_AT_LEAST_1)
          .recorded(k -> k == 0 ? "auto" : k)
          .not(HASHED, COLUMN)
          .also(RESUME_MAY_DIFFER)
          .group(OptionGroup.SPARK)
          .help(
              "Spark tasks that run the n workers' step: each task computes about n/K workers'"
                  + " partitions (the state keeps one partition per worker);"
                  + " `auto` is min(n, the cluster's cores), a number ≥ n gives one task per"
                  + " worker; same results for every K");

  // ---- HGO, SGD with a deadline, BRSGD, heterogeneous data, threat model ----

  public static final OptionSpec<String> ALGORITHM =
      OptionSpec.choice("algorithm", "NAME", org.byzspark.train.Algorithm.NAMES)
          .defaultValue("resam")
          .group(OptionGroup.HGO)
          .help(
              "`resam` (every contacted worker sends its whole momentum), `hgo` (HGO Algorithm 1:"
                  + " partial gradients within time τ), `sgd` (whole gradients of the workers that"
                  + " finish before `--deadline`)");

  public static final OptionSpec<Integer> QUORUM_SIZE =
      OptionSpec.integer("quorum-size", "Q")
          .defaultValue("all")
          .word("all", 0)
          .check(q -> q >= 1, INT_AT_LEAST_1)
          .group(OptionGroup.HGO)
          .help(
              "q, workers the server contacts per step (1 ≤ q ≤ n): a seeded sample of q of the n"
                  + " at every step, the Byzantine among them per `--byzantine-sampling`; federated"
                  + " client sampling is the same policy, so `--clients-per-round M` is another name"
                  + " of this option");

  public static final OptionSpec<Integer> QUORUM =
      OptionSpec.integer("quorum", "V")
          .defaultValue("q-f")
          .word("q-f", 0)
          .check(v -> v >= 1, INT_AT_LEAST_1)
          .group(OptionGroup.HGO)
          .help(
              "HGO's v: B_k is the first b_v coordinates of C_k, b_v the v-th largest b_i"
                  + " (1 ≤ v ≤ q)");

  public static final OptionSpec<Double> TAU =
      OptionSpec.number("tau", "TAU")
          .defaultValue("1")
          .check(t -> t > 0 && Double.isFinite(t), "a finite number > 0")
          .group(OptionGroup.HGO)
          .help("HGO's time budget τ per step (> 0), in simulated time units");

  public static final OptionSpec<Double> DEADLINE =
      OptionSpec.number("deadline", "TAU")
          .defaultValue("none")
          .word("none", Double.POSITIVE_INFINITY)
          .check(t -> t > 0, "a number > 0, or none")
          .recorded(t -> Double.isInfinite(t) ? "none" : t)
          .group(OptionGroup.HGO)
          .help(
              "`sgd`: workers whose whole gradient takes longer than this (> 0) are discarded;"
                  + " `none` waits for all");

  public static final OptionSpec<String> PROFILE =
      OptionSpec.text("profile", "SPEC")
          .defaultValue("c2")
          .validate(ComputeProfile::parse, ComputeProfile.ALLOWED)
          .group(OptionGroup.HGO)
          .help(
              "computation rates λ_i: `weak`, `min`, `c1`, `c2`, `c3`, `powerful` (keys `weak`,"
                  + " `average`, `powerful` = category means, `spread` = relative sd), or"
                  + " `rates:L1/.../Ln`");

  public static final OptionSpec<String> LAYER_BLOCKS =
      OptionSpec.text("layer-blocks", "B1/B2/...")
          .absent("")
          .defaultDoc("whole layers")
          .validate(s -> positiveInts("--layer-blocks", s), "positive integers separated by /")
          .group(OptionGroup.HGO)
          .help("HGO C.3: the most coordinates of each model layer updated per step");

  public static final OptionSpec<String> BATCH_SIZES =
      OptionSpec.text("batch-sizes", "S1/.../Sn")
          .absent("")
          .defaultDoc("`--batch-size`")
          .validate(s -> positiveInts("--batch-sizes", s), "positive integers separated by /")
          .group(OptionGroup.HGO)
          .help("s_i, the mini-batch size of every worker");

  public static final OptionSpec<String> SPLIT =
      OptionSpec.text("split", "SPEC")
          .defaultValue("iid")
          .validate(LabelSplit::parse, LabelSplit.ALLOWED)
          .group(OptionGroup.HGO)
          .help(
              "data split over the workers: `iid`, `classes:k` (each worker holds k classes),"
                  + " `dirichlet:alpha`, `extreme` (sorted-by-label shards), `gamma:g` (ByzFL's"
                  + " γ-similarity: a fraction g in [0, 1] of the data dealt IID, the rest sorted by"
                  + " label)");

  public static final OptionSpec<String> BYZANTINE_PLACEMENT =
      OptionSpec.choice("byzantine-placement", "NAME", List.of("last", "fixed-random", "per-step"))
          .defaultValue("last")
          .group(OptionGroup.HGO)
          .help(
              "which workers are Byzantine: `last`, `fixed-random` (a seeded f-subset for the"
                  + " run), `per-step` (a fresh one every step)");

  public static final OptionSpec<String> BYZANTINE_SAMPLING =
      OptionSpec.choice("byzantine-sampling", "NAME", List.of("exact", "uniform"))
          .defaultValue("exact")
          .group(OptionGroup.HGO)
          .help(
              "with q < n: `exact` (f of the q contacted are Byzantine, as in HGO's figures) or"
                  + " `uniform`");

  public static final OptionSpec<Integer> DECLARED_BYZANTINE =
      OptionSpec.integer("declared-byzantine", "F'")
          .defaultValue("f")
          .word("f", -1)
          .check(f -> f >= 0, "an integer >= 0")
          .group(OptionGroup.HGO)
          .help(
              "F', the number of Byzantine workers the rule is told, separate from how many"
                  + " attack (`f`: `--byzantine`)");

  public static final OptionSpec<String> LR_SCHEDULE =
      OptionSpec.text("lr-schedule", "SPEC")
          .defaultValue("constant")
          .validate(LrSchedule::parse, LrSchedule.ALLOWED)
          .group(OptionGroup.HGO)
          .help(
              "`constant`; `poly[:p=0.75]` α_k = α_0/(k+1)^p (BRSGD; a warning outside (1/2, 1));"
                  + " `step[:factor=0.1,milestones=T/2/3T/4]`; `cosine[:min=0]`; α_0 is `--lr`,"
                  + " k = t − 1");

  public static final OptionSpec<String> BINARY_CLASSES =
      OptionSpec.text("binary-classes", "POS,NEG")
          .absent("")
          .defaultDoc("none")
          .validate(TrainOptions::binaryClasses, "two different class indices POS,NEG, e.g. 3,8")
          .group(OptionGroup.HGO)
          .help(
              "a binary model on two classes of the dataset (POS → 1, NEG → 0); the HGO jobs use"
                  + " `3,8`");

  public static final OptionSpec<Integer> HIDDEN =
      OptionSpec.integer("hidden", "H")
          .absent(0)
          .defaultDoc("`100`")
          .check(h -> h >= 1, INT_AT_LEAST_1)
          .group(OptionGroup.HGO)
          .help("hidden width of `mlp` (HGO uses 784-30-10)");

  public static final OptionSpec<String> GRAD_NORM =
      OptionSpec.choice("grad-norm", "WHEN", List.of("auto", "true", "false"))
          .defaultValue("auto")
          // not a results column: the metric of that name is (empty where not evaluated)
          .not(COLUMN)
          .group(OptionGroup.HGO)
          .help(
              "compute ‖∇F(θ)‖ over the training set at each evaluation: `true`, `false`, or"
                  + " `auto` (true for `--algorithm hgo` and `sgd` and for a `--lr-schedule` other"
                  + " than `constant`)");

  // ---- federated setting ----

  public static final OptionSpec<Integer> LOCAL_STEPS =
      OptionSpec.integer("local-steps", "K")
          .defaultValue("1")
          .check(k -> k >= 1, INT_AT_LEAST_1)
          .group(OptionGroup.HGO)
          .help(
              "FedAvg: local SGD steps a contacted worker runs per round from the broadcast model;"
                  + " it sends the mean of its K local gradients, (θ − θ_K)/(local-lr·K), as its"
                  + " gradient (K = 1: one gradient, today's step)");

  public static final OptionSpec<Double> LOCAL_LR =
      OptionSpec.number("local-lr", "ETA")
          .defaultValue("lr")
          .word("lr", 0.0)
          .check(g -> g > 0 && Double.isFinite(g), "a finite number > 0, or lr")
          .group(OptionGroup.HGO)
          .help("learning rate of the local steps (> 0); `lr`: the value of `--lr`");

  public static final OptionSpec<String> MOMENTUM_AT =
      OptionSpec.choice("momentum-at", "WHERE", List.of("worker", "server"))
          .defaultValue("worker")
          .group(OptionGroup.HGO)
          .help(
              "where the momentum β lives: `worker` (RESAM: every worker sends its momentum) or"
                  + " `server` (workers send gradients, the server keeps a momentum of the"
                  + " aggregates; with `average` and every worker contacted, the same run up to"
                  + " rounding); `server` needs `--algorithm resam`");

  public static final OptionSpec<Boolean> NESTEROV =
      OptionSpec.toggle("nesterov")
          .group(OptionGroup.HGO)
          .help(
              "Nesterov's look-ahead with `--momentum-at server`: the step is β·m_t + (1−β)·AG_t"
                  + " instead of m_t");

  // ---- FLTrust's root set ----

  /**
   * The root set's dataset; "" (the default) draws it from the training set. Not recorded in the
   * configuration (a run that sets it records its root set in run.json's {@code fltrust_root}), so
   * runs without fltrust keep their configuration.
   */
  public static final OptionSpec<String> ROOT_DATA =
      OptionSpec.text("root-data", "SPEC")
          .absent("")
          .defaultDoc("drawn from the training set")
          .not(RECORDED, COLUMN)
          .group(OptionGroup.HGO)
          .help(
              "`fltrust`: the dataset of the server's root set, a `--dataset` SPEC (its training"
                  + " part; same features and classes); by default `--root-size` examples drawn"
                  + " class-balanced from the training set and taken out of the workers' shares");

  /** The root set's size; 0 (absent) is the default {@value #DEFAULT_ROOT_SIZE}. */
  public static final OptionSpec<Integer> ROOT_SIZE =
      OptionSpec.integer("root-size", "N")
          .absent(0)
          .defaultDoc("`100`")
          .check(n -> n >= 1, INT_AT_LEAST_1)
          .not(RECORDED, COLUMN)
          .group(OptionGroup.HGO)
          .help(
              "`fltrust`: examples in the server's root set, drawn class-balanced (seeded) from"
                  + " the training set or `--root-data` (100 in the paper)");

  /** The root set's size when {@code --root-size} is not given (FLTrust's 100). */
  public static final int DEFAULT_ROOT_SIZE = 100;

  /** "; also registered: `a`, `b`" for the names beyond those a help sentence describes. */
  static String also(List<String> registered, List<String> described) {
    List<String> extra = registered.stream().filter(n -> !described.contains(n)).toList();
    return extra.isEmpty() ? "" : "; also registered: " + codes(extra);
  }

  /**
   * Other names of options (alias → name), accepted on the command line, in job files and in grid
   * files and recorded under the option's name: {@code --clients-per-round} (federated client
   * sampling) is {@code --quorum-size} (HGO's partial participation), the same policy.
   */
  public static final java.util.Map<String, String> ALIASES =
      java.util.Map.of("clients-per-round", "quorum-size");

  /** The option's name for a name or an alias. */
  public static String canonical(String name) {
    return ALIASES.getOrDefault(name, name);
  }

  /** Every option of train, in the order run.json records them. */
  public static final List<OptionSpec<?>> ALL =
      List.of(
          JOB,
          DATASET,
          DATA_DIR,
          FEATURES_COL,
          LABEL_COL,
          TEST_DATA,
          MODEL,
          WORKERS,
          BYZANTINE,
          ATTACK,
          ATTACK_PARAM,
          AGGREGATOR,
          AGG_PARAM,
          PRE,
          MOMENTUM,
          STEPS,
          BATCH_SIZE,
          LR,
          CLIP,
          WEIGHT_DECAY,
          EVAL_EVERY,
          CHECKPOINT_EVERY,
          CHECKPOINT_DIR,
          SEED,
          OUT,
          OVERWRITE,
          RESUME,
          VALIDATE_ONLY,
          RECORD_MESSAGES,
          MASTER,
          AGGREGATION,
          AGGREGATION_THRESHOLD,
          WORKER_TASKS,
          ALGORITHM,
          QUORUM_SIZE,
          QUORUM,
          TAU,
          DEADLINE,
          PROFILE,
          LAYER_BLOCKS,
          BATCH_SIZES,
          SPLIT,
          BYZANTINE_PLACEMENT,
          BYZANTINE_SAMPLING,
          DECLARED_BYZANTINE,
          LR_SCHEDULE,
          BINARY_CLASSES,
          HIDDEN,
          GRAD_NORM,
          LOCAL_STEPS,
          LOCAL_LR,
          MOMENTUM_AT,
          NESTEROV,
          ROOT_DATA,
          ROOT_SIZE);

  /** The options TrainConfig holds: every option but those of the HGO group. */
  public static final List<OptionSpec<?>> CONFIG =
      ALL.stream().filter(s -> s.group() != OptionGroup.HGO).toList();

  /** The options HgoOptions holds: the HGO group. */
  public static final List<OptionSpec<?>> HGO = group(OptionGroup.HGO);

  /** The options of a group, in declaration order. */
  public static List<OptionSpec<?>> group(OptionGroup g) {
    return ALL.stream().filter(s -> s.group() == g).toList();
  }

  /** The declaration named {@code name}, or null. */
  public static OptionSpec<?> find(String name) {
    for (OptionSpec<?> s : ALL) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** The run.json key of an option ({@code attack-param}: {@code attack-params}), or the name. */
  public static String recordKey(String option) {
    OptionSpec<?> s = find(option);
    return s == null ? option : s.recordKey();
  }

  /** The run.json keys of the recorded options with ({@code with} true) or without a flag. */
  public static List<String> recordKeys(OptionSpec.Flag flag, boolean with) {
    return ALL.stream()
        .filter(s -> s.has(RECORDED) && s.has(flag) == with)
        .map(OptionSpec::recordKey)
        .toList();
  }

  /** The options with ({@code with} true) or without a flag, in declaration order. */
  public static List<OptionSpec<?>> flagged(OptionSpec.Flag flag, boolean with) {
    return ALL.stream().filter(s -> s.has(flag) == with).toList();
  }

  // ---- what the declarations share with the typed configurations ----

  /** The attack's name (--attack NAME[:key=value,...]). */
  public static String attackName(OptionValues v) {
    return Params.parseNamed(v.get(ATTACK)).getKey();
  }

  /** The attack's parameters: those of --attack NAME:key=value, then every --attack-param. */
  public static Params attackParams(OptionValues v) {
    return Params.parseNamed(v.get(ATTACK)).getValue().with(Params.parse(v.get(ATTACK_PARAM)));
  }

  /** The rule's name (--aggregator NAME[:key=value,...]). */
  public static String ruleName(OptionValues v) {
    return Params.parseNamed(v.get(AGGREGATOR)).getKey();
  }

  /** The rule's parameters: those of --aggregator NAME:key=value, then every --agg-param. */
  public static Params aggParams(OptionValues v) {
    return Params.parseNamed(v.get(AGGREGATOR)).getValue().with(Params.parse(v.get(AGG_PARAM)));
  }

  /** data/ of the installation (the launcher sets byzspark.home), else data/ of the working dir. */
  public static String defaultDataDir() {
    String home = System.getProperty("byzspark.home");
    return home == null ? "data" : home + "/data";
  }

  /**
   * Splits "nnm,clip:c=2,bucketing:s=2" into pre-aggregator specs; key=value items stay attached.
   */
  public static List<String> splitPre(String s) {
    List<String> out = new ArrayList<>();
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

  /** Positive integers separated by /, or null for "" (e.g. --batch-sizes 25/25/50). */
  public static int[] positiveInts(String option, String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String[] parts = s.split("/");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        out[i] = 0;
      }
      if (out[i] < 1) {
        throw new IllegalArgumentException(
            option + ": " + s + " is not allowed; allowed: positive integers separated by /");
      }
    }
    return out;
  }

  /** --binary-classes POS,NEG as {positive, negative}, or null for "". */
  public static int[] binaryClasses(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String[] p = s.split(",");
    try {
      if (p.length != 2) {
        throw new NumberFormatException();
      }
      int pos = Integer.parseInt(p[0].strip());
      int neg = Integer.parseInt(p[1].strip());
      if (pos < 0 || neg < 0 || pos == neg) {
        throw new NumberFormatException();
      }
      return new int[] {pos, neg};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--binary-classes: "
              + s
              + " is not allowed; allowed: two different class indices POS,NEG, e.g. 3,8");
    }
  }

  private static void named(String option, String spec) {
    try {
      Params.parseNamed(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private static void params(String option, List<String> items) {
    try {
      Params.parse(items);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  /** Names in backticks, comma-separated. */
  static String codes(List<String> names) {
    return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
  }
}
