package org.byzspark.util;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The declaration of a rule, pre-aggregator, attack or model: its registry name (see {@link
 * Registry}), a one-line summary with its source, and its {@link ParamSpec}s, in the order help
 * lists them. Immutable.
 *
 * <p>{@link #resolve} is the only parser of parameters: it rejects unknown keys and invalid values
 * with one line in one format ({@code cc parameter tau=-1 is invalid; allowed: a finite number >
 * 0}), and returns the parameters with every declared default filled in.
 */
public final class Component implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String summary;
  private final List<ParamSpec> params;

  private Component(String name, String summary, List<ParamSpec> params) {
    this.name = name;
    this.summary = summary;
    this.params = List.copyOf(params);
  }

  /** A component without parameters. */
  public static Component of(String name, String summary, ParamSpec... params) {
    return new Component(name, summary, List.of(params));
  }

  public String name() {
    return name;
  }

  public String summary() {
    return summary;
  }

  public List<ParamSpec> params() {
    return params;
  }

  /** The declaration of {@code key}, or null. */
  public ParamSpec param(String key) {
    for (ParamSpec p : params) {
      if (p.name().equals(key)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Validates {@code given} against the declarations and returns it with the defaults filled in
   * (declaration order, then nothing else). Fails with one line naming the component, the key, the
   * value and what is allowed.
   */
  public Params resolve(Params given) {
    List<String> names = new ArrayList<>();
    for (ParamSpec p : params) {
      names.add(p.name());
    }
    for (String key : given.asMap().keySet()) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException(
            "unknown parameter '"
                + key
                + "' for "
                + name
                + "; allowed: "
                + (names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names))));
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (ParamSpec p : params) {
      String v = given.asMap().get(p.name());
      if (v != null) {
        if (!p.check().test(v)) {
          throw invalid(p.name(), v);
        }
        out.put(p.name(), v.trim());
      } else if (p.defaultValue() != null) {
        out.put(p.name(), p.defaultValue());
      }
    }
    return Params.of(out);
  }

  /** The error for an invalid value of a declared parameter, in the one format. */
  public IllegalArgumentException invalid(String key, String value) {
    ParamSpec p = param(key);
    String allowed = p == null ? "see --help" : p.allowed();
    return new IllegalArgumentException(
        name + " parameter " + key + "=" + value + " is invalid; allowed: " + allowed);
  }

  /** The declarations as help lines: {@code key type default doc (allowed)}. */
  public List<String> helpLines() {
    List<String> lines = new ArrayList<>();
    lines.add(name + ": " + summary);
    if (params.isEmpty()) {
      lines.add("  no parameters");
      return lines;
    }
    int w = 0;
    for (ParamSpec p : params) {
      w = Math.max(w, p.name().length());
    }
    for (ParamSpec p : params) {
      lines.add(
          String.format(
              java.util.Locale.ROOT,
              "  %-" + w + "s  %-7s default %-10s %s (allowed: %s)",
              p.name(),
              p.type(),
              p.defaultText().isEmpty() ? "-" : p.defaultText(),
              p.doc(),
              p.allowed()));
    }
    return lines;
  }

  /** The parameters as one Markdown cell: {@code key=default} items, or "none". */
  public String markdownParams() {
    if (params.isEmpty()) {
      return "none";
    }
    List<String> items = new ArrayList<>();
    for (ParamSpec p : params) {
      items.add(
          "`"
              + p.name()
              + "`"
              + (p.defaultText().isEmpty() ? "" : " = " + p.defaultText())
              + " ("
              + p.allowed()
              + ")");
    }
    return String.join("; ", items);
  }

  /** Every parameter's resolved value for a configuration (the defaults included), as a map. */
  public Map<String, String> resolvedMap(Params given) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(resolve(given).asMap()));
  }
}
