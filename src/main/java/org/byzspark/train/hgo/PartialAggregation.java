package org.byzspark.train.hgo;

import org.byzspark.aggregation.Aggregation;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackContext;

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
 * <p><b>Attacks.</b> The adversary is omniscient per segment: {@code little} and {@code empire} use
 * the mean and standard deviation of the honest senders' values of that segment, i.e. they are
 * computed coordinate-wise from the honest partial derivatives of the same step (HGO Algorithm 2).
 * The attack context has n = |Q| and f = the number of Byzantine senders of the segment. A segment
 * without an honest sender keeps the Byzantine workers' own (honestly computed) values.
 *
 * <p><b>Rule state.</b> When one segment holds all d coordinates (resam, sgd, or hgo with every
 * contacted worker sending everything), the rule runs from the run's {@link RuleState} and returns
 * the next one, as in {@link org.byzspark.train.Trainer}; on several segments each starts from the
 * rule's initial state and the run's state is left as it was (stateful rules are refused for hgo).
 */
public final class PartialAggregation {
  private PartialAggregation() {}

  /**
   * @param plan the step's plan
   * @param values one row per selected worker (the plan's order), length d; only the coordinates
   *     the worker sent are read
   * @param byzantine per selected worker, whether the adversary controls it this step
   * @param attack the attack ({@code none} leaves values unchanged)
   * @param rule the aggregation rule
   * @param declaredF F', what the rule is told
   * @param d the dimension
   * @return AG(w_k), a fresh array of length d
   */
  /** The update AG(w_k), the rule's next state and its report (segments' reports joined by ;). */
  public record Result(double[] update, RuleState state, String report) {}

  /**
   * {@link #aggregate(StepPlan, double[][], boolean[], Attack, Aggregator, int, Round, int,
   * RuleState)} from the rule's initial state, returning the update only.
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
            plan, values, byzantine, attack, rule, declaredF, round, d, rule.initialState())
        .update();
  }

  /**
   * @param plan the step's plan
   * @param values one row per selected worker (the plan's order), length d; only the coordinates
   *     the worker sent are read
   * @param byzantine per selected worker, whether the adversary controls it this step
   * @param attack the attack ({@code none} leaves values unchanged)
   * @param rule the aggregation rule
   * @param declaredF F', what the rule is told
   * @param d the dimension
   * @param state the rule's state before this step
   */
  public static Result aggregate(
      StepPlan plan,
      double[][] values,
      boolean[] byzantine,
      Attack attack,
      Aggregator rule,
      int declaredF,
      Round round,
      int d,
      RuleState state) {
    double[] out = new double[d];
    java.util.List<StepPlan.Segment> segments = plan.segments();
    boolean whole = segments.size() == 1 && segments.get(0).coordinates().length == d;
    RuleState next = state;
    StringBuilder report = new StringBuilder();
    for (StepPlan.Segment seg : segments) {
      RuleState from = whole ? state : rule.initialState();
      int[] rows = seg.senders();
      int[] cols = seg.coordinates();
      int fb = 0;
      for (int r : rows) {
        fb += byzantine[r] ? 1 : 0;
      }
      int h = rows.length - fb;
      double[][] honest = new double[h][];
      double[][] own = new double[fb][];
      int hi = 0;
      int bi = 0;
      for (int r : rows) {
        double[] sub = new double[cols.length];
        for (int c = 0; c < cols.length; c++) {
          sub[c] = values[r][cols[c]];
        }
        if (byzantine[r]) {
          own[bi++] = sub;
        } else {
          honest[hi++] = sub;
        }
      }
      double[][] forged = own;
      if (fb > 0 && h > 0) {
        forged =
            attack
                .forge(
                    VectorSet.of(cols.length, honest),
                    VectorSet.of(cols.length, own),
                    new AttackContext(round, rows.length, fb, rule, declaredF, from))
                .toArrays();
        if (forged.length != fb) {
          throw new IllegalStateException(
              "attack "
                  + attack.name()
                  + " returned "
                  + forged.length
                  + " messages, expected "
                  + fb);
        }
      }
      // the rule sees the senders in worker order, forged values in the Byzantine places
      double[][] received = new double[rows.length][];
      hi = 0;
      bi = 0;
      for (int k = 0; k < rows.length; k++) {
        received[k] = byzantine[rows[k]] ? forged[bi++] : honest[hi++];
      }
      Aggregation agg = rule.aggregate(VectorSet.of(cols.length, received), declaredF, round, from);
      if (whole) {
        next = agg.state();
      }
      if (!agg.report().isEmpty()) {
        report.append(report.length() == 0 ? "" : ";").append(agg.report());
      }
      double[] a = agg.value().toArray();
      for (int c = 0; c < cols.length; c++) {
        out[cols[c]] = a[c];
      }
    }
    return new Result(out, next, report.toString());
  }
}
