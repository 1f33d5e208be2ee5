package org.byzspark.train.hgo;

import java.io.Serializable;
import java.util.Map;
import org.byzspark.data.LabelSplit;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;

/**
 * The options of the step policies beyond RESAM's (HGO, SGD with a deadline, BRSGD schedules,
 * heterogeneous data, threat model, what is evaluated: the {@link OptionGroup#HGO} group of {@link
 * TrainOptions}), beside {@link org.byzspark.train.TrainConfig}. Built from the values of the
 * declared options ({@link #of}), each validated by its declaration; {@link #check} adds the checks
 * that need n, f and the model. Every failure is one line naming the option, the value and what is
 * allowed.
 *
 * <p>The accessors are the options' typed values: {@link #algorithm()} resam (every worker, whole
 * momentum), hgo (Algorithm 1) or sgd (whole gradients of the workers that finish before the
 * deadline); {@link #quorumSize()} q, workers contacted per step (0: all n); {@link #quorum()} v
 * (0: q − f, the number of honest workers among the q with exact sampling); {@link #tau()} τ, the
 * time budget of an HGO step; {@link #deadline()} SGD's deadline (+∞: wait for every contacted
 * worker); {@link #profile()} the compute profile spec ({@link ComputeProfile}); {@link
 * #layerBlocks()} B_ℓ per layer separated by /, or "" (whole layers); {@link #batchSizes()} s_i per
 * worker separated by /, or "" (the common --batch-size); {@link #split()} the data split ({@link
 * LabelSplit}); {@link #placement()} last, fixed-random or per-step; {@link #sampling()} exact or
 * uniform; {@link #declaredByzantine()} F', what the rule is told (−1: f); {@link #lrSchedule()}
 * the schedule spec ({@link LrSchedule}); {@link #binaryClasses()} "POS,NEG" for binary models, or
 * "" (the dataset's own labels); {@link #hidden()} the hidden width of the mlp (0: the model's
 * default); {@link #gradNorm(boolean)} whether evaluations compute ‖∇F(θ)‖; {@link #localSteps()} K
 * and {@link #localLr(double)} the local steps of FedAvg; {@link #serverMomentum()} and {@link
 * #nesterov()} where the momentum lives ({@link org.byzspark.train.ServerMomentum}); {@link
 * #rootData()} and {@link #rootSize()} FLTrust's root set.
 */
public final class HgoOptions implements Serializable {
  private static final long serialVersionUID = 2L;

  private final OptionValues values;
  private final String algorithm;
  private final int quorumSize;
  private final int quorum;
  private final double tau;
  private final double deadline;
  private final String profile;
  private final String layerBlocks;
  private final String batchSizes;
  private final String split;
  private final String placement;
  private final String sampling;
  private final int declaredByzantine;
  private final String lrSchedule;
  private final String binaryClasses;
  private final int hidden;
  private final String gradNorm;
  private final int localSteps;
  private final double localLr;
  private final String momentumAt;
  private final boolean nesterov;
  private final String rootData;
  private final int rootSize;

  private HgoOptions(OptionValues values) {
    this.values = values;
    this.algorithm = values.get(TrainOptions.ALGORITHM);
    this.quorumSize = values.get(TrainOptions.QUORUM_SIZE);
    this.quorum = values.get(TrainOptions.QUORUM);
    this.tau = values.get(TrainOptions.TAU);
    this.deadline = values.get(TrainOptions.DEADLINE);
    this.profile = values.get(TrainOptions.PROFILE);
    this.layerBlocks = values.get(TrainOptions.LAYER_BLOCKS);
    this.batchSizes = values.get(TrainOptions.BATCH_SIZES);
    this.split = values.get(TrainOptions.SPLIT);
    this.placement = values.get(TrainOptions.BYZANTINE_PLACEMENT);
    this.sampling = values.get(TrainOptions.BYZANTINE_SAMPLING);
    this.declaredByzantine = values.get(TrainOptions.DECLARED_BYZANTINE);
    this.lrSchedule = values.get(TrainOptions.LR_SCHEDULE);
    this.binaryClasses = values.get(TrainOptions.BINARY_CLASSES);
    this.hidden = values.get(TrainOptions.HIDDEN);
    this.gradNorm = values.get(TrainOptions.GRAD_NORM);
    this.localSteps = values.get(TrainOptions.LOCAL_STEPS);
    this.localLr = values.get(TrainOptions.LOCAL_LR);
    this.momentumAt = values.get(TrainOptions.MOMENTUM_AT);
    this.nesterov = values.get(TrainOptions.NESTEROV);
    this.rootData = values.get(TrainOptions.ROOT_DATA);
    this.rootSize = values.get(TrainOptions.ROOT_SIZE);
  }

  /** The options of parsed values (of {@link TrainOptions#ALL} or {@link TrainOptions#HGO}). */
  public static HgoOptions of(OptionValues values) {
    return new HgoOptions(values);
  }

  /** Every option at its default: today's RESAM run. */
  public static HgoOptions defaults() {
    return of(OptionValues.parse(TrainOptions.HGO, Map.of()));
  }

  /** The option values these options were built from. */
  public OptionValues values() {
    return values;
  }

  public String algorithm() {
    return algorithm;
  }

  public int quorumSize() {
    return quorumSize;
  }

  public int quorum() {
    return quorum;
  }

  public double tau() {
    return tau;
  }

  public double deadline() {
    return deadline;
  }

  public String profile() {
    return profile;
  }

  public String layerBlocks() {
    return layerBlocks;
  }

  public String batchSizes() {
    return batchSizes;
  }

  public String split() {
    return split;
  }

  public String placement() {
    return placement;
  }

  public String sampling() {
    return sampling;
  }

  public int declaredByzantine() {
    return declaredByzantine;
  }

  public String lrSchedule() {
    return lrSchedule;
  }

  public String binaryClasses() {
    return binaryClasses;
  }

  public int hidden() {
    return hidden;
  }

  /** K, the local SGD steps of a contacted worker per round (1: one gradient). */
  public int localSteps() {
    return localSteps;
  }

  /**
   * The local steps' learning rate: {@code --local-lr}, or {@code lr} (the server's) by default.
   */
  public double localLr(double lr) {
    return localLr == 0 ? lr : localLr;
  }

  /** True when the momentum lives at the server ({@code --momentum-at server}). */
  public boolean serverMomentum() {
    return momentumAt.equals("server");
  }

  /** Nesterov's look-ahead of the server momentum. */
  public boolean nesterov() {
    return nesterov;
  }

  /** FLTrust's root dataset ({@code --root-data}), or "" for a draw from the training set. */
  public String rootData() {
    return rootData;
  }

  /** Whether {@code --root-data} or {@code --root-size} was given. */
  public boolean rootGiven() {
    return !rootData.isBlank() || rootSize != 0;
  }

  /** FLTrust's root set size ({@code --root-size}, 100 by default). */
  public int rootSize() {
    return rootSize == 0 ? TrainOptions.DEFAULT_ROOT_SIZE : rootSize;
  }

  static IllegalArgumentException bad(String option, Object value, String allowed) {
    return new IllegalArgumentException(
        option + ": " + value + " is not allowed; allowed: " + allowed);
  }

  /** Positive integers separated by /, or null for "". */
  static int[] parseList(String option, String s) {
    return TrainOptions.positiveInts(option, s);
  }

  /** {positive, negative} or null. */
  public int[] binary() {
    return TrainOptions.binaryClasses(binaryClasses());
  }

  /**
   * Whether evaluations compute ‖∇F(θ)‖ ({@code --grad-norm}), given what {@code auto} means for
   * the run.
   */
  public boolean gradNorm(boolean auto) {
    return gradNorm.equals("auto") ? auto : gradNorm.equals("true");
  }

  public int q(int n) {
    return quorumSize == 0 ? n : quorumSize;
  }

  /** v: the given quorum, or q − f (at least 1). */
  public int v(int n, int f) {
    return quorum == 0 ? Math.max(1, q(n) - Math.min(f, q(n))) : quorum;
  }

  public int declaredF(int f) {
    return declaredByzantine < 0 ? f : declaredByzantine;
  }

  /** s_i of every worker. */
  public int[] batchSizes(int n, int common) {
    int[] list = parseList("--batch-sizes", batchSizes);
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = list == null ? common : list[i];
    }
    return s;
  }

  /**
   * The checks that need n, f and the model dimension: q ≤ n, v ≤ q, F' &lt; q, list lengths, exact
   * sampling with f ≤ q.
   */
  public void check(int n, int f, int[] layerSizes) {
    int q = q(n);
    if (q > n) {
      throw bad("--quorum-size", quorumSize, "1 <= q <= n = " + n);
    }
    if (quorum > q) {
      throw bad("--quorum", quorum, "1 <= v <= q = " + q);
    }
    if (declaredByzantine >= q) {
      throw bad("--declared-byzantine", declaredByzantine, "0 <= F' < q = " + q);
    }
    if (f > q && sampling.equals("exact") && q < n) {
      throw bad("--byzantine", f, "f <= q = " + q + " with --byzantine-sampling exact");
    }
    new Placement(placement, sampling, n, Math.min(f, n), q, 0);
    ComputeProfile.parse(profile).check(n);
    int[] bs = parseList("--batch-sizes", batchSizes);
    if (bs != null && bs.length != n) {
      throw bad("--batch-sizes", batchSizes, n + " sizes, one per worker");
    }
    int[] lb = parseList("--layer-blocks", layerBlocks);
    if (lb != null) {
      if (lb.length != layerSizes.length) {
        throw bad(
            "--layer-blocks",
            layerBlocks,
            layerSizes.length + " block sizes, one per layer of the model");
      }
      for (int l = 0; l < lb.length; l++) {
        if (lb[l] > layerSizes[l]) {
          throw bad(
              "--layer-blocks",
              layerBlocks,
              "at most the layer sizes " + java.util.Arrays.toString(layerSizes));
        }
      }
    }
    LrSchedule.parse(lrSchedule);
    if (localSteps > 1 && !algorithm.equals("resam")) {
      // HGO's and SGD's simulated clock and coordinate plans assume one gradient per step
      throw bad(
          "--local-steps", localSteps, "1 with --algorithm " + algorithm + " (K > 1 needs resam)");
    }
    if (serverMomentum() && !algorithm.equals("resam")) {
      // a partial step updates some coordinates only: one server momentum has no meaning there
      throw bad("--momentum-at", momentumAt, "worker with --algorithm " + algorithm);
    }
    if (nesterov && !serverMomentum()) {
      throw bad("--nesterov", true, "only with --momentum-at server");
    }
  }

  /** The options as ordered key/value pairs, with the command line's names (run.json). */
  public Map<String, Object> asMap() {
    return values.record(TrainOptions.HGO);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HgoOptions h && h.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "HgoOptions" + asMap();
  }
}
