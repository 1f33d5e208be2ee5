package org.byzspark.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.OptionType;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;
import scala.runtime.AbstractFunction1;

/**
 * The Spark ML Params of the estimators, generated from the declarations of {@code byzspark train}
 * ({@link TrainOptions#ALL}): one Param per training option, with the option's type, default, help
 * and validation, so that a Param and its option can never disagree.
 *
 * <p><b>Names.</b> A Param is named after its option in camelCase ({@code batch-size} → {@code
 * batchSize}, {@code lr-schedule} → {@code lrSchedule}), except for the options Spark ML has a
 * conventional name for ({@link #RENAMED}: {@code workers} → {@code numWorkers}, {@code steps} →
 * {@code maxIter}, {@code lr} → {@code stepSize}, ...). An option whose camelCase name is a Param
 * Spark already declares ({@code features-col} → Spark's {@code featuresCol}) is that Param. The
 * options that say where the data or the application come from are not Params ({@link #NOT_PARAMS}:
 * the data are the DataFrame given to {@code fit}).
 *
 * <p><b>Types.</b> int → {@link IntParam}, 64-bit int and size → {@link LongParam} (bytes), number
 * → {@link DoubleParam}, switch → {@link BooleanParam}, repeatable option → {@link
 * StringArrayParam} (one item per element), anything else → {@code Param<String>}. An option's
 * words are values: {@code clip} none is {@code Double.POSITIVE_INFINITY}, {@code quorumSize} all
 * is 0, {@code declaredByzantine} f is −1, {@code localLr} lr is 0.
 *
 * <p><b>Validation.</b> Setting a value (or building a ParamMap with it) runs the option's own
 * check: the value is written as the command line would give it and parsed by its declaration, and
 * a bad value fails with the command line's one-line message ({@code --workers: 0 is not allowed;
 * allowed: an integer >= 1}). The checks between options (f &lt; n, the rule's requirement on n and
 * f, ...) run when {@code fit} resolves the configuration, through the same code as {@code byzspark
 * train}.
 */
public final class OptionParams implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The options that are not Params, with why (in declaration order). */
  public static final Map<String, String> NOT_PARAMS = notParams();

  /** Param names that are not the option's camelCase name: Spark ML's conventional names. */
  public static final Map<String, String> RENAMED = renamed();

  private static Map<String, String> notParams() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("job", "a ParamMap (or the setters) sets the Params; there is no option file");
    m.put("dataset", "the training data are the DataFrame given to `fit`");
    m.put("data-dir", "the training data are the DataFrame given to `fit`");
    m.put("resume", "`fit` runs inside the caller's Spark application, not as a separate driver");
    m.put("validate-only", "every Param is validated when it is set and again by `fit`");
    m.put("master", "`fit` trains on the Spark session of its DataFrame");
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, String> renamed() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("workers", "numWorkers");
    m.put("byzantine", "numByzantine");
    m.put("steps", "maxIter");
    m.put("lr", "stepSize");
    m.put("agg-param", "aggregatorParams");
    m.put("attack-param", "attackParams");
    m.put("out", "outputDir");
    return Collections.unmodifiableMap(m);
  }

  /** The Param name of an option (see the class comment). */
  public static String paramName(String option) {
    String r = RENAMED.get(option);
    if (r != null) {
      return r;
    }
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : option.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }

  /** The options that are Params, in the order run.json records them. */
  public static List<OptionSpec<?>> specs() {
    return TrainOptions.ALL.stream().filter(s -> !NOT_PARAMS.containsKey(s.name())).toList();
  }

  private final String parent;
  // param name -> Param, in declaration order; options already a Param of the owner are absent
  private final LinkedHashMap<String, Param<?>> params = new LinkedHashMap<>();
  // param name -> option name, for every option that is a Param (the owner's own included)
  private final LinkedHashMap<String, String> options = new LinkedHashMap<>();

  /**
   * The Params of {@code owner}, whose uid they carry; {@code existing} are the Params its Spark
   * class already declares (an option of the same name maps onto that one).
   */
  OptionParams(Params owner, Param<?>[] existing) {
    this.parent = owner.uid();
    List<String> taken =
        Arrays.stream(existing).filter(java.util.Objects::nonNull).map(Param::name).toList();
    for (OptionSpec<?> s : specs()) {
      String name = paramName(s.name());
      options.put(name, s.name());
      if (!taken.contains(name)) {
        params.put(name, create(owner, name, s));
      }
    }
  }

  private static Param<?> create(Params owner, String name, OptionSpec<?> s) {
    String doc =
        s.plainHelp()
            + " (option --"
            + s.name()
            + (s.allowed() == null ? "" : "; allowed: " + s.allowed())
            + ")";
    Check check = new Check(s.name());
    OptionType<?> t = s.type();
    if (t.isList()) {
      return new StringArrayParam(owner, name, doc, castCheck(check));
    }
    if (t == OptionType.INT) {
      return new IntParam(owner, name, doc, check);
    }
    if (t == OptionType.LONG || t == OptionType.SIZE) {
      return new LongParam(owner, name, doc, check);
    }
    if (t == OptionType.NUMBER) {
      return new DoubleParam(owner, name, doc, check);
    }
    if (t == OptionType.SWITCH) {
      return new BooleanParam(owner, name, doc); // true and false are both allowed
    }
    return new Param<String>(owner, name, doc, castCheck(check));
  }

  @SuppressWarnings("unchecked")
  private static <T> scala.Function1<T, Object> castCheck(Check c) {
    return (scala.Function1<T, Object>) (scala.Function1<?, ?>) c;
  }

  /** The generated Params, in declaration order. */
  public List<Param<?>> list() {
    return List.copyOf(params.values());
  }

  /** The generated Param named {@code paramName}, or null. */
  public Param<?> get(String paramName) {
    return params.get(paramName);
  }

  /** The uid of the owner. */
  String parent() {
    return parent;
  }

  /** The option of a Param name, or null. */
  public String optionOf(String paramName) {
    return options.get(paramName);
  }

  /**
   * Sets on {@code owner} the default of every generated Param: the option's default (its typed
   * value, a word's value for a word); {@code outputDir} has none (see {@code fit}).
   */
  void setDefaults(Params owner) {
    for (Map.Entry<String, Param<?>> e : params.entrySet()) {
      OptionSpec<?> s = TrainOptions.find(options.get(e.getKey()));
      if (s == TrainOptions.OUT) {
        continue;
      }
      Object typed = s.parse(List.of());
      if (typed != null) {
        @SuppressWarnings("unchecked")
        Param<Object> p = (Param<Object>) e.getValue();
        owner.setDefault(p, toSpark(typed));
      }
    }
  }

  /**
   * The values of {@code owner}'s Params as the options of a run, with {@code extra} (option name →
   * texts) for the options that are not Params; parsed and validated as {@code byzspark train}
   * parses its command line.
   *
   * @throws IllegalArgumentException the first invalid value, in the command line's one line
   */
  OptionValues values(Params owner, Map<String, List<String>> extra) {
    Map<String, List<String>> texts = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      Param<Object> p = owner.getParam(e.getKey());
      if (owner.isDefined(p)) {
        texts.put(e.getValue(), texts(TrainOptions.find(e.getValue()), owner.getOrDefault(p)));
      }
    }
    texts.putAll(extra);
    return OptionValues.parse(TrainOptions.ALL, texts);
  }

  /** A Param value as the texts of its option. */
  @SuppressWarnings("unchecked")
  static <T> List<String> texts(OptionSpec<T> spec, Object sparkValue) {
    return spec.format((T) fromSpark(sparkValue));
  }

  /** A typed option value as the Param holds it (a list as a String[]). */
  static Object toSpark(Object typed) {
    if (typed instanceof List<?> l) {
      return l.stream().map(String::valueOf).toArray(String[]::new);
    }
    return typed;
  }

  /** A Param value as the option's typed value (a String[] as a list). */
  static Object fromSpark(Object v) {
    if (v instanceof String[] a) {
      return List.of(a);
    }
    return v;
  }

  /**
   * The Params as a Markdown table: Param, type, default, option, meaning; one row per option that
   * is a Param, by group, then the options that are not Params with why.
   */
  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Param | type | default | option | meaning |\n");
    sb.append("|---|---|---|---|---|\n");
    for (OptionGroup g : OptionGroup.values()) {
      for (OptionSpec<?> s : specs()) {
        if (s.group() != g) {
          continue;
        }
        String def =
            s == TrainOptions.OUT
                ? "a temporary directory, removed after `fit`"
                : s.defaultDoc().isEmpty() ? "" : s.defaultDoc();
        sb.append("| `")
            .append(paramName(s.name()))
            .append("` | ")
            .append(sparkType(s))
            .append(" | ")
            .append(cell(def))
            .append(" | `--")
            .append(s.name())
            .append("` | ")
            .append(cell(s.help()))
            .append(" |\n");
      }
    }
    sb.append("\nOptions of `byzspark train` that are not Params:\n\n");
    for (Map.Entry<String, String> e : NOT_PARAMS.entrySet()) {
      sb.append("- `--").append(e.getKey()).append("`: ").append(e.getValue()).append('\n');
    }
    return sb.toString();
  }

  private static String sparkType(OptionSpec<?> s) {
    OptionType<?> t = s.type();
    if (t.isList()) {
      return "string array";
    }
    if (t == OptionType.INT) {
      return "int";
    }
    if (t == OptionType.LONG) {
      return "long";
    }
    if (t == OptionType.SIZE) {
      return "long (bytes)";
    }
    if (t == OptionType.NUMBER) {
      return "double";
    }
    if (t == OptionType.SWITCH) {
      return "boolean";
    }
    return "string";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /**
   * A Param's validation: the value written as its option's texts and parsed by the declaration,
   * which throws the command line's one-line message on a bad value (Spark then reports nothing
   * else). Holds the option's name only: the declarations are looked up where it runs.
   */
  static final class Check extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String option;

    Check(String option) {
      this.option = option;
    }

    @Override
    public Object apply(Object value) {
      OptionSpec<?> s = TrainOptions.find(option);
      if (value == null) {
        throw new IllegalArgumentException(
            "--" + option + ": a null value is not allowed; allowed: " + allowed(s));
      }
      s.parse(texts(s, value));
      return Boolean.TRUE;
    }

    private static String allowed(OptionSpec<?> s) {
      return s.allowed() != null ? s.allowed() : "a " + s.type().word().toLowerCase(Locale.ROOT);
    }
  }

  /** Every option name that is a Param here, by Param name (for docs and tests). */
  public Map<String, String> optionsByParam() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** The generated Params' names in declaration order. */
  public List<String> names() {
    return new ArrayList<>(params.keySet());
  }
}
