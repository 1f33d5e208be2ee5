package org.byzspark.train.hgo;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.byzspark.data.LabelSplit;

/**
 * The options of the step policies beyond RESAM's (HGO, SGD with a deadline, BRSGD schedules,
 * heterogeneous data, threat model, what is evaluated), beside {@link
 * org.byzspark.train.TrainConfig}. Validated on construction and by {@link #check}; every failure is one line naming
 * the option, the value and what is allowed.
 *
 * @param algorithm resam (every worker, whole momentum), hgo (Algorithm 1) or sgd (whole gradients
 *     of the workers that finish before the deadline)
 * @param quorumSize q, workers contacted per step (0: all n)
 * @param quorum v (0: q − f, the number of honest workers among the q with exact sampling)
 * @param tau τ, the time budget of an HGO step (> 0)
 * @param deadline SGD's deadline (+∞: wait for every contacted worker)
 * @param profile the compute profile spec ({@link ComputeProfile})
 * @param layerBlocks B_ℓ per layer separated by /, or "" (whole layers)
 * @param batchSizes s_i per worker separated by /, or "" (the common --batch-size)
 * @param split the data split ({@link LabelSplit})
 * @param placement last, fixed-random or per-step
 * @param sampling exact or uniform
 * @param declaredByzantine F', what the rule is told (−1: f)
 * @param lrSchedule the schedule spec ({@link LrSchedule})
 * @param binaryClasses "POS,NEG" digits for binary models, or "" (the dataset's own labels)
 * @param hidden hidden width of the mlp (0: the model's default)
 * @param gradNorm whether each evaluation computes ‖∇F(θ)‖ over the training set: {@code auto}
 *     (for the runs whose papers plot it: algorithms hgo and sgd, and BRSGD's decreasing
 *     learning-rate schedules), {@code true} or {@code false}
 */
public record HgoOptions(
    String algorithm,
    int quorumSize,
    int quorum,
    double tau,
    double deadline,
    String profile,
    String layerBlocks,
    String batchSizes,
    String split,
    String placement,
    String sampling,
    int declaredByzantine,
    String lrSchedule,
    String binaryClasses,
    int hidden,
    String gradNorm)
    implements Serializable {

  /** The values of {@code --grad-norm}. */
  public static final java.util.List<String> GRAD_NORM = java.util.List.of("auto", "true", "false");

  public static HgoOptions defaults() {
    return new HgoOptions(
        "resam",
        0,
        0,
        1.0,
        Double.POSITIVE_INFINITY,
        "c2",
        "",
        "",
        "iid",
        "last",
        "exact",
        -1,
        "constant",
        "",
        0,
        "auto");
  }

  public HgoOptions {
    org.byzspark.train.Algorithm.of(algorithm);
    if (quorumSize < 0) {
      throw bad("--quorum-size", quorumSize, "an integer >= 1 (0: all workers)");
    }
    if (quorum < 0) {
      throw bad("--quorum", quorum, "an integer >= 1 (0: q - f)");
    }
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw bad("--tau", tau, "a finite number > 0");
    }
    if (!(deadline > 0)) {
      throw bad("--deadline", deadline, "a number > 0, or none");
    }
    if (hidden < 0) {
      throw bad("--hidden", hidden, "an integer >= 1 (0: the model's default)");
    }
    if (!GRAD_NORM.contains(gradNorm)) {
      throw bad("--grad-norm", gradNorm, String.join(", ", GRAD_NORM));
    }
    if (declaredByzantine < -1) {
      throw bad("--declared-byzantine", declaredByzantine, "an integer >= 0");
    }
    ComputeProfile.parse(profile);
    LabelSplit.parse(split);
    LrSchedule.parse(lrSchedule);
    parseList("--layer-blocks", layerBlocks);
    parseList("--batch-sizes", batchSizes);
    binary();
  }

  static IllegalArgumentException bad(String option, Object value, String allowed) {
    return new IllegalArgumentException(
        option + ": " + value + " is not allowed; allowed: " + allowed);
  }

  /** Positive integers separated by /, or null for "". */
  static int[] parseList(String option, String s) {
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
        throw bad(option, s, "positive integers separated by /");
      }
    }
    return out;
  }

  /** {positive, negative} or null. */
  public int[] binary() {
    if (binaryClasses == null || binaryClasses.isBlank()) {
      return null;
    }
    String[] p = binaryClasses.split(",");
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
      throw bad("--binary-classes", binaryClasses, "two different class indices POS,NEG, e.g. 3,8");
    }
  }

  /** Whether evaluations compute ‖∇F(θ)‖, given the algorithm's default for {@code auto}. */
  public boolean gradNorm(boolean algorithmDefault) {
    return gradNorm.equals("auto") ? algorithmDefault : gradNorm.equals("true");
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
  }

  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", algorithm);
    m.put("quorum-size", quorumSize);
    m.put("quorum", quorum);
    m.put("tau", tau);
    m.put("deadline", Double.isInfinite(deadline) ? "none" : deadline);
    m.put("profile", profile);
    m.put("layer-blocks", layerBlocks);
    m.put("batch-sizes", batchSizes);
    m.put("split", split);
    m.put("byzantine-placement", placement);
    m.put("byzantine-sampling", sampling);
    m.put("declared-byzantine", declaredByzantine);
    m.put("lr-schedule", lrSchedule);
    m.put("binary-classes", binaryClasses);
    m.put("hidden", hidden);
    m.put("grad-norm", gradNorm);
    return m;
  }
}
