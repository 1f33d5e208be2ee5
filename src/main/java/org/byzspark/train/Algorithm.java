package org.byzspark.train;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.byzspark.attack.LittleAttack;
import org.byzspark.train.hgo.StepPlan;
import org.byzspark.util.Params;

/**
 * The algorithms of {@code --algorithm}: what a contacted worker computes in a step (which
 * coordinates), how long the step lasts on the simulated clock, and what the server does when too
 * few workers answered. Everything else (participation, the Byzantine stage, the rule, the worker
 * update, the schedule, the evaluation) is shared by the one {@link Trainer} loop; an algorithm is
 * one of its step policies.
 *
 * <ul>
 *   <li>{@code resam} (RESAM Algorithm 1): every contacted worker sends its whole momentum; the
 *       step lasts as long as the slowest contacted worker's whole gradient (d·s_i/λ_i).
 *   <li>{@code hgo} (HGO Algorithm 1): within the time budget τ, worker i computes b_i coordinates
 *       of a seeded random order per layer; the server aggregates each coordinate over the ≥ v
 *       workers that sent it ({@link StepPlan#hgo}); the step lasts τ. The partial vectors change
 *       their coordinates from step to step, so rules that carry a state of dimension d are
 *       refused. HGO's Algorithm 2 forges {@code little} with ζ = z_max, the default here.
 *   <li>{@code sgd}: whole gradients of the workers that finish within the deadline (d·s_i/λ_i ≤
 *       deadline; none: every contacted worker); when fewer finished than the rule needs, the step
 *       makes no update (AG = 0) and the clock still advances by the deadline.
 * </ul>
 */
public enum Algorithm {
  RESAM("resam", false, Map.of()) {
    @Override
    public StepPlan plan(Context c, int[] selected, long step) {
      return StepPlan.fullOrNothing(
          selected, c.rates(), c.batch(), Double.POSITIVE_INFINITY, c.dimension());
    }

    @Override
    public double duration(Context c, int[] selected) {
      return slowest(c, selected);
    }
  },

  HGO("hgo", true, Map.of(LittleAttack.NAME, Map.of("zeta", "auto"))) {
    @Override
    public StepPlan plan(Context c, int[] selected, long step) {
      return StepPlan.hgo(
          selected,
          c.rates(),
          c.batch(),
          c.tau(),
          c.quorum(),
          c.layers(),
          c.blocks(),
          c.seed(),
          step);
    }

    @Override
    public double duration(Context c, int[] selected) {
      return c.tau();
    }

    @Override
    public int smallestSet(int contacted, int quorum) {
      return quorum;
    }
  },

  SGD("sgd", true, Map.of()) {
    @Override
    public StepPlan plan(Context c, int[] selected, long step) {
      return StepPlan.fullOrNothing(selected, c.rates(), c.batch(), c.deadline(), c.dimension());
    }

    @Override
    public double duration(Context c, int[] selected) {
      return Double.isFinite(c.deadline()) ? c.deadline() : slowest(c, selected);
    }
  };

  /**
   * What the policies read of a run: the workers' compute rates λ and batch sizes s (by worker),
   * the dimension, HGO's τ, quorum v, layer sizes and block sizes, SGD's deadline, the seed.
   */
  public record Context(
      double[] rates,
      int[] batch,
      int dimension,
      double tau,
      int quorum,
      int[] layers,
      int[] blocks,
      double deadline,
      long seed) {}

  private final String id;
  private final boolean gradNormByDefault;
  private final Map<String, Map<String, String>> attackDefaults;

  Algorithm(String id, boolean gradNormByDefault, Map<String, Map<String, String>> attackDefaults) {
    this.id = id;
    this.gradNormByDefault = gradNormByDefault;
    this.attackDefaults = attackDefaults;
  }

  /** The names of {@code --algorithm}. */
  public static final List<String> NAMES = Arrays.stream(values()).map(a -> a.id).toList();

  /** The algorithm of a name; fails naming {@code --algorithm} and the allowed names. */
  public static Algorithm of(String name) {
    for (Algorithm a : values()) {
      if (a.id.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "--algorithm: " + name + " is not allowed; allowed: " + String.join(", ", NAMES));
  }

  /** The name on the command line. */
  public String id() {
    return id;
  }

  /** The plan of one step: who sends which coordinates. */
  public abstract StepPlan plan(Context c, int[] selected, long step);

  /** The simulated duration of a step with these contacted workers. */
  public abstract double duration(Context c, int[] selected);

  /**
   * The smallest number of senders the rule sees on a coordinate, of {@code contacted} workers with
   * quorum v: the contacted count (whole vectors), or v (HGO).
   */
  public int smallestSet(int contacted, int quorum) {
    return contacted;
  }

  /** Whether one coordinate may be sent by fewer than every contacted worker (HGO's segments). */
  public boolean partialVectors() {
    return this == HGO;
  }

  /**
   * Whether a step whose finished workers are too few for the rule makes no update (SGD with a
   * deadline) rather than failing; HGO's quorum always holds by construction.
   */
  public boolean skipsWhenTooFew() {
    return this != HGO;
  }

  /** Whether {@code --grad-norm auto} evaluates ‖∇F(θ)‖ (the quantity of HGO's plots). */
  public boolean gradNormByDefault() {
    return gradNormByDefault;
  }

  /**
   * The attack's parameters with this algorithm's paper defaults for that attack filled in where
   * the user gave none (HGO Algorithm 2: {@code little} with ζ = z_max).
   */
  public Params attackParams(String attack, Params given) {
    Map<String, String> defaults = attackDefaults.get(attack);
    if (defaults == null) {
      return given;
    }
    Params p = given;
    for (Map.Entry<String, String> e : defaults.entrySet()) {
      if (!p.has(e.getKey())) {
        p = p.with(Params.of(Map.of(e.getKey(), e.getValue())));
      }
    }
    return p;
  }

  /** The slowest contacted worker's whole-gradient time, max d·s_i/λ_i. */
  static double slowest(Context c, int[] selected) {
    double max = 0;
    for (int w : selected) {
      max = Math.max(max, StepPlan.fullGradientTime(c.dimension(), c.batch()[w], c.rates()[w]));
    }
    return max;
  }
}
