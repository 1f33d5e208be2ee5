package org.byzspark.attack;

import java.io.Serializable;
import org.byzspark.aggregation.VectorSet;

/**
 * A Byzantine behaviour: a pure function from what the adversary sees to the f Byzantine messages,
 * written as a program over the {@link VectorSet} algebra (so it runs on the driver's in-memory
 * messages and on messages sharded across a cluster).
 *
 * <p>Message attacks implement {@link #forge}. Data-poisoning attacks ({@code labelflip}) act
 * inside the Byzantine workers' honest computation through {@link #poisonLabel} and leave the
 * messages as computed ({@link #forge} returns {@code own}).
 *
 * <p><b>State.</b> An attack is immutable. One that carries something from one step to the next
 * ({@code mimic} with {@code target=heuristic,every=k}, k &gt; 1: the target it holds) receives it
 * and returns it as an explicit {@link AttackState}, like a rule's {@link
 * org.byzspark.aggregation.RuleState}: the caller starts from {@link #initialState}, calls {@link
 * #forge(VectorSet, VectorSet, AttackContext, AttackState)} at every step and keeps {@link
 * Forged#state} for the next. Stateless attacks need nothing of this: the four-argument form
 * returns their messages and the state unchanged.
 */
public interface Attack extends Serializable {
  /** The registry name, as used on the command line. */
  String name();

  /**
   * True when the attack acts on the Byzantine workers' training data instead of their messages.
   */
  default boolean poisonsData() {
    return false;
  }

  /**
   * Checks, before any step, that the attack can forge when at most {@code f} of {@code n} senders
   * are Byzantine (the smallest set a run's plan gives it); fails with a one-line message naming
   * the parameter otherwise. Most attacks accept any n and f.
   */
  default void check(int n, int f) {}

  /**
   * True when the attack forges from the f messages the Byzantine workers computed honestly ({@code
   * signflip}, {@code labelflip}); the others forge from the honest messages alone, so {@code own}
   * may then be empty (the offline {@code attack} tool asks for them only when true).
   */
  default boolean needsOwn() {
    return false;
  }

  /**
   * The label a Byzantine worker trains on instead of {@code label}; identity unless data
   * poisoning.
   */
  default int poisonLabel(int label, int numClasses) {
    return label;
  }

  /**
   * How a data-poisoning attack rewrites a Byzantine worker's mini-batch beyond its labels (the
   * backdoor's trigger), or null for none.
   */
  default BatchPoison batchPoison(int numClasses) {
    return null;
  }

  /**
   * Forges the Byzantine messages of one step.
   *
   * @param honest the h = n − f honest messages of this step
   * @param own the f messages the Byzantine workers computed honestly (empty unless {@link
   *     #needsOwn})
   * @param ctx step, seed, n, f and the server's rule and its state
   * @return a set of f vectors of the honest messages' dimension
   */
  VectorSet forge(VectorSet honest, VectorSet own, AttackContext ctx);

  /** The forged messages of one step and the attack's state for the next step. */
  record Forged(VectorSet messages, AttackState state) {}

  /**
   * True when the attack's messages at a step depend on its state from earlier steps, so that the
   * caller must use {@link #forge(VectorSet, VectorSet, AttackContext, AttackState)} and keep the
   * state it returns ({@code mimic} with {@code target=heuristic} and {@code every} &gt; 1).
   */
  default boolean carriesState() {
    return false;
  }

  /** The attack's state before the first step ({@link AttackState#EMPTY} unless stateful). */
  default AttackState initialState() {
    return AttackState.EMPTY;
  }

  /**
   * Forges the Byzantine messages of one step from the attack's state after the previous step
   * ({@link #initialState} at the first) and returns them with the state for the next step. A
   * stateless attack returns {@link #forge(VectorSet, VectorSet, AttackContext)} and {@code state}
   * unchanged.
   */
  default Forged forge(VectorSet honest, VectorSet own, AttackContext ctx, AttackState state) {
    return new Forged(forge(honest, own, ctx), state);
  }

  /** Convenience for tools and tests: forges from in-memory rows (honest or own may be empty). */
  default double[][] forge(double[][] honest, double[][] own, AttackContext ctx) {
    int d = AttackSupport.dim(honest, own);
    double[][] h = honest == null ? new double[0][] : honest;
    double[][] o = own == null ? new double[0][] : own;
    return forge(VectorSet.of(d, h), VectorSet.of(d, o), ctx).toArrays();
  }
}
