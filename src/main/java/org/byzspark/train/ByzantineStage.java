package org.byzspark.train;

import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackContext;
import org.byzspark.attack.AttackState;

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
  private final Observer observer;

  /**
   * Sees the messages the server receives, after the Byzantine ones were forged, in the senders'
   * order: {@code byzantine[r]} says whether row r was forged. It must not change them; a stage
   * with an observer forges exactly what the stage without it forges.
   */
  @FunctionalInterface
  public interface Observer {
    void received(Round round, boolean[] byzantine, VectorSet messages);
  }

  /**
   * @param attack the attack
   * @param f the Byzantine workers of {@link #apply(VectorSet, Round, RuleState)}: the last f
   * @param rule the server's rule, which an omniscient attack may evaluate
   * @param declaredF F', the number of Byzantine workers the rule is told
   */
  public ByzantineStage(Attack attack, int f, Aggregator rule, int declaredF) {
    this.attack = attack;
    this.f = f;
    this.rule = rule;
    this.declaredF = declaredF;
    this.observer = null;
  }

  private ByzantineStage(ByzantineStage s, Observer observer) {
    this.attack = s.attack;
    this.f = s.f;
    this.rule = s.rule;
    this.declaredF = s.declaredF;
    this.observer = observer;
  }

  /** The same stage, with {@code observer} shown every set of received messages. */
  public ByzantineStage withObserver(Observer observer) {
    return new ByzantineStage(this, observer);
  }

  /** True for the workers whose messages (and, for data poisoning, data) the adversary controls. */
  public static boolean isByzantine(int worker, int n, int f) {
    return worker >= n - f;
  }

  /**
   * Returns the n messages the server receives when the last f are Byzantine: {@link
   * #apply(VectorSet, boolean[], Round, RuleState)} with those flags.
   */
  public VectorSet apply(VectorSet messages, Round round, RuleState ruleState) {
    int n = messages.size();
    boolean[] byzantine = new boolean[n];
    for (int i = n - f; i < n; i++) {
      byzantine[i] = true;
    }
    return apply(messages, byzantine, round, ruleState);
  }

  /**
   * Returns the messages the server receives from a set of senders: the honest ones as they are,
   * the Byzantine ones ({@code byzantine[r]} for row r) replaced by the attack's output, forged
   * from the honest messages (and, for attacks that {@link Attack#needsOwn}, the Byzantine senders'
   * own honest messages) and from the rule's state at this step, in the senders' order. The
   * attack's context has n = the number of senders and f = the number of Byzantine ones among them.
   * Without an honest sender, the Byzantine senders keep their own (honestly computed) messages.
   * {@code messages} is not modified.
   */
  public VectorSet apply(
      VectorSet messages, boolean[] byzantine, Round round, RuleState ruleState) {
    return apply(messages, byzantine, round, ruleState, attack.initialState()).messages();
  }

  /** The messages the server receives and the attack's state for the next step. */
  public record Received(VectorSet messages, AttackState state) {}

  /**
   * {@link #apply(VectorSet, boolean[], Round, RuleState)} from the attack's state after the
   * previous step ({@link Attack#initialState} at the first), returning the attack's next state
   * too. Without a Byzantine or without an honest sender nothing is forged and the state is kept.
   */
  public Received apply(
      VectorSet messages,
      boolean[] byzantine,
      Round round,
      RuleState ruleState,
      AttackState attackState) {
    Received received = forge(messages, byzantine, round, ruleState, attackState);
    if (observer != null) {
      observer.received(round, byzantine.clone(), received.messages());
    }
    return received;
  }

  private Received forge(
      VectorSet messages,
      boolean[] byzantine,
      Round round,
      RuleState ruleState,
      AttackState attackState) {
    int rows = messages.size();
    int fb = 0;
    for (int r = 0; r < rows; r++) {
      fb += byzantine[r] ? 1 : 0;
    }
    int h = rows - fb;
    if (fb == 0 || h == 0) {
      return new Received(messages, attackState);
    }
    int[] honestRows = new int[h];
    int[] ownRows = new int[fb];
    int[] order = new int[rows]; // row r of the result: its index in honest ++ forged
    boolean trailing = true; // the Byzantine senders are the last fb rows
    int hi = 0;
    int bi = 0;
    for (int r = 0; r < rows; r++) {
      if (byzantine[r]) {
        ownRows[bi] = r;
        order[r] = h + bi++;
      } else {
        trailing &= bi == 0;
        honestRows[hi] = r;
        order[r] = hi++;
      }
    }
    VectorSet honest = messages.subset(honestRows);
    VectorSet own = attack.needsOwn() ? messages.subset(ownRows) : messages.constant(0, 0);
    Attack.Forged result =
        attack.forge(
            honest,
            own,
            new AttackContext(round, rows, fb, rule, declaredF, ruleState),
            attackState);
    VectorSet forged = result.messages();
    if (forged.size() != fb) {
      throw new IllegalStateException(
          "attack " + attack.name() + " returned " + forged.size() + " messages, expected " + fb);
    }
    VectorSet received = honest.concat(forged);
    return new Received(trailing ? received : received.subset(order), result.state());
  }

  /** The attack's state before the first step. */
  public AttackState initialAttackState() {
    return attack.initialState();
  }

  /** Convenience for tests: the stage on in-memory rows, from the rule's initial state. */
  public double[][] apply(double[][] messages, Round round) {
    RuleState s = rule == null ? RuleState.EMPTY : rule.initialState();
    return apply(VectorSet.of(messages), round, s).toArrays();
  }
}
