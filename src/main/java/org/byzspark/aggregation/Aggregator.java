package org.byzspark.aggregation;

import java.io.Serializable;

/**
 * A robust aggregation rule F(x_1, ..., x_n; f), written as a program over the {@link VectorSet}
 * algebra: pure Java, no Spark, so it runs the same on the driver's in-memory set, on a set sharded
 * across executors and in the offline {@code aggregate} tool.
 *
 * <p>Every rule has three faces: {@link #aggregate}, {@link #check} (what (n, f, d) it needs, as a
 * readable message) and {@link #theory} (its resilience coefficient λ where one exists). A rule is
 * immutable: its parameters are fixed at construction, and what it carries between steps (centered
 * clipping's previous aggregate) is the explicit {@link RuleState} it receives and returns.
 *
 * <p>Contract of {@link #aggregate}: deterministic (same input and state, same bits, whatever the
 * number of threads or the CPU); never throws on non-finite input. A robust rule treats NaN and
 * ±Inf as infinitely far / extreme values so that its output stays finite whenever at least n−f
 * inputs are finite. Ties are broken by the lowest worker index.
 */
public interface Aggregator extends Serializable {
  /** The registry name, as used on the command line. */
  String name();

  /**
   * Fails with an {@link IllegalArgumentException} whose message says what the rule needs, for
   * example {@code krum needs n > 2f+2, got n=10 f=4}. Never falls back to another rule.
   */
  void check(int n, int f, int d);

  /**
   * Aggregates the vectors of {@code x} given the declared number {@code f} of Byzantine vectors,
   * from the rule's {@code state} after the previous step ({@link #initialState} at the first).
   */
  Aggregation aggregate(VectorSet x, int f, Round round, RuleState state);

  /** The rule's theoretical constants for (n, f, d). */
  Theory theory(int n, int f, int d);

  /** The state before the first step. */
  default RuleState initialState() {
    return RuleState.EMPTY;
  }

  /**
   * Whether the rule carries a state from one step to the next (its {@link Aggregation#state()} is
   * not always empty): such a rule cannot aggregate partial vectors whose coordinates and senders
   * change from step to step (HGO's segments), where no single state follows every coordinate.
   */
  default boolean stateful() {
    return false;
  }

  /**
   * Whether the rule needs the server's own gradient g₀ (FLTrust's root-data gradient) in the state
   * it receives, under {@link RuleState#SERVER_GRADIENT}: the training loop then computes g₀ at
   * every step and adds it to the state it passes, and {@code byzspark aggregate} reads it from
   * {@code --reference}. Such a rule does not keep g₀ in the state it returns.
   */
  default boolean usesServerGradient() {
    return false;
  }

  /**
   * Convenience for tools and tests: aggregates in-memory rows from the initial state and returns
   * the aggregate's coordinates (a new array, never one of {@code vectors}; the rule's result is
   * handed over without a copy when the rule computed it).
   */
  default double[] aggregate(double[][] vectors, int f, Round round) {
    return DensePoint.release(aggregate(VectorSet.of(vectors), f, round, initialState()).value());
  }
}
