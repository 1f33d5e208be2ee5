package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

/** Shared statistics and parameter checks of the attacks. Package-private; pure functions. */
final class AttackSupport {
  private AttackSupport() {}

  /** The dimension d, from the honest rows if any, else from {@code own}, else 0. */
  static int dim(double[][] honest, double[][] own) {
    if (honest != null && honest.length > 0) {
      return honest[0].length;
    }
    if (own != null && own.length > 0) {
      return own[0].length;
    }
    return 0;
  }

  /** Fails unless there is at least one honest message (ḡ is undefined otherwise). */
  static void requireHonest(String attack, VectorSet honest) {
    if (honest.size() == 0) {
      throw new IllegalArgumentException(
          attack + " needs at least one honest message to compute its statistics, got h=0");
    }
  }

  /** Fails unless {@code own} has exactly {@code f} rows. */
  static void requireOwn(String attack, VectorSet own, int f) {
    int got = own.size();
    if (got != f) {
      throw new IllegalArgumentException(
          attack + " needs the f=" + f + " honestly computed Byzantine messages, got " + got);
    }
  }
}
