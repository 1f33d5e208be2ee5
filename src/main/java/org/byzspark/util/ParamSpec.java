package org.byzspark.util;

import java.io.Serializable;
import java.util.List;
import java.util.function.Predicate;

/**
 * One declared parameter of a rule, pre-aggregator or attack: its name, what values it allows (as a
 * check and as words), its default (as it would be written on the command line, or a phrase such as
 * {@code n−f} when it depends on the run), and one sentence of documentation. The one declaration
 * drives parsing and validation ({@link Component#resolve}), error messages, help ({@code
 * --help-rule}), the resolved configuration in run.json and the tables of
 * docs/rules-and-attacks.md.
 *
 * @param name the key, as in {@code name:key=value}
 * @param type a short type word for help: {@code int}, {@code number}, {@code choice}, ...
 * @param allowed what is allowed, in words (the end of every error message about it)
 * @param defaultValue the default as written on the command line; null when the default depends on
 *     the run (then {@link #defaultText} says what it is)
 * @param defaultText the default as shown in help and tables
 * @param doc one sentence
 * @param check the validity test on the raw text
 */
public record ParamSpec(
    String name,
    String type,
    String allowed,
    String defaultValue,
    String defaultText,
    String doc,
    Predicate<String> check)
    implements Serializable {

  /** An integer in [min, max]. */
  public static ParamSpec integer(String name, int min, int max, Integer def, String doc) {
    String allowed =
        max == Integer.MAX_VALUE
            ? "an integer >= " + min
            : "an integer in [" + min + ", " + max + "]";
    return new ParamSpec(
        name,
        "int",
        allowed,
        def == null ? null : def.toString(),
        def == null ? "" : def.toString(),
        doc,
        (Predicate<String> & Serializable)
            v -> {
              try {
                int x = Integer.parseInt(v.trim());
                return x >= min && x <= max;
              } catch (NumberFormatException e) {
                return false;
              }
            });
  }

  /** A finite number > 0 (strict) or >= 0. */
  public static ParamSpec number(String name, boolean strict, Double def, String doc) {
    String allowed = strict ? "a finite number > 0" : "a finite number >= 0";
    return new ParamSpec(
        name,
        "number",
        allowed,
        def == null ? null : format(def),
        def == null ? "" : format(def),
        doc,
        (Predicate<String> & Serializable)
            v -> {
              double x = parseNumber(v);
              return Double.isFinite(x) && (strict ? x > 0 : x >= 0);
            });
  }

  /** Any finite number, or +Inf/-Inf when {@code infinite}. */
  public static ParamSpec real(String name, boolean infinite, Double def, String doc) {
    return new ParamSpec(
        name,
        "number",
        infinite ? "a number (Infinity allowed)" : "a finite number",
        def == null ? null : format(def),
        def == null ? "" : format(def),
        doc,
        (Predicate<String> & Serializable)
            v -> {
              double x = parseNumber(v);
              return !Double.isNaN(x) && (infinite || Double.isFinite(x));
            });
  }

  /** One of the given words; the default is the first unless {@code def} says otherwise. */
  public static ParamSpec choice(String name, List<String> values, String def, String doc) {
    List<String> copy = List.copyOf(values);
    return new ParamSpec(
        name,
        "choice",
        String.join(", ", copy),
        def,
        def,
        doc,
        (Predicate<String> & Serializable) v -> copy.contains(v.trim()));
  }

  /** A declaration with a custom check. */
  public static ParamSpec custom(
      String name, String type, String allowed, String def, String doc, Predicate<String> check) {
    return new ParamSpec(
        name,
        type,
        allowed,
        def,
        def == null ? "" : def,
        doc,
        (Predicate<String> & Serializable) check::test);
  }

  /** The same declaration with a default that depends on the run, described in words. */
  public ParamSpec defaultDescribed(String text) {
    return new ParamSpec(name, type, allowed, null, text, doc, check);
  }

  /** NaN for text that is not a number. */
  public static double parseNumber(String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String format(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d).replace(".0E", "e").replace("E", "e");
  }
}
