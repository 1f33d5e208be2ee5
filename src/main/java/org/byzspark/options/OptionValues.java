package org.byzspark.options;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed values of a list of declared options, parsed and validated option by option (each
 * declaration's {@link OptionSpec#parse}). Immutable and serializable (the values are strings,
 * boxed numbers, booleans and lists of strings).
 *
 * <pre>{@code
 * OptionValues v = OptionValues.parse(TrainOptions.ALL, Map.of("workers", List.of("7")));
 * int n = v.get(TrainOptions.WORKERS);                  // 7
 * OptionValues w = OptionValues.builder(TrainOptions.ALL)
 *     .set(TrainOptions.WORKERS, 7)
 *     .set("attack", "little:zeta=1.5")
 *     .build();
 * }</pre>
 */
public final class OptionValues implements Serializable {
  private static final long serialVersionUID = 1L;

  // option name -> typed value (null: absent); a HashMap so that any serializer can copy it
  private final LinkedHashMap<String, Object> values;

  private OptionValues(LinkedHashMap<String, Object> values) {
    this.values = values;
  }

  /**
   * Parses the texts given per option name (a command line, a job file, a grid run: later texts
   * override earlier ones, repeatable options accumulate) against the declarations, in their order;
   * an option without text takes its default. Names not declared are ignored.
   *
   * @throws IllegalArgumentException the first invalid value, in one line
   */
  public static OptionValues parse(List<OptionSpec<?>> specs, Map<String, List<String>> texts) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    for (OptionSpec<?> s : specs) {
      m.put(s.name(), s.parse(texts.get(s.name())));
    }
    return new OptionValues(m);
  }

  /** The value of a declared option (null when absent without a default). */
  @SuppressWarnings("unchecked")
  public <T> T get(OptionSpec<T> spec) {
    if (!values.containsKey(spec.name())) {
      throw new IllegalArgumentException("--" + spec.name() + " is not an option here");
    }
    return (T) values.get(spec.name());
  }

  /** Whether {@code spec} is one of the options these values are for. */
  public boolean declares(OptionSpec<?> spec) {
    return values.containsKey(spec.name());
  }

  /**
   * The run.json entries of the recorded options among {@code specs} ({@link
   * OptionSpec.Flag#RECORDED}), in declaration order, under their record keys.
   */
  public Map<String, Object> record(List<OptionSpec<?>> specs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (OptionSpec<?> s : specs) {
      if (s.has(OptionSpec.Flag.RECORDED)) {
        m.put(s.recordKey(), s.record(this));
      }
    }
    return m;
  }

  /** The values as texts that parse back to them (absent options left out). */
  public Map<String, List<String>> texts(List<OptionSpec<?>> specs) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (OptionSpec<?> s : specs) {
      List<String> t = formatted(s);
      if (!t.isEmpty()) {
        m.put(s.name(), t);
      }
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private <T> List<String> formatted(OptionSpec<T> s) {
    return s.format((T) values.get(s.name()));
  }

  /** A builder that starts from the defaults of {@code specs}. */
  public static Builder builder(List<OptionSpec<?>> specs) {
    return new Builder(specs);
  }

  /** Values set option by option, as texts or typed; {@link #build} parses and validates them. */
  public static final class Builder {
    private final List<OptionSpec<?>> specs;
    private final Map<String, List<String>> texts = new LinkedHashMap<>();

    private Builder(List<OptionSpec<?>> specs) {
      this.specs = List.copyOf(specs);
    }

    /** Sets an option by its texts, as on the command line (several for a repeatable one). */
    public Builder set(String name, String... text) {
      if (specs.stream().noneMatch(s -> s.name().equals(name))) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      texts.put(name, new ArrayList<>(List.of(text)));
      return this;
    }

    /** Sets an option to a typed value. */
    public <T> Builder set(OptionSpec<T> spec, T value) {
      return set(spec.name(), spec.format(value).toArray(String[]::new));
    }

    /** The values, validated as {@link OptionValues#parse} validates a command line. */
    public OptionValues build() {
      return parse(specs, texts);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OptionValues v && v.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
