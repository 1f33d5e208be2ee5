package org.byzspark.attack;

import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;

/**
 * What an (omniscient) adversary knows when it forges the Byzantine messages of one step.
 *
 * @param round the step and run seed (randomised attacks derive their generator from these)
 * @param n total number of workers
 * @param f number of Byzantine workers (rows to forge)
 * @param rule the server's aggregation rule, for adaptive attacks that know it (may be null
 *     offline, in which case an adaptive attack fails with a clear message)
 * @param declaredF the f the rule is run with
 * @param ruleState the rule's state at this step (what the server's aggregation will start from)
 */
public record AttackContext(
    Round round, int n, int f, Aggregator rule, int declaredF, RuleState ruleState) {
  /** A context at the rule's initial state (or no state without a rule). */
  public AttackContext(Round round, int n, int f, Aggregator rule, int declaredF) {
    this(round, n, f, rule, declaredF, rule == null ? RuleState.EMPTY : rule.initialState());
  }
}
