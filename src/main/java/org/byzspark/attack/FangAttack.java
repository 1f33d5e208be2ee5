package org.byzspark.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.byzspark.aggregation.CoordinateReducer;
import org.byzspark.aggregation.Distances;
import org.byzspark.aggregation.Krum;
import org.byzspark.aggregation.Point;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * {@code fang}: the full-knowledge local model poisoning attacks of Fang et al.
 *
 * <h2>Definition</h2>
 *
 * [FANG20] attacks the <em>local models</em> w_i = w − η·g_i that workers send in federated
 * learning, relative to the current global model w. ByzSpark's workers send momentums (or
 * gradients) m_i and the server steps θ ← θ − η·F(m_1, ..., m_n). The mapping used here: the
 * current model w corresponds to the message 0, a local model w − η·m to the message m, and the
 * sign s_j of the change of the global model's j-th parameter without attack, sign(−η·ḡ_j), is
 * −sign(ḡ_j), with ḡ the mean of the h honest messages of the step. Distances between models are η
 * times those between messages and a model-space λ is η times a message-space λ; Krum's choice is
 * invariant under this scaling, so the attack is run in message space directly.
 *
 * <p><b>{@code target=krum}</b> ([FANG20], attack on Krum). The paper's first crafted model w′_1 =
 * w − λ·s becomes the message
 *
 * <pre>  b(λ) = −λ·sign(ḡ)</pre>
 *
 * (pointing from the current model, the message 0, against the honest direction). λ starts at the
 * paper's upper bound, in message space
 *
 * <pre>  λ_max = min_i Σ_{l ∈ Γ_i} ‖x_l − x_i‖ / ((n − 2f − 1)·√d) + max_i ‖x_i‖ / √d</pre>
 *
 * (i, l over the honest messages, Γ_i the n − f − 2 honest messages nearest to x_i, distances not
 * squared, f the number of Byzantine workers), and is halved until Krum, run on the h honest
 * messages followed by f copies of b(λ) with the server's declared f, outputs b(λ), or until λ &lt;
 * {@code lambda-min}. Every Byzantine worker sends b(λ) for the final λ: the paper's other c − 1
 * crafted models are "close to w′_1"; here they are copies (distance 0). When no λ ≥ {@code
 * lambda-min} succeeds, the final λ is the first one below it (the paper says the search stops
 * there, not what is sent; the forged message is then nearly 0, "do not move"). An honest message
 * equal to b(λ) bit for bit would count as a success (Krum's output is the same vector).
 *
 * <p><b>{@code target=trmean}</b> ([FANG20], attack on trimmed mean, which the paper applies to the
 * median too). Per coordinate j, with x_max,j and x_min,j the largest and smallest honest values:
 * the paper puts the crafted values beyond the benign extreme that lies against the change, in
 * [w_max,j, b·w_max,j] (or [w_max,j, w_max,j/b] when w_max,j ≤ 0) when the model parameter
 * decreases, and symmetrically below w_min,j; b = 2. In message space (a decreasing parameter is a
 * positive ḡ_j, and larger models are smaller messages) Byzantine worker i sends
 *
 * <pre>  e_j = x_min,j if ḡ_j &gt; 0,  x_max,j if ḡ_j &lt; 0;   r = 1 + (b − 1)·u_ij
 *  b_ij = e_j / r   if sign(ḡ_j)·e_j &gt; 0 (towards 0, past the extreme)
 *  b_ij = e_j · r   if sign(ḡ_j)·e_j &lt; 0 (away from 0, past the extreme)</pre>
 *
 * so b_ij lies in (x_min,j/b, x_min,j] or (b·x_min,j, x_min,j] when ḡ_j &gt; 0, and in [x_max,j,
 * b·x_max,j) or [x_max,j, x_max,j/b) when ḡ_j &lt; 0: beyond the honest extreme, against the honest
 * mean's sign. u_ij is uniform on [0, 1). Choices the paper leaves open: the draw is r uniform on
 * [1, b) that divides or multiplies the extreme (the authors' code with b = 2), which is uniform on
 * the interval when multiplying but not when dividing; b_ij = 0 when ḡ_j = 0 or e_j = 0 (no
 * direction, and the interval is the point 0), as in that code.
 *
 * <h2>Requirement</h2>
 *
 * At least one honest message when f &gt; 0. {@code target=krum}: n &gt; 2f' + 2 for the declared
 * f' (Krum's requirement) and n &gt; 2f + 1 (λ_max's denominator); the rule in the context is not
 * used (the attack is crafted against Krum whatever the server runs).
 *
 * <h2>Non-finite inputs</h2>
 *
 * {@code trmean}: non-finite honest values propagate through the formula: a NaN among a
 * coordinate's values, or both +Inf and −Inf, gives NaN there; an infinite extreme gives ±Inf; an
 * infinite mean only sets the direction (the extreme against it may be finite). {@code krum}: a
 * non-finite honest message makes λ_max non-finite; then no λ is tried and λ = 0, so the Byzantine
 * workers send the zero message (a weight of 0 in {@link VectorSet#combine} skips sign(ḡ), NaN
 * coordinates included). The same happens when λ_max overflows.
 *
 * <h2>Parameters</h2>
 *
 * {@code target} ({@code trmean} by default: it needs no condition on n), {@code b} (used by {@code
 * trmean}), {@code lambda-min} (used by {@code krum}; the paper's threshold 1e-5, applied to
 * message-space λ): see {@link #SPEC}.
 *
 * <h2>Implementation</h2>
 *
 * {@code trmean}: Byzantine worker i draws its d uniforms from {@code Seeds.rng(seed,
 * Purpose.ATTACK_NOISE, t, i)} (coordinates in order, {@link SplittableRandom#nextDouble()}), on
 * the driver like {@code gaussian}'s; one coordinate-wise reduction per worker over the set (u_i,
 * x_1, ..., x_h), the mean summed in worker order, so the bits do not depend on how the coordinates
 * are cut. {@code krum}: λ_max from the honest pairwise distances, all recomputed exactly (the same
 * bits sharded), and {@link VectorSet#norms}; each trial is one Krum aggregation (the registry's
 * {@code krum}, at its initial state, at this step's round).
 */
public final class FangAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "fang";

  private final boolean krum;
  private final double b;
  private final double lambdaMin;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "Fang et al. 2020 full-knowledge attacks: beyond the honest extremes per coordinate"
              + " (trmean), or -lambda*sign(mean) halved until Krum selects it (krum)",
          ParamSpec.choice(
              "target",
              List.of("trmean", "krum"),
              "trmean",
              "the rule attacked: trimmed mean and median, or Krum"),
          ParamSpec.custom(
              "b",
              "number",
              "a finite number > 1",
              "2",
              "trmean: the crafted values lie within a factor b beyond the honest extreme",
              v -> {
                double x = ParamSpec.parseNumber(v);
                return Double.isFinite(x) && x > 1;
              }),
          ParamSpec.number("lambda-min", true, 1e-5, "krum: lambda below which the halving stops"));

  public FangAttack(Params params) {
    Params p = SPEC.resolve(params);
    krum = p.getString("target", "").equals("krum");
    b = Double.parseDouble(p.getString("b", ""));
    lambdaMin = Double.parseDouble(p.getString("lambda-min", ""));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The rule attacked, {@code trmean} or {@code krum}. */
  public String target() {
    return krum ? "krum" : "trmean";
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    if (ctx.f() == 0) {
      return honest.constant(0, 0);
    }
    AttackSupport.requireHonest(NAME, honest);
    if (krum) {
      KrumSearch s = new KrumSearch(honest, ctx);
      return honest.repeat(s.vector(s.lambda()), ctx.f());
    }
    int d = honest.dimension();
    CoordinateReducer beyond = new Beyond(b);
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < ctx.f(); i++) {
      SplittableRandom rng =
          Seeds.rng(ctx.round().seed(), Seeds.Purpose.ATTACK_NOISE, ctx.round().step(), i);
      double[] u = new double[d];
      for (int k = 0; k < d; k++) {
        u[k] = rng.nextDouble();
      }
      out.add(honest.rows(List.of(honest.point(u))).concat(honest).coordinateWise(beyond));
    }
    return honest.rows(out);
  }

  /** {@code target=krum}: λ_max of the paper for these honest messages, in message space. */
  public double lambdaMax(double[][] honest, AttackContext ctx) {
    return new KrumSearch(VectorSet.of(honest), ctx).lambdaMax;
  }

  /** {@code target=krum}: the final λ of the halving for these honest messages. */
  public double lambda(double[][] honest, AttackContext ctx) {
    return new KrumSearch(VectorSet.of(honest), ctx).lambda();
  }

  /**
   * {@code trmean}'s value for one coordinate from the uniform u and the h honest values: see the
   * class comment.
   */
  static double beyond(double u, double[] values, int off, int h, double b) {
    double m = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < h; i++) {
      double v = values[off + i];
      m += v;
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    m /= h;
    if (Double.isNaN(m)) {
      return Double.NaN;
    }
    if (m == 0) {
      return 0;
    }
    double e = m > 0 ? min : max;
    if (e == 0) {
      return 0;
    }
    double r = 1 + (b - 1) * u;
    return (m > 0) == (e > 0) ? e / r : e * r;
  }

  /** The coordinate-wise body of {@code trmean}: the uniform first, then the honest values. */
  private static final class Beyond extends CoordinateReducer {
    private static final long serialVersionUID = 1L;
    private final double b;

    Beyond(double b) {
      this.b = b;
    }

    @Override
    protected double reduce(double[] col, int off, int n, Workspace ws) {
      return beyond(col[off], col, off + 1, n - 1, b);
    }
  }

  /** {@code target=krum}: one step's halving. */
  private final class KrumSearch {
    private final VectorSet honest;
    private final AttackContext ctx;
    private final VectorSet sign;
    private final Krum rule = new Krum(Params.empty());
    final double lambdaMax;

    KrumSearch(VectorSet honest, AttackContext ctx) {
      AttackSupport.requireHonest(NAME, honest);
      int n = ctx.n();
      int f = ctx.f();
      int declared = ctx.declaredF();
      if (n <= 2 * declared + 2 || n <= 2 * f + 1) {
        throw new IllegalArgumentException(
            NAME
                + " target=krum needs n > 2f+2 for the declared f (Krum's requirement) and n >"
                + " 2f+1, got n="
                + n
                + " f="
                + f
                + " declared f="
                + declared);
      }
      this.honest = honest;
      this.ctx = ctx;
      this.sign = honest.rows(List.of(honest.coordinateWise(HonestStatistics.scaledSign(1))));
      this.lambdaMax = computeLambdaMax(n, f);
    }

    private double computeLambdaMax(int n, int f) {
      int h = honest.size();
      int dim = honest.dimension();
      Distances dist = honest.distances();
      int[] all = new int[h];
      for (int i = 0; i < h; i++) {
        all[i] = i;
      }
      dist.refineRows(all); // exact values: the same bits in memory and sharded
      int k = Math.max(0, Math.min(n - f - 2, h - 1));
      double minSum = Double.POSITIVE_INFINITY;
      double[] row = new double[Math.max(0, h - 1)];
      for (int i = 0; i < h; i++) {
        int len = 0;
        for (int j = 0; j < h; j++) {
          if (j != i) {
            row[len++] = Math.sqrt(dist.get(i, j));
          }
        }
        java.util.Arrays.sort(row, 0, len);
        double s = 0;
        for (int q = 0; q < k; q++) {
          s += row[q];
        }
        minSum = Math.min(minSum, s);
      }
      double maxNorm = 0;
      for (double v : honest.norms()) {
        maxNorm = Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.max(maxNorm, v);
      }
      double rootD = Math.sqrt(dim);
      return minSum / ((n - 2.0 * f - 1) * rootD) + maxNorm / rootD;
    }

    /** −λ·sign(ḡ). */
    Point vector(double lambda) {
      return sign.combine(new double[] {-lambda}, null, 1);
    }

    boolean selected(double lambda) {
      Point forged = vector(lambda);
      VectorSet all = honest.concat(honest.repeat(forged, ctx.f()));
      Point out = rule.aggregate(all, ctx.declaredF(), ctx.round(), RuleState.EMPTY).value();
      return honest.distance(out, forged) == 0;
    }

    double lambda() {
      double lambda = Double.isFinite(lambdaMax) ? lambdaMax : 0;
      while (lambda >= lambdaMin && !selected(lambda)) {
        lambda /= 2;
      }
      return lambda;
    }
  }
}
