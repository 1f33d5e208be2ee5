package org.byzspark.aggregation;

/**
 * The one place for what a rule or pre-aggregator needs of (n, f, d), with one message format:
 * {@code NAME needs CONDITION, got n=.. f=..} (e.g. {@code krum needs n > 2f+2, got n=10 f=4}).
 */
public final class Checks {
  private Checks() {}

  /** n ≥ 1, 0 ≤ f &lt; n, d ≥ 0: what every rule needs. */
  public static void basic(String name, int n, int f, int d) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " needs n >= 1, got n=" + n);
    }
    if (f < 0 || f >= n) {
      throw new IllegalArgumentException(name + " needs 0 <= f < n, got n=" + n + " f=" + f);
    }
    if (d < 0) {
      throw new IllegalArgumentException(name + " needs d >= 0, got d=" + d);
    }
  }

  /** {@link #basic} and an honest majority, n > 2f. */
  public static void majority(String name, int n, int f, int d) {
    if (f < 0) {
      throw new IllegalArgumentException(name + " needs f >= 0, got f=" + f);
    }
    basic(name, n, f, d);
    require(name, n > 2L * f, "n > 2f", n, f);
  }

  /** Fails with {@code NAME needs CONDITION, got n=.. f=..} unless {@code ok}. */
  public static void require(String name, boolean ok, String condition, int n, int f) {
    if (!ok) {
      throw new IllegalArgumentException(name + " needs " + condition + ", got n=" + n + " f=" + f);
    }
  }
}
