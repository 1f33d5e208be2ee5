package org.byzspark.options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one declaration of a command-line option: its name, value placeholder, type, default, what
 * values it allows, one sentence of help, its group, and flags for where else it matters (grids,
 * the run hash, {@code --resume}, the results tables, run.json). Parsing and validation ({@link
 * #parse}), {@code --help}, the option tables of docs/options.md, the configuration map in
 * run.json, which options a grid may set, which may differ on resume, the run hash and the results
 * columns are all read from these declarations.
 *
 * <p>Immutable: every {@code with}-style method returns a changed copy, so a command can reuse a
 * shared declaration with another default or help ({@code AGGREGATOR.withoutDefault().required()}).
 * Plain Java, no Spark.
 *
 * <pre>{@code
 * static final OptionSpec<Integer> WORKERS =
 *     OptionSpec.integer("workers", "N")
 *         .defaultValue("15")
 *         .check(n -> n >= 1, "an integer >= 1")
 *         .group(OptionGroup.TRAINING)
 *         .help("number of workers n (one Spark partition each)");
 * int n = values.get(WORKERS);   // values: OptionValues.parse(declarations, texts)
 * }</pre>
 *
 * @param <T> the typed value
 */
public final class OptionSpec<T> {
  /** Where an option matters besides its command line; see {@link #DEFAULT_FLAGS}. */
  public enum Flag {
    /** A grid file may set it (fixed or as an axis). */
    GRID("not in a grid file"),
    /** A grid run's configuration hash covers it when the grid sets it. */
    HASHED("not in the run hash"),
    /** Written to run.json's {@code config} under its {@link #recordKey()}. */
    RECORDED("not in run.json"),
    /** A column of the results tables (when recorded). */
    COLUMN("not a results column"),
    /** {@code train --resume} may give another value than the recorded run's. */
    RESUME_MAY_DIFFER("may differ on `--resume`");

    private final String note;

    Flag(String note) {
      this.note = note;
    }

    /** How the option tables note an option that departs from the default flags. */
    public String note() {
      return note;
    }
  }

  /**
   * The flags of an option unless its declaration says otherwise: a grid may set it, it is hashed,
   * recorded in run.json and a results column, and must not change on resume.
   */
  public static final Set<Flag> DEFAULT_FLAGS =
      Collections.unmodifiableSet(EnumSet.of(Flag.GRID, Flag.HASHED, Flag.RECORDED, Flag.COLUMN));

  private String name;
  private String placeholder;
  private OptionType<T> type;
  private Supplier<String> defaultValue;
  private String defaultDoc;
  private T absent;
  private Map<String, T> words = Map.of();
  private Predicate<T> valid;
  private String allowed;
  private Consumer<T> validator;
  private Supplier<String> help;
  private OptionGroup group;
  private Set<Flag> flags = DEFAULT_FLAGS;
  private boolean required;
  private String recordKey;
  private Function<OptionValues, Object> recorder;

  private OptionSpec(String name, String placeholder, OptionType<T> type) {
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "option name '" + name + "' is not lower-case-with-dashes");
    }
    this.name = name;
    this.placeholder = placeholder;
    this.type = type;
    this.recordKey = name;
  }

  private OptionSpec<T> copy() {
    OptionSpec<T> c = new OptionSpec<>(name, placeholder, type);
    c.defaultValue = defaultValue;
    c.defaultDoc = defaultDoc;
    c.absent = absent;
    c.words = words;
    c.valid = valid;
    c.allowed = allowed;
    c.validator = validator;
    c.help = help;
    c.group = group;
    c.flags = flags;
    c.required = required;
    c.recordKey = recordKey;
    c.recorder = recorder;
    return c;
  }

  // ---- declaring ----

  /** An option of any type; {@code placeholder} null makes it a switch (no value). */
  public static <T> OptionSpec<T> of(String name, String placeholder, OptionType<T> type) {
    return new OptionSpec<>(name, placeholder, type);
  }

  public static OptionSpec<String> text(String name, String placeholder) {
    return of(name, placeholder, OptionType.TEXT);
  }

  public static OptionSpec<Integer> integer(String name, String placeholder) {
    return of(name, placeholder, OptionType.INT);
  }

  public static OptionSpec<Long> longInteger(String name, String placeholder) {
    return of(name, placeholder, OptionType.LONG);
  }

  public static OptionSpec<Double> number(String name, String placeholder) {
    return of(name, placeholder, OptionType.NUMBER);
  }

  public static OptionSpec<Long> size(String name, String placeholder) {
    return of(name, placeholder, OptionType.SIZE);
  }

  /** A switch: given or not (false when not given). */
  public static OptionSpec<Boolean> toggle(String name) {
    return of(name, null, OptionType.SWITCH).absent(false);
  }

  /** A repeatable option: every value given is one item. */
  public static OptionSpec<List<String>> items(String name, String placeholder) {
    return of(name, placeholder, OptionType.ITEMS).absent(List.of());
  }

  /** One of {@code values} (compared after stripping). */
  public static OptionSpec<String> choice(String name, String placeholder, List<String> values) {
    List<String> copy = List.copyOf(values);
    return text(name, placeholder).check(copy::contains, String.join(", ", copy));
  }

  /** The same declaration with this help sentence (Markdown: `code` in backticks). */
  public OptionSpec<T> help(String text) {
    return help(() -> text);
  }

  /**
   * The same declaration with a help sentence computed when it is shown, for a sentence that lists
   * what a registry holds at that time (a part a test registers is listed while registered).
   */
  public OptionSpec<T> help(Supplier<String> text) {
    OptionSpec<T> c = copy();
    c.help = text;
    return c;
  }

  public OptionSpec<T> group(OptionGroup g) {
    OptionSpec<T> c = copy();
    c.group = g;
    return c;
  }

  /** The default, as it would be written on the command line. */
  public OptionSpec<T> defaultValue(String text) {
    return defaultFrom(() -> text);
  }

  /** A default that depends on the installation (read when options are resolved). */
  public OptionSpec<T> defaultFrom(Supplier<String> text) {
    OptionSpec<T> c = copy();
    c.defaultValue = text;
    return c;
  }

  /** No default: the option is absent unless given. */
  public OptionSpec<T> withoutDefault() {
    OptionSpec<T> c = copy();
    c.defaultValue = null;
    c.defaultDoc = null;
    return c;
  }

  /**
   * How help and tables show the default (Markdown) when it is not a plain value, e.g. {@code
   * `<install>/data`} or {@code whole layers}.
   */
  public OptionSpec<T> defaultDoc(String markdown) {
    OptionSpec<T> c = copy();
    c.defaultDoc = markdown;
    return c;
  }

  /** The typed value when the option is neither given nor defaulted (else null). */
  public OptionSpec<T> absent(T value) {
    OptionSpec<T> c = copy();
    c.absent = value;
    return c;
  }

  /**
   * A word that stands for a value (case-insensitive), e.g. {@code none} for +∞; a word is not
   * subject to {@link #check}.
   */
  public OptionSpec<T> word(String word, T value) {
    OptionSpec<T> c = copy();
    Map<String, T> m = new LinkedHashMap<>(words);
    m.put(word.toLowerCase(Locale.ROOT), value);
    c.words = Collections.unmodifiableMap(m);
    return c;
  }

  /**
   * What values are allowed: a test on the typed value and the same in words; a value that fails it
   * is refused with {@code --name: VALUE is not allowed; allowed: WORDS}.
   */
  public OptionSpec<T> check(Predicate<T> ok, String allowedWords) {
    OptionSpec<T> c = copy();
    c.valid = ok;
    c.allowed = allowedWords;
    return c;
  }

  /**
   * A check that needs more than a test (e.g. a spec with its own grammar), throwing {@link
   * IllegalArgumentException} with one line that names the option, the value and what is allowed.
   * {@code allowedWords} is what help and tables say is allowed.
   */
  public OptionSpec<T> validate(Consumer<T> check, String allowedWords) {
    OptionSpec<T> c = copy();
    c.validator = check;
    c.allowed = allowedWords;
    return c;
  }

  public OptionSpec<T> required() {
    OptionSpec<T> c = copy();
    c.required = true;
    return c;
  }

  /** The same declaration without these flags (see {@link #DEFAULT_FLAGS}). */
  public OptionSpec<T> not(Flag... remove) {
    OptionSpec<T> c = copy();
    EnumSet<Flag> f = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    for (Flag x : remove) {
      f.remove(x);
    }
    c.flags = Collections.unmodifiableSet(f);
    return c;
  }

  /** The same declaration with these flags added. */
  public OptionSpec<T> also(Flag... add) {
    OptionSpec<T> c = copy();
    EnumSet<Flag> f = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    f.addAll(List.of(add));
    c.flags = Collections.unmodifiableSet(f);
    return c;
  }

  /** How the typed value is written to run.json (default: as is). */
  public OptionSpec<T> recorded(Function<T, Object> how) {
    OptionSpec<T> c = copy();
    c.recorder = v -> how.apply(v.get(c));
    return c;
  }

  /**
   * The run.json entry under another key, computed from every value (e.g. {@code --attack-param}
   * recorded as {@code attack-params}, the attack's parameters merged with those of {@code --attack
   * NAME:key=value}).
   */
  public OptionSpec<T> recordedAs(String key, Function<OptionValues, Object> how) {
    OptionSpec<T> c = copy();
    c.recordKey = key;
    c.recorder = how;
    return c;
  }

  // ---- reading the declaration ----

  public String name() {
    return name;
  }

  /** The value's placeholder in help (e.g. {@code N}), or null for a switch. */
  public String placeholder() {
    return placeholder;
  }

  public OptionType<T> type() {
    return type;
  }

  public boolean isSwitch() {
    return placeholder == null;
  }

  /** Whether the option may be given several times, its values accumulating. */
  public boolean repeatable() {
    return type.isList();
  }

  /** The default as written on the command line, or null. */
  public String defaultValue() {
    return defaultValue == null ? null : defaultValue.get();
  }

  /** The default as help and tables show it (Markdown), or "" for none. */
  public String defaultDoc() {
    if (defaultDoc != null) {
      return defaultDoc;
    }
    String d = defaultValue();
    return d == null ? "" : "`" + d + "`";
  }

  /** The typed value when neither given nor defaulted. */
  public T absentValue() {
    return absent;
  }

  /** What is allowed, in words, or null when any value of the type is. */
  public String allowed() {
    return allowed;
  }

  /** The help sentence (Markdown). */
  public String help() {
    return help == null ? null : help.get();
  }

  /** The help sentence as plain text (backticks removed). */
  public String plainHelp() {
    return help == null ? null : help().replace("`", "");
  }

  public OptionGroup group() {
    return group;
  }

  public Set<Flag> flags() {
    return flags;
  }

  public boolean has(Flag f) {
    return flags.contains(f);
  }

  public boolean isRequired() {
    return required;
  }

  /** The run.json key of the option (its name unless declared otherwise). */
  public String recordKey() {
    return recordKey;
  }

  /** The flags this option lacks or adds compared with {@link #DEFAULT_FLAGS}, as notes. */
  public List<String> notes() {
    List<String> out = new ArrayList<>();
    for (Flag f : Flag.values()) {
      if (DEFAULT_FLAGS.contains(f) != flags.contains(f)
          && !(f == Flag.COLUMN && !flags.contains(Flag.RECORDED))) {
        out.add(f.note());
      }
    }
    return out;
  }

  // ---- parsing ----

  /**
   * The typed value of the texts given for this option (all of them for a repeatable option, else
   * the last counts); the default when none was given, else {@link #absentValue}.
   *
   * @throws IllegalArgumentException one line naming the option, the value and what is allowed
   */
  public T parse(List<String> texts) {
    if (texts == null || texts.isEmpty()) {
      String d = defaultValue();
      if (d == null) {
        return absent;
      }
      texts = List.of(d);
    }
    String option = "--" + name;
    if (!repeatable()) {
      T w = words.get(texts.get(texts.size() - 1).strip().toLowerCase(Locale.ROOT));
      if (w != null) {
        return w;
      }
    }
    T v = type.parse(option, texts);
    if (valid != null && !valid.test(v)) {
      throw new IllegalArgumentException(
          option + ": " + v + " is not allowed; allowed: " + allowed);
    }
    if (validator != null) {
      validator.accept(v);
    }
    return v;
  }

  /** Texts that parse back to {@code value}: a word for it, or the type's form; none if absent. */
  public List<String> format(T value) {
    if (value == null || (absent != null && absent.equals(value) && defaultValue == null)) {
      return List.of();
    }
    for (Map.Entry<String, T> w : words.entrySet()) {
      if (Objects.equals(w.getValue(), value)) {
        return List.of(w.getKey());
      }
    }
    return type.format(value);
  }

  /** The run.json value of this option in {@code values}. */
  Object record(OptionValues values) {
    return recorder == null ? values.get(this) : recorder.apply(values);
  }

  @Override
  public String toString() {
    return "--" + name + (placeholder == null ? "" : " " + placeholder);
  }
}
