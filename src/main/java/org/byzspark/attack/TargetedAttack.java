package org.byzspark.attack;

/**
 * An attack with a goal the test set can measure: its attack success rate ({@code test_asr}) is the
 * fraction of the test examples it {@link #counts} that the model, on the examples as {@link
 * #trigger} stamps them, classifies as {@link #target}. A backdoor counts every example whose true
 * class is not the target and stamps its trigger; a targeted label flip counts the source class and
 * stamps nothing.
 */
public interface TargetedAttack extends Attack {
  /** The class the attack wants predicted, or −1 when it has no goal (the all-class label flip). */
  int target();

  /** Whether a test example of this true class enters the success rate. */
  boolean counts(int label);

  /** The trigger stamped on the test examples, or null for none. */
  Trigger trigger();

  /** Whether the run measures a success rate: the attack has a target. */
  default boolean targeted() {
    return target() >= 0;
  }
}
