package org.byzspark.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code foolsgold}: down-weighting of workers whose histories point the same way.
 *
 * <h2>Definition</h2>
 *
 * [FOOLSGOLD] Algorithm 1, without the optional feature-importance weighting: each worker's history
 * H_i is the sum of what it sent so far, this step included. With cs_ij the cosine similarity of
 * H_i and H_j (i ≠ j) and v_i = max(0, max_j cs_ij):
 *
 * <ol>
 *   <li>pardoning: cs_ij ← cs_ij·v_i/v_j when v_i &lt; v_j;
 *   <li>α_i = 1 − max(0, max_j cs_ij), clamped to [0, 1], then divided by max_j α_j;
 *   <li>α_i = 0.99 where α_i = 1, then the logit α_i ← κ·(ln(α_i/(1 − α_i)) + 0.5), clamped to [0,
 *       1] (α_i = 0 gives 0);
 *   <li>the output is Σ α_i x_i / Σ α_i ({@code scale=mean}) or Σ α_i x_i ({@code scale=sum}).
 * </ol>
 *
 * <p>The max(0, ·) are those of the authors' code, where cs − I puts a 0 on the diagonal; the small
 * ε that code adds to v_i and inside the logarithm is left out.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; f (the rule does not use f).
 *
 * <h2>Resilience</h2>
 *
 * Unknown: FoolsGold targets sybils that send similar updates, not arbitrary Byzantine vectors; no
 * bound, no λ ({@link #theory} says so). It penalises similarity itself: identical honest vectors
 * get weight 0.
 *
 * <h2>Non-finite inputs</h2>
 *
 * A message with NaN/±Inf gets weight 0 and is not added to its sender's history (the history keeps
 * its previous value). A history of norm 0 or not finite has cosine 0 with every other one. When
 * every weight is 0 (e.g. all histories parallel) the output is the zero vector, where the
 * reference code divides 0 by 0.
 *
 * <h2>Parameters</h2>
 *
 * {@code kappa} (the confidence κ of the logit, 1 in the paper) and {@code scale}: see {@link
 * #SPEC}. The authors' code returns the weighted sum; {@code scale=mean} (the default) divides by Σ
 * α_i so that the step has the size of an average, as every other rule's, under the learning rate
 * of a run. The report gives the weights, {@code weights=a,b,...}.
 *
 * <h2>State</h2>
 *
 * The {@link RuleState} holds the n histories (keys {@code history.0}, {@code history.1}, ...): n·d
 * numbers, on the driver in both aggregation modes — the one rule whose state grows with d. History
 * i is what arrived from worker index i: with {@code --byzantine-placement per-step} the Byzantine
 * workers change every step and a worker's history mixes its honest and its forged messages, so
 * FoolsGold then follows worker ids, not attackers. If n or d changes, the histories start again
 * from zero.
 *
 * <h2>Implementation</h2>
 *
 * The new histories are one {@link VectorSet#mix} of the previous histories and the messages
 * ({@link VectorSet#concat}); their cosines come from the Gram matrix ({@link VectorSet#gram}) of
 * the histories scaled to unit norm, clamped to [−1, 1]; the weights are n×n arithmetic (the
 * logarithm by {@link StrictMath#log}, the same bits on every CPU); the output is {@link
 * VectorSet#combine} with the weights divided by their sum (or not), so no partial sum exceeds the
 * largest input in size.
 */
public final class FoolsGold implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** Prefix of the state keys of the histories. */
  static final String HISTORY = "history.";

  private final double kappa;
  private final boolean mean;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "foolsgold",
          "weights from the cosine similarity of each worker's summed history, with pardoning and"
              + " logit (Fung, Yoon and Beschastnikh 2020)",
          ParamSpec.number("kappa", true, 1.0, "confidence of the logit"),
          ParamSpec.choice(
              "scale",
              List.of("mean", "sum"),
              "mean",
              "divide the weighted sum by the sum of the weights, or not (the reference code)"));

  public FoolsGold(Params params) {
    Params p = SPEC.resolve(params);
    this.kappa = Double.parseDouble(p.getString("kappa", ""));
    this.mean = p.getString("scale", "").equals("mean");
  }

  @Override
  public String name() {
    return "foolsgold";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("foolsgold", n, f, d);
  }

  @Override
  public boolean stateful() {
    return true;
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    boolean[] fin = x.finiteRows();
    VectorSet previous = histories(x, state);
    // H_i ← H_i + x_i for the finite x_i: one mix of [previous histories; messages]
    double[][] w = new double[n][2 * n];
    double[] ones = new double[n];
    Arrays.fill(ones, 1.0);
    for (int i = 0; i < n; i++) {
      w[i][i] = 1;
      if (fin[i]) {
        w[i][n + i] = 1;
      }
    }
    VectorSet h = previous.concat(x).mix(w, ones);
    double[][] cs = ClippedClustering.cosines(h);
    double[] alpha = weights(cs, kappa);
    for (int i = 0; i < n; i++) {
      if (!fin[i]) {
        alpha[i] = 0;
      }
    }
    double total = 0;
    for (double a : alpha) {
      total += a;
    }
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      c[i] = mean && total > 0 ? alpha[i] / total : alpha[i];
    }
    Point out = total > 0 ? x.combine(c, null, 1.0) : x.point(new double[d]);
    double[][] rows = h.toArrays(); // fresh arrays: handed over to the state
    java.util.Map<String, double[]> kept = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      kept.put(HISTORY + i, rows[i]);
    }
    RuleState next = RuleState.owning(kept);
    StringBuilder report = new StringBuilder("weights=");
    for (int i = 0; i < n; i++) {
      report.append(i == 0 ? "" : ",").append(alpha[i]);
    }
    return new Aggregation(out, report.toString(), next);
  }

  /** The histories of the state as a set of x's space, or zeros if absent or of another shape. */
  private static VectorSet histories(VectorSet x, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    List<Point> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] h = state.peek(HISTORY + i);
      if (h == null || h.length != d) {
        return x.constant(0, n);
      }
      rows.add(x.point(h)); // copies
    }
    if (state.peek(HISTORY + n) != null) {
      return x.constant(0, n);
    }
    return x.rows(rows);
  }

  /** FoolsGold's weights from the cosine similarities of the histories (see the class comment). */
  static double[] weights(double[][] cs, double kappa) {
    int n = cs.length;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double m = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          m = Math.max(m, cs[i][j]);
        }
      }
      v[i] = m;
    }
    double[] alpha = new double[n];
    double top = 0;
    for (int i = 0; i < n; i++) {
      double m = 0;
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        double s = v[i] < v[j] ? cs[i][j] * v[i] / v[j] : cs[i][j];
        m = Math.max(m, s);
      }
      alpha[i] = Math.max(0, Math.min(1, 1 - m));
      top = Math.max(top, alpha[i]);
    }
    for (int i = 0; i < n; i++) {
      double a = top > 0 ? alpha[i] / top : 0;
      if (a == 1) {
        a = 0.99;
      }
      double logit =
          a == 0 ? Double.NEGATIVE_INFINITY : kappa * (StrictMath.log(a / (1 - a)) + 0.5);
      alpha[i] = Math.max(0, Math.min(1, logit));
    }
    return alpha;
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("unknown: no resilience bound");
  }

  @Override
  public String toString() {
    return "foolsgold(kappa=" + kappa + ",scale=" + (mean ? "mean" : "sum") + ")";
  }
}
