package org.byzspark.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of an option becomes a typed value and back: a parser and its inverse. A
 * single-valued type reads the last text given (a later layer or a repeated option overrides an
 * earlier one); a list type ({@link #items}) reads every text, in order.
 *
 * <p>Every parse error is one line that starts with the option ({@code --workers: 'many' is not an
 * integer}).
 *
 * @param <T> the typed value
 */
public final class OptionType<T> {
  /** Parses one text of option {@code option} (e.g. {@code --workers}). */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String option, String text);
  }

  private final String word;
  private final boolean list;
  private final Parser<List<String>> items;
  private final Parser<T> parser;
  private final Function<T, String> format;

  private OptionType(
      String word,
      boolean list,
      Parser<List<String>> items,
      Parser<T> parser,
      Function<T, String> format) {
    this.word = word;
    this.list = list;
    this.items = items;
    this.parser = parser;
    this.format = format;
  }

  /** A single-valued type: {@code parser} reads one text, {@code format} writes it back. */
  public static <T> OptionType<T> of(String word, Parser<T> parser, Function<T, String> format) {
    return new OptionType<>(word, false, null, parser, format);
  }

  /**
   * A list type: every text given is split into items by {@code split} (e.g. {@code nnm,clip:c=2}
   * into two pre-aggregators); the value is all the items in order.
   */
  public static OptionType<List<String>> items(String word, Parser<List<String>> split) {
    return new OptionType<>(word, true, split, null, l -> String.join(",", l));
  }

  /** A short type word for help and tables: int, number, text, size, switch, list, ... */
  public String word() {
    return word;
  }

  /** Whether the option accumulates its texts (repeatable) rather than keeping the last one. */
  public boolean isList() {
    return list;
  }

  /** The typed value of the texts given (never empty). */
  @SuppressWarnings("unchecked")
  public T parse(String option, List<String> texts) {
    if (!list) {
      return parser.parse(option, texts.get(texts.size() - 1));
    }
    List<String> out = new ArrayList<>();
    for (String t : texts) {
      out.addAll(items.parse(option, t));
    }
    return (T) List.copyOf(out);
  }

  /** Texts that parse back to {@code value}: one text, or one per item of a list. */
  @SuppressWarnings("unchecked")
  public List<String> format(T value) {
    if (list) {
      return List.copyOf((List<String>) value);
    }
    return List.of(format.apply(value));
  }

  /** Text, stripped. */
  public static final OptionType<String> TEXT = of("text", (o, s) -> s.strip(), s -> s);

  /** A 32-bit integer. */
  public static final OptionType<Integer> INT =
      of(
          "int",
          (o, s) -> {
            try {
              return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(o + ": '" + s + "' is not an integer");
            }
          },
          String::valueOf);

  /** A 64-bit integer. */
  public static final OptionType<Long> LONG =
      of(
          "int",
          (o, s) -> {
            try {
              return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(o + ": '" + s + "' is not an integer");
            }
          },
          String::valueOf);

  /** A number (double), NaN refused; {@code Infinity} parses as such. */
  public static final OptionType<Double> NUMBER =
      of(
          "number",
          (o, s) -> {
            try {
              double d = Double.parseDouble(s.strip());
              if (Double.isNaN(d)) {
                throw new NumberFormatException();
              }
              return d;
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(o + ": '" + s + "' is not a number");
            }
          },
          String::valueOf);

  /** A switch: present ({@code true}) or not; {@code false} in a job file means not. */
  public static final OptionType<Boolean> SWITCH =
      of(
          "switch",
          (o, s) -> {
            String v = s.strip().toLowerCase(Locale.ROOT);
            if (v.equals("true")) {
              return true;
            }
            if (v.equals("false")) {
              return false;
            }
            throw new IllegalArgumentException(
                o + ": " + s + " is not allowed; allowed: true, false");
          },
          String::valueOf);

  /**
   * A size in bytes: digits, optionally followed by k, m, g or t (powers of 1024, case-insensitive,
   * an optional trailing b or ib).
   */
  public static final OptionType<Long> SIZE = of("size", OptionType::size, String::valueOf);

  /** Every text as one item, stripped (e.g. {@code KEY=VALUE} parameters). */
  public static final OptionType<List<String>> ITEMS =
      items("list", (o, s) -> s.isBlank() ? List.of() : List.of(s.strip()));

  private static final Pattern SIZE_TEXT = Pattern.compile("(?i)\\s*(\\d+)\\s*([kmgt]?)(i?b)?\\s*");

  /** See {@link #SIZE}; fails naming the option otherwise. */
  public static long size(String option, String value) {
    Matcher m = SIZE_TEXT.matcher(value);
    String allowed = "; allowed: a size in bytes, optionally with k, m, g or t, e.g. 512m, 2g";
    if (!m.matches()) {
      throw new IllegalArgumentException(option + ": " + value + " is not a size" + allowed);
    }
    int shift = m.group(2).isEmpty() ? 0 : "kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    try {
      long v = Long.parseLong(m.group(1));
      if (shift > 0 && v > (Long.MAX_VALUE >> (10 * shift))) {
        throw new NumberFormatException();
      }
      return v << (10 * shift);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": " + value + " is too large" + allowed);
    }
  }
}
