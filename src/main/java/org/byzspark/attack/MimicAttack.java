package org.byzspark.attack;

import org.byzspark.aggregation.Distances;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code mimic}: copy one honest worker.
 *
 * <h2>Definition</h2>
 *
 * Every Byzantine worker sends a copy of the message of one honest worker, {@code honest[target]}
 * ([BUCKETING]: under heterogeneity, over-weighting one worker biases the aggregate while every
 * message looks honest).
 *
 * <p><b>{@code target=heuristic}.</b> [BUCKETING]'s heuristic copies the honest worker whose
 * message lies farthest along the direction z of maximum variance of the honest messages: z is the
 * top eigenvector of their covariance and the target maximises the projection on z. ByzSpark
 * chooses, at every step t with (t − 1) mod k = 0 (k = {@code every}), from that step's honest
 * messages alone,
 *
 * <pre>  target = argmax_i |⟨x_i − ḡ, z⟩|,   z = the top eigenvector of Σ_i (x_i − ḡ)(x_i − ḡ)ᵀ
 * </pre>
 *
 * (the honest worker farthest out along the first principal axis, on either side) and holds it for
 * the k − 1 following steps; k = 1 re-chooses at every step. The authors' code differs in choices
 * the paper leaves open: it learns z by one power-iteration step per step over a warm-up period,
 * averaging across steps (with a running mean for ḡ), re-chooses during the warm-up and then keeps
 * the last target for the rest of training; and it maximises the signed ⟨x_i, z⟩, whose sign
 * depends on the random start of z. ByzSpark computes z exactly at each choice, from one step's
 * messages (no random start), and uses |·| because an eigenvector's sign is arbitrary; ByzFL's
 * {@code WorkerWithMaxVariance} also takes the absolute value (of the uncentred product). A large k
 * approaches the authors' "choose, then keep" schedule.
 *
 * <p><b>State.</b> With k &gt; 1 the target chosen at a step is held across the next steps, which
 * no single step's messages determine: the attack carries it in its {@link AttackState} (key
 * {@value #STATE_KEY}: the step of the choice and the target), so the caller must use {@link
 * #forge(VectorSet, VectorSet, AttackContext, AttackState)} and keep the returned state (the
 * three-argument form fails with a message for k &gt; 1). A new target is also chosen when the
 * state holds none, or when the held index is no longer below h (fewer honest messages). The
 * offline {@code attack} tool forges one step from the initial state (a first choice); training
 * keeps the state next to the rule's and saves it in its resume points; {@code --algorithm hgo},
 * whose partial gradients change their coordinates every step, refuses k &gt; 1.
 *
 * <h2>Requirement</h2>
 *
 * A fixed target &lt; h: forging fails with a message when target ≥ h. The heuristic: at least one
 * honest message.
 *
 * <h2>Non-finite inputs</h2>
 *
 * Copied as they are. The heuristic considers only finite honest messages (a non-finite one has no
 * finite projection) and picks the first honest message when none is finite.
 *
 * <h2>Parameters</h2>
 *
 * {@code target}: the index among the h honest messages of the step (an integer ≥ 0), or {@code
 * heuristic}; {@code every} = k, only with {@code target=heuristic}: see {@link #SPEC}. The index
 * refers to the position among the step's honest messages (the workers 0..n−f−1 with the default
 * placement).
 *
 * <h2>Implementation</h2>
 *
 * The target row repeated f times. The heuristic works on the h × h matrix of squared distances D
 * of the finite honest messages, all recomputed exactly (the same bits sharded): the centred Gram
 * matrix K = −½·J·D·J (J = I − 11ᵀ/h'), K_ij = ⟨x_i − ḡ', x_j − ḡ'⟩ with ḡ' the mean of the h'
 * finite messages, has the same non-zero eigenvalues as the covariance, and its top eigenvector a
 * gives ⟨x_i − ḡ', z⟩ ∝ a_i, so target = argmax_i |a_i| (ties: the lowest index). a comes from a
 * cyclic Jacobi eigendecomposition of K (no start vector, so no start can miss the top direction;
 * O(h'³) per sweep, a few sweeps: negligible for tens or hundreds of workers, seconds for
 * thousands, once per choice). When a squared distance overflows (entries near 1e154), or K is zero
 * (all finite messages equal), the target is the finite message farthest from ḡ' (then its first
 * one).
 */
public final class MimicAttack implements Attack {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "mimic";

  /** The key of the held target in the state: {step of the choice, target index}. */
  public static final String STATE_KEY = "mimic.target";

  static final int MAX_SWEEPS = 50;

  /** The fixed target, or −1 for the heuristic. */
  private final int target;

  private final int every;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "every Byzantine worker sends a copy of one honest message, fixed or the one farthest"
              + " out along the direction of maximum variance (Karimireddy et al. 2022)",
          ParamSpec.custom(
              "target",
              "int",
              "an integer >= 0 or heuristic",
              "0",
              "the honest message copied, or heuristic",
              v -> {
                if (v.trim().equals("heuristic")) {
                  return true;
                }
                try {
                  return Integer.parseInt(v.trim()) >= 0;
                } catch (NumberFormatException e) {
                  return false;
                }
              }),
          ParamSpec.integer(
                  "every",
                  1,
                  Integer.MAX_VALUE,
                  null,
                  "target=heuristic: steps between two choices (the target is held in between)")
              .defaultDescribed("1"));

  public MimicAttack(Params params) {
    Params p = SPEC.resolve(params);
    String t = p.getString("target", "0");
    target = t.equals("heuristic") ? -1 : Integer.parseInt(t);
    if (target >= 0 && params.has("every")) {
      throw new IllegalArgumentException(
          NAME
              + " parameter every="
              + params.getString("every", "")
              + " is invalid with target="
              + t
              + "; allowed: every only with target=heuristic");
    }
    every = p.has("every") ? Integer.parseInt(p.getString("every", "")) : 1;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** True for {@code target=heuristic}. */
  public boolean isHeuristic() {
    return target < 0;
  }

  @Override
  public boolean carriesState() {
    return isHeuristic() && every > 1;
  }

  @Override
  public VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx) {
    if (carriesState() && ctx.f() > 0) {
      throw new IllegalArgumentException(
          NAME
              + " target=heuristic with every="
              + every
              + " holds its target across steps: the caller must carry the attack's state"
              + " (Attack.forge with an AttackState); every=1 needs none");
    }
    return forge(honest, own, ctx, AttackState.EMPTY).messages();
  }

  @Override
  public Forged forge(VectorSet honest, VectorSet own, AttackContext ctx, AttackState state) {
    if (ctx.f() == 0) {
      return new Forged(honest.constant(0, 0), state);
    }
    int h = honest.size();
    if (!isHeuristic()) {
      if (target >= h) {
        throw new IllegalArgumentException(
            NAME
                + " parameter target="
                + target
                + " is invalid for h="
                + h
                + " honest messages; allowed: 0.."
                + (h - 1));
      }
      return new Forged(honest.repeat(honest.row(target), ctx.f()), state);
    }
    AttackSupport.requireHonest(NAME, honest);
    long t = ctx.round().step();
    double[] held = state.get(STATE_KEY);
    AttackState next = state;
    int chosen;
    if (held == null || (t - 1) % every == 0 || held[1] >= h) {
      chosen = heuristicTarget(honest);
      next = state.with(STATE_KEY, new double[] {t, chosen});
    } else {
      chosen = (int) held[1];
    }
    return new Forged(honest.repeat(honest.row(chosen), ctx.f()), next);
  }

  /** The honest message farthest out along the first principal axis: see the class comment. */
  static int heuristicTarget(VectorSet honest) {
    int h = honest.size();
    Distances dist = honest.distances();
    int[] all = new int[h];
    for (int i = 0; i < h; i++) {
      all[i] = i;
    }
    dist.refineRows(all); // exact values: the same bits in memory and sharded
    int m = 0;
    int[] rows = new int[h];
    for (int i = 0; i < h; i++) {
      if (dist.isFinite(i)) {
        rows[m++] = i;
      }
    }
    if (m <= 1) {
      return m == 1 ? rows[0] : 0;
    }
    double[][] k = new double[m][m];
    double[] r = new double[m];
    double total = 0;
    boolean overflow = false;
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        double v = dist.get(rows[a], rows[b]);
        overflow |= !Double.isFinite(v);
        k[a][b] = v;
        r[a] += v;
      }
      r[a] /= m;
      total += r[a];
    }
    total /= m;
    double trace = 0;
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        k[a][b] = -0.5 * (k[a][b] - r[a] - r[b] + total);
      }
      trace += k[a][a];
    }
    if (overflow || !(trace > 0) || !Double.isFinite(trace)) {
      return farthestFromMean(honest, rows, m);
    }
    double[] v = topEigenvector(k);
    int best = 0;
    for (int a = 1; a < m; a++) {
      if (Math.abs(v[a]) > Math.abs(v[best])) {
        best = a;
      }
    }
    return rows[best];
  }

  /**
   * The eigenvector of the largest eigenvalue of the symmetric matrix {@code a} (overwritten), by
   * cyclic Jacobi rotations until the off-diagonal part is below 1e-15 of the matrix in Frobenius
   * norm, or after {@value #MAX_SWEEPS} sweeps; of equal largest eigenvalues, the first.
   */
  static double[] topEigenvector(double[][] a) {
    int m = a.length;
    double[][] v = new double[m][m];
    for (int i = 0; i < m; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double all = 0;
      for (int p = 0; p < m; p++) {
        for (int q = 0; q < m; q++) {
          double x = a[p][q] * a[p][q];
          all += x;
          off += p == q ? 0 : x;
        }
      }
      if (off <= 1e-30 * all) {
        break;
      }
      for (int p = 0; p < m; p++) {
        for (int q = p + 1; q < m; q++) {
          double apq = a[p][q];
          if (apq == 0) {
            continue;
          }
          // the rotation in the (p, q) plane that zeroes a[p][q]
          double theta = (a[q][q] - a[p][p]) / (2 * apq);
          double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          rotateColumns(a, p, q, c, s);
          for (int k = 0; k < m; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          rotateColumns(v, p, q, c, s);
        }
      }
    }
    int top = 0;
    for (int i = 1; i < m; i++) {
      if (a[i][i] > a[top][top]) {
        top = i;
      }
    }
    double[] z = new double[m];
    for (int k = 0; k < m; k++) {
      z[k] = v[k][top];
    }
    return z;
  }

  private static void rotateColumns(double[][] a, int p, int q, double c, double s) {
    for (double[] row : a) {
      double kp = row[p];
      double kq = row[q];
      row[p] = c * kp - s * kq;
      row[q] = s * kp + c * kq;
    }
  }

  private static int farthestFromMean(VectorSet honest, int[] rows, int m) {
    double[] d = honest.distancesTo(honest.mean(java.util.Arrays.copyOf(rows, m)));
    int best = rows[0];
    for (int a = 1; a < m; a++) {
      if (d[rows[a]] > d[best]) {
        best = rows[a];
      }
    }
    return best;
  }
}
