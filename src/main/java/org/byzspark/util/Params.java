package org.byzspark.util;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Named parameters of a rule, pre-aggregator or attack, as given on the command line with {@code
 * --agg-param key=value} or inline as {@code name:key=value,key=value}.
 *
 * <p>Immutable. Typed getters fail with a one-line {@link IllegalArgumentException} that names the
 * owner, the key, the value and what is allowed; {@link #requireOnly} rejects unknown keys so that
 * a typo never silently falls back to a default.
 */
public final class Params implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Params EMPTY = new Params(Map.of());

  private final Map<String, String> values;

  private Params(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Params empty() {
    return EMPTY;
  }

  public static Params of(Map<String, String> values) {
    return new Params(values);
  }

  /** Parses {@code key=value} items; a later key overrides an earlier one. */
  public static Params parse(List<String> items) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String item : items) {
      for (String part : item.split(",")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        if (eq <= 0 || eq == p.length() - 1) {
          throw new IllegalArgumentException("parameter '" + p + "' is not of the form key=value");
        }
        m.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
      }
    }
    return new Params(m);
  }

  /**
   * Splits {@code name:key=value,key=value} into the name and its parameters; a bare {@code name}
   * has no parameters.
   */
  public static Map.Entry<String, Params> parseNamed(String spec) {
    String s = spec.trim();
    int colon = s.indexOf(':');
    if (colon < 0) {
      return Map.entry(s, EMPTY);
    }
    return Map.entry(s.substring(0, colon).trim(), parse(List.of(s.substring(colon + 1))));
  }

  /** Returns a copy where the entries of {@code other} override this one's. */
  public Params with(Params other) {
    Map<String, String> m = new LinkedHashMap<>(values);
    m.putAll(other.values);
    return new Params(m);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Map<String, String> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * Fails on any key outside {@code allowed}, e.g. {@code unknown parameter 'q' for krum; allowed:
   * m}.
   */
  public Params requireOnly(String owner, String... allowed) {
    List<String> ok = Arrays.asList(allowed);
    List<String> bad = new ArrayList<>();
    for (String k : values.keySet()) {
      if (!ok.contains(k)) {
        bad.add(k);
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown parameter '"
              + bad.get(0)
              + "' for "
              + owner
              + "; allowed: "
              + (ok.isEmpty() ? "none" : String.join(", ", new TreeSet<>(ok))));
    }
    return this;
  }

  public String getString(String key, String def) {
    return values.getOrDefault(key, def);
  }

  public double getDouble(String owner, String key, double def) {
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      double d = Double.parseDouble(v);
      if (Double.isNaN(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          owner + " parameter " + key + "=" + v + " is not a number");
    }
  }

  public int getInt(String owner, String key, int def) {
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          owner + " parameter " + key + "=" + v + " is not an integer");
    }
  }

  public long getLong(String owner, String key, long def) {
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          owner + " parameter " + key + "=" + v + " is not an integer");
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    values.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Params p && p.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
