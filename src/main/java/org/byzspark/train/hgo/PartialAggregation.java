package org.byzspark.train.hgo;

import org.byzspark.aggregation.Aggregation;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackState;
import org.byzspark.train.ByzantineStage;

/**
 * Line 12 of HGO Algorithm 1: the aggregate AG(w_k) of partial gradients, with the Byzantine
 * workers' values forged in the same place. Pure Java.
 *
 * <p><b>Definition.</b> For j ∈ B_k, {AG}_j = AR({V_i}_j, i ∈ Q_j); for j ∉ B_k, {AG}_j = 0. The
 * coordinates of B_k are processed by {@link StepPlan#segments()}: maximal groups of coordinates
 * sent by the same set Q of workers. On a segment, the rule receives the |Q| sub-vectors of the
 * senders restricted to the segment's coordinates, and the declared number F' of Byzantine workers.
 *
 * <p><b>Coordinate-wise rules</b> (average, cwtm, cwmed, meamed, ...) computed on a segment give,
 * coordinate by coordinate, exactly AR({V_i}_j, i ∈ Q_j): HGO's Definition 1.
 *
 * <p><b>Vector rules on partial vectors</b> (krum, multikrum, medoid, aksel, gm, bulyan, ...): HGO
 * does not define them. Our choice: the rule is applied to each segment separately, as if the
 * segment's coordinates were the whole vector — distances, scores and selections are computed on
 * the coordinates every sender of that segment sent, never on missing values, so the selection may
 * differ from one segment to the next. With q workers all sending everything there is one segment
 * and the rule is the ordinary one. Rules that keep state between steps ({@code cc}) are refused
 * for {@code hgo} by the caller, since their state has a fixed dimension.
 *
 * <p><b>Where it runs.</b> The rows of a segment come from a {@link Rows} source: the collected
 * messages on the driver, or a set cut into coordinate blocks on the executors; the stage and the
 * rule are programs over {@link VectorSet}, so both give the same bits. When the single segment
 * holds every coordinate in their natural order (every algorithm's step with whole vectors), the
 * source's rows are used as they are, without restriction.
 *
 * <p><b>Attacks.</b> The adversary is omniscient per segment (the {@link ByzantineStage} on the
 * segment's senders): {@code little} and {@code empire} use the mean and standard deviation of the
 * honest senders' values of that segment, i.e. they are computed coordinate-wise from the honest
 * partial derivatives of the same step (HGO Algorithm 2). The attack context has n = |Q| and f =
 * the number of Byzantine senders of the segment. A segment without an honest sender keeps the
 * Byzantine workers' own (honestly computed) values.
 *
 * <p><b>Rule and attack state.</b> When one segment holds all d coordinates (resam, sgd, or hgo
 * with every contacted worker sending everything), the rule runs from the run's {@link RuleState}
 * and the attack from the run's {@link AttackState}, and both return the next one; on several
 * segments each starts from the rule's and the attack's initial states and the run's states are
 * left as they were (rules and attacks that carry a state are refused where a plan may have several
 * segments).
 */
public final class PartialAggregation {
  private PartialAggregation() {}

  /**
   * The update AG(w_k), the rule's next state, the attack's next state and the rule's report
   * (segments' reports joined by ;).
   */
  public record Result(double[] update, RuleState state, AttackState attackState, String report) {}

  /**
   * Wall-clock nanoseconds of the parts of {@link #aggregate} (the step profile, timing.csv), added
   * to by each call: getting the senders' rows from their {@link Rows} source (sharded: the shuffle
   * that cuts the messages into blocks), the Byzantine stage, and the rule with the aggregate's
   * coordinates. Observes only: the results do not depend on it.
   */
  public static final class Times {
    private long rows;
    private long stage;
    private long rule;

    public long rowsNanos() {
      return rows;
    }

    public long stageNanos() {
      return stage;
    }

    public long ruleNanos() {
      return rule;
    }
  }

  /** Where the senders' values are. */
  public interface Rows {
    /**
     * The set of the given senders' vectors (indices r into the plan's selection, in that order),
     * restricted to {@code coordinates} in that order, or whole when {@code coordinates} is null.
     */
    VectorSet of(int[] senders, int[] coordinates);
  }

  /** The rows of the selected workers' collected messages (one per selected worker, length d). */
  public static Rows driver(double[][] values, int d) {
    return (senders, cols) -> {
      if (cols == null) {
        VectorSet all = VectorSet.of(d, values);
        return isRange(senders, values.length) ? all : all.subset(senders);
      }
      double[][] sub = new double[senders.length][];
      for (int k = 0; k < senders.length; k++) {
        double[] row = values[senders[k]];
        double[] s = new double[cols.length];
        for (int c = 0; c < cols.length; c++) {
          s[c] = row[cols[c]];
        }
        sub[k] = s;
      }
      return VectorSet.of(cols.length, sub);
    };
  }

  /**
   * {@link #aggregate(StepPlan, Rows, boolean[], ByzantineStage, Aggregator, int, Round, int,
   * RuleState, AttackState)} on in-memory rows from the rule's and the attack's initial states,
   * returning the update only.
   *
   * @param values one row per selected worker (the plan's order), length d; only the coordinates
   *     the worker sent are read
   */
  public static double[] aggregate(
      StepPlan plan,
      double[][] values,
      boolean[] byzantine,
      Attack attack,
      Aggregator rule,
      int declaredF,
      Round round,
      int d) {
    return aggregate(
            plan,
            driver(values, d),
            byzantine,
            new ByzantineStage(attack, 0, rule, declaredF),
            rule,
            declaredF,
            round,
            d,
            rule.initialState(),
            attack.initialState())
        .update();
  }

  /**
   * @param plan the step's plan
   * @param rows the selected workers' values
   * @param byzantine per selected worker, whether the adversary controls it this step
   * @param stage the Byzantine stage (its attack; {@code none} leaves values unchanged)
   * @param rule the aggregation rule
   * @param declaredF F', what the rule is told
   * @param d the dimension
   * @param state the rule's state before this step
   * @param attackState the attack's state before this step
   */
  public static Result aggregate(
      StepPlan plan,
      Rows rows,
      boolean[] byzantine,
      ByzantineStage stage,
      Aggregator rule,
      int declaredF,
      Round round,
      int d,
      RuleState state,
      AttackState attackState) {
    return aggregate(
        plan, rows, byzantine, stage, rule, declaredF, round, d, state, attackState, new Times());
  }

  /**
   * {@link #aggregate(StepPlan, Rows, boolean[], ByzantineStage, Aggregator, int, Round, int,
   * RuleState, AttackState)}, adding the time of its parts to {@code times}.
   */
  public static Result aggregate(
      StepPlan plan,
      Rows rows,
      boolean[] byzantine,
      ByzantineStage stage,
      Aggregator rule,
      int declaredF,
      Round round,
      int d,
      RuleState state,
      AttackState attackState,
      Times times) {
    java.util.List<StepPlan.Segment> segments = plan.segments();
    boolean whole = segments.size() == 1 && segments.get(0).coordinates().length == d;
    double[] out = null;
    RuleState next = state;
    AttackState nextAttack = attackState;
    StringBuilder report = new StringBuilder();
    for (StepPlan.Segment seg : segments) {
      RuleState from = whole ? state : rule.initialState();
      AttackState attackFrom = whole ? attackState : stage.initialAttackState();
      int[] senders = seg.senders();
      int[] cols = seg.coordinates();
      boolean natural = isRange(cols, d);
      boolean[] byz = new boolean[senders.length];
      for (int k = 0; k < senders.length; k++) {
        byz[k] = byzantine[senders[k]];
      }
      long t0 = System.nanoTime();
      VectorSet sent = rows.of(senders, natural ? null : cols);
      long t1 = System.nanoTime();
      ByzantineStage.Received forged = stage.apply(sent, byz, round, from, attackFrom);
      VectorSet received = forged.messages();
      long t2 = System.nanoTime();
      times.rows += t1 - t0;
      times.stage += t2 - t1;
      // the rule sees the senders in worker order, forged values in the Byzantine places
      Aggregation agg = rule.aggregate(received, declaredF, round, from);
      if (whole) {
        next = agg.state();
        nextAttack = forged.state();
      }
      if (!agg.report().isEmpty()) {
        report.append(report.length() == 0 ? "" : ";").append(agg.report());
      }
      double[] a = agg.value().toArray();
      if (natural) {
        out = a;
      } else {
        if (out == null) {
          out = new double[d];
        }
        for (int c = 0; c < cols.length; c++) {
          out[cols[c]] = a[c];
        }
      }
      times.rule += System.nanoTime() - t2;
    }
    return new Result(out == null ? new double[d] : out, next, nextAttack, report.toString());
  }

  /** Whether {@code a} is 0, 1, ..., n−1. */
  static boolean isRange(int[] a, int n) {
    if (a.length != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (a[i] != i) {
        return false;
      }
    }
    return true;
  }
}
