package org.byzspark.attack;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an attack carries from one step to the next, as an immutable value of named vectors (the
 * attack-side twin of {@link org.byzspark.aggregation.RuleState}). The caller keeps the current
 * state, passes it to {@link Attack#forge(org.byzspark.aggregation.VectorSet,
 * org.byzspark.aggregation.VectorSet, AttackContext, AttackState)} and keeps the state it returns
 * for the next step, so a run can save it in a checkpoint (its keys and vectors) and restore it.
 *
 * <p>Every attack but {@code mimic} with {@code target=heuristic} and {@code every} &gt; 1 is
 * stateless and keeps {@link #EMPTY}.
 */
public final class AttackState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The state of an attack that keeps nothing. */
  public static final AttackState EMPTY = new AttackState(Map.of());

  private final Map<String, double[]> vectors;

  private AttackState(Map<String, double[]> vectors) {
    this.vectors = vectors;
  }

  /** A state holding {@code value} under {@code key} (copied), besides this state's entries. */
  public AttackState with(String key, double[] value) {
    TreeMap<String, double[]> m = new TreeMap<>(vectors);
    m.put(key, value.clone());
    return new AttackState(Collections.unmodifiableMap(m));
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
    if (!(o instanceof AttackState s) || !s.vectors.keySet().equals(vectors.keySet())) {
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
    StringBuilder sb = new StringBuilder("AttackState{");
    vectors.forEach((k, v) -> sb.append(k).append('=').append(Arrays.toString(v)).append(' '));
    return sb.append('}').toString();
  }
}
