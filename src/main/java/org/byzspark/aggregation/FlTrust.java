package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code fltrust}: trust bootstrapping from the server's own gradient on a small clean root set.
 *
 * <h2>Definition</h2>
 *
 * [FLTRUST] Algorithm 1, step III. With g₀ the server's gradient on its root data at the broadcast
 * model (see below) and x_1, ..., x_n the messages:
 *
 * <ol>
 *   <li>trust scores TS_i = ReLU(cos(x_i, g₀)) = max(0, ⟨x_i, g₀⟩ / (‖x_i‖·‖g₀‖));
 *   <li>each message rescaled to the server's norm, x̂_i = (‖g₀‖/‖x_i‖)·x_i;
 *   <li>the output is Σ TS_i·x̂_i / Σ TS_i.
 * </ol>
 *
 * <h2>The server's gradient g₀</h2>
 *
 * In the paper the server runs the clients' own update (ModelUpdate: R local iterations on
 * mini-batches of size b) on its root dataset D₀ of 100 examples. In a training run ByzSpark does
 * the same with its own worker update ({@code train.WorkerStep}) at θ_t, on the driver: a
 * mini-batch of {@code --batch-size} examples drawn without replacement from the root set (all of
 * it when it is smaller), the gradient with weight decay and {@code --clip}, and with {@code
 * --local-steps K} the mean of the K local gradients, as a worker's pseudo-gradient. The server
 * keeps no momentum: workers send their momentums (β = {@code --momentum}) and the server compares
 * them with its fresh gradient, since the paper's clients and server exchange plain updates and a
 * server momentum would be one more state to carry. The server's mini-batches, dropout masks and
 * augmentation draw from the seed derived from (seed, FLTRUST_ROOT, 1), as worker 0 of that seed,
 * so they never coincide with a worker's. The root set is {@code --root-data} or, by default,
 * {@code --root-size} examples (100, the paper's) drawn class-balanced from the training set and
 * taken out of every worker's share.
 *
 * <p>The rule receives g₀ in its {@link RuleState} under {@link RuleState#SERVER_GRADIENT} for the
 * one call ({@link #usesServerGradient}); it is computed on the driver in both aggregation modes,
 * so driver and sharded runs give the same bits. Offline, {@code byzspark aggregate --reference
 * FILE} gives it (one line of d values). Aggregating without it is an error.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; f (the rule does not use f; the paper tolerates any number of malicious clients given a
 * clean root set), and g₀ of dimension d.
 *
 * <h2>Resilience</h2>
 *
 * Unknown in the sense of [RESAM] Definition 2 ({@link #theory} says so): [FLTRUST] Theorem 1
 * bounds the distance to the optimum under assumptions on the root data's gradient (close to the
 * true one), not by the diameter of the honest inputs; no λ.
 *
 * <h2>Non-finite inputs</h2>
 *
 * And the degenerate ones:
 *
 * <ul>
 *   <li>A message with NaN/±Inf, or equal to the zero vector (no direction), has trust 0.
 *   <li>g₀ equal to zero or not finite (or whose norm overflows) gives every message trust 0.
 *   <li>When every trust score is 0 (all messages pointing away from g₀, or the cases above) the
 *       output is the zero vector: the model does not move. The paper divides by Σ TS_i = 0 there;
 *       the reference code published with it adds 1e-9 to that divisor, which gives the zero vector
 *       too.
 * </ul>
 *
 * So the output is always finite, of norm at most ‖g₀‖ (up to rounding), and the rule never throws
 * on what the workers send.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}); the root set is the training run's ({@code --root-data}, {@code
 * --root-size}). The report gives the trust scores, {@code trust=a,b,...}.
 *
 * <h2>Implementation</h2>
 *
 * The unit vectors u_i = x_i/‖x_i‖ (one {@link VectorSet#mix} with divisors ‖x_i‖ from {@link
 * VectorSet#norms}; 0 for the rows of trust 0) and u₀ = g₀/‖g₀‖; cos(x_i, g₀) = 1 − ‖u_i − u₀‖²/2
 * from {@link VectorSet#squaredDistancesTo} (absolute error of the order of the rounding, values in
 * [0, 4], no overflow), clamped to [−1, 1]; the output is {@link VectorSet#combine} of the u_i with
 * weights ‖g₀‖·TS_i/Σ TS_j, so every term is bounded by ‖g₀‖ whatever ‖x_i‖ (no overflow for huge
 * messages, no infinite factor for tiny ones). O(n·d).
 */
public final class FlTrust implements Aggregator {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "fltrust",
          "weights ReLU(cos) with the server's gradient on its root data, inputs rescaled to its"
              + " norm (Cao et al. 2021); train: --root-data/--root-size, aggregate: --reference");

  public FlTrust(Params params) {
    SPEC.resolve(params);
  }

  @Override
  public String name() {
    return "fltrust";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("fltrust", n, f, d);
  }

  @Override
  public boolean usesServerGradient() {
    return true;
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    double[] g0 = state.peek(RuleState.SERVER_GRADIENT);
    if (g0 == null) {
      throw new IllegalArgumentException(
          "fltrust needs the server's gradient g0: training computes it on the root set"
              + " (--root-data, --root-size); byzspark aggregate reads it from --reference FILE");
    }
    if (g0.length != d) {
      throw new IllegalArgumentException(
          "fltrust needs the server's gradient of dimension d = " + d + ", got " + g0.length);
    }
    double[] trust = new double[n];
    double g0Norm = x.norm(x.point(g0));
    Point out = x.point(new double[d]);
    if (g0Norm > 0 && Double.isFinite(g0Norm)) {
      double[] norms = x.norms();
      boolean[] usable = new boolean[n];
      double[][] w = new double[n][n];
      double[] divisors = new double[n];
      for (int i = 0; i < n; i++) {
        usable[i] = norms[i] > 0 && Double.isFinite(norms[i]);
        if (usable[i]) {
          w[i][i] = 1;
          divisors[i] = norms[i];
        } else {
          divisors[i] = 1;
        }
      }
      VectorSet u = x.mix(w, divisors);
      double[] unit0 = new double[d];
      for (int k = 0; k < d; k++) {
        unit0[k] = g0[k] / g0Norm;
      }
      double[] sq = u.squaredDistancesTo(u.point(unit0));
      double total = 0;
      for (int i = 0; i < n; i++) {
        if (usable[i]) {
          double cos = Math.max(-1, Math.min(1, 1 - sq[i] / 2));
          trust[i] = cos > 0 ? cos : 0; // ReLU; a NaN (never expected) gives 0 too
          total += trust[i];
        }
      }
      if (total > 0) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
          c[i] = g0Norm * (trust[i] / total);
        }
        out = u.combine(c, null, 1.0);
      }
    }
    StringBuilder report = new StringBuilder("trust=");
    for (int i = 0; i < n; i++) {
      report.append(i == 0 ? "" : ",").append(trust[i]);
    }
    return new Aggregation(out, report.toString(), RuleState.EMPTY);
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("unknown: FLTrust's bound assumes a root-data gradient near the true one");
  }

  @Override
  public String toString() {
    return "fltrust";
  }
}
