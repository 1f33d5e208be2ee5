package org.byzspark.attack;

import org.byzspark.aggregation.VectorSet;

import org.byzspark.util.Params;

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

  /** A finite, non-negative double parameter. */
  static double nonNegative(Params p, String owner, String key, double def) {
    double v = p.getDouble(owner, key, def);
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(
          owner + " parameter " + key + "=" + p.getString(key, "") + " is invalid; allowed: a finite number >= 0");
    }
    return v;
  }

  /** An int parameter in [min, max]. */
  static int intIn(Params p, String owner, String key, int def, int min, int max) {
    int v = p.getInt(owner, key, def);
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          owner + " parameter " + key + "=" + v + " is invalid; allowed: an integer in [" + min + ", " + max + "]");
    }
    return v;
  }
}
