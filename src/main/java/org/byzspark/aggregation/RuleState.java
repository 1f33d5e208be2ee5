package org.byzspark.aggregation;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rule carries from one step to the next, as an immutable value: named vectors (centered
 * clipping's previous aggregate). The training loop keeps the current state next to θ and passes it
 * to every call, so a run can save it in a checkpoint and restore it, and an adaptive attack can
 * evaluate the rule on trial messages without changing what the server will do.
 *
 * <p>Most rules are stateless and use {@link #EMPTY}. Randomised rules (1−p Krum's branch,
 * bucketing's permutation) are not stateful either: their draws are functions of (seed, step), see
 * {@link org.byzspark.util.Seeds}.
 */
public final class RuleState implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The key under which a rule that {@linkplain Aggregator#usesServerGradient uses the server's
   * gradient} receives g₀, the gradient the server computed on its own root data at this step: set
   * by the caller for the one call, never returned by the rule, so it is not carried to the next
   * step nor saved in a checkpoint.
   */
  public static final String SERVER_GRADIENT = "server.gradient";

  /** The state of a rule that keeps nothing. */
  public static final RuleState EMPTY = new RuleState(Map.of());

  private final Map<String, double[]> vectors;

  private RuleState(Map<String, double[]> vectors) {
    this.vectors = vectors;
  }

  /** A state holding {@code value} under {@code key} (copied), besides this state's entries. */
  public RuleState with(String key, double[] value) {
    TreeMap<String, double[]> m = new TreeMap<>(vectors);
    m.put(key, value.clone());
    return new RuleState(Collections.unmodifiableMap(m));
  }

  /**
   * A state holding the given vectors without copying them: the caller hands them over (for states
   * of n·d numbers, where every copy counts).
   */
  static RuleState owning(Map<String, double[]> vectors) {
    return new RuleState(Collections.unmodifiableMap(new TreeMap<>(vectors)));
  }

  /** The vector under {@code key} itself, or null: for reading only, never modified. */
  double[] peek(String key) {
    return vectors.get(key);
  }

  /** The vector under {@code key} (a copy), or null. */
  public double[] get(String key) {
    double[] v = vectors.get(key);
    return v == null ? null : v.clone();
  }

  /** The keys, sorted. */
  public java.util.Set<String> keys() {
    return vectors.keySet();
  }

  public boolean isEmpty() {
    return vectors.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RuleState s) || !s.vectors.keySet().equals(vectors.keySet())) {
      return false;
    }
    for (Map.Entry<String, double[]> e : vectors.entrySet()) {
      if (!Arrays.equals(e.getValue(), s.vectors.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = vectors.keySet().hashCode();
    for (double[] v : vectors.values()) {
      h = 31 * h + Arrays.hashCode(v);
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RuleState{");
    vectors.forEach((k, v) -> sb.append(k).append("=[").append(v.length).append("] "));
    return sb.append('}').toString();
  }
}
