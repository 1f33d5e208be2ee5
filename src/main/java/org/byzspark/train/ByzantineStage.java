package org.byzspark.train;

import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackContext;

/**
 * The Byzantine transformation stage: rewrites the messages of the f simulated Byzantine workers,
 * the last f of the n (indices n−f, ..., n−1), after every worker computed its message honestly.
 *
 * <p>The adversary is omniscient (RESAM D.1, Baruch et al., Xie et al.): the forged messages may
 * depend on all honest messages of the same step and on the server's rule. It is a program over the
 * {@link VectorSet} algebra, so it runs wherever the messages are: on the driver's collected
 * messages, or as transformations of a sharded set (honest statistics per coordinate block, the
 * forged blocks concatenated in place of the Byzantine workers'). Pure Java: no Spark.
 */
public final class ByzantineStage {
  private final Attack attack;
  private final int f;
  private final Aggregator rule;
  private final int declaredF;

  public ByzantineStage(Attack attack, int f, Aggregator rule, int declaredF) {
    this.attack = attack;
    this.f = f;
    this.rule = rule;
    this.declaredF = declaredF;
  }

  /** True for the workers whose messages (and, for data poisoning, data) the adversary controls. */
  public static boolean isByzantine(int worker, int n, int f) {
    return worker >= n - f;
  }

  /**
   * Returns the n messages the server receives: the honest ones as they are, the Byzantine ones
   * replaced by the attack's output, forged from the honest messages (and, for attacks that {@link
   * Attack#needsOwn}, the Byzantine workers' own honest messages) and from the rule's state at this
   * step. {@code messages} is not modified.
   */
  public VectorSet apply(VectorSet messages, Round round, RuleState ruleState) {
    int n = messages.size();
    if (f == 0) {
      return messages;
    }
    VectorSet honest = messages.subset(range(0, n - f));
    VectorSet own = attack.needsOwn() ? messages.subset(range(n - f, n)) : messages.constant(0, 0);
    VectorSet forged =
        attack.forge(honest, own, new AttackContext(round, n, f, rule, declaredF, ruleState));
    if (forged.size() != f) {
      throw new IllegalStateException(
          "attack " + attack.name() + " returned " + forged.size() + " messages, expected " + f);
    }
    return honest.concat(forged);
  }

  /** Convenience for tests: the stage on in-memory rows, from the rule's initial state. */
  public double[][] apply(double[][] messages, Round round) {
    RuleState s = rule == null ? RuleState.EMPTY : rule.initialState();
    return apply(VectorSet.of(messages), round, s).toArrays();
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }
}
