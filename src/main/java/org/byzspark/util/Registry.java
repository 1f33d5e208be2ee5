package org.byzspark.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one registry mechanism of ByzSpark: the parts of one kind (aggregation rules,
 * pre-aggregators, attacks, models, datasets) by command-line name, in registration order.
 *
 * <p>Each part is a declaration: {@link #nameOf} gives its name (for rules, attacks and models the
 * name of its {@link Component}). The built-in parts are listed once, in the kind's registry class
 * ({@code Aggregators}, {@code Attacks}, {@code Models}, {@code Datasets}), one registration line
 * each, when that class is initialised; they never change afterwards. An unknown name fails with
 * one line listing the known ones: {@code unknown model 'rnn'; allowed: softmax, logistic, ...}.
 *
 * <p><b>Scoped additions.</b> {@link #register} adds a part until the returned {@link Registration}
 * is closed (try-with-resources), for tests that bring a part of their own and for applications
 * that embed ByzSpark. The part is visible to every thread while registered (a training run looks
 * it up on the driver's threads, a grid on several), cannot shadow a registered name, and closing
 * restores the registry exactly (names, order, errors). This is the chosen alternative to discovery
 * from the class path ({@code ServiceLoader} with a services file in the test resources), which
 * would add a test's toy parts to every test of the same JVM (their names in help texts, error
 * messages and generated tables) for the JVM's whole life.
 *
 * @param <T> the declaration type of the parts
 */
public final class Registry<T> {
  private final String what;
  private final Function<T, String> name;
  private final Map<String, T> builtIn;
  private volatile Map<String, T> added = Map.of();

  private Registry(String what, Function<T, String> name, Map<String, T> builtIn) {
    this.what = what;
    this.name = name;
    this.builtIn = Collections.unmodifiableMap(new LinkedHashMap<>(builtIn));
  }

  /**
   * A builder of the registry of {@code what} ("aggregator", "model", ...; the word of its error
   * messages), whose parts are named by {@code name}.
   */
  public static <T> Builder<T> builder(String what, Function<T, String> name) {
    return new Builder<>(what, name);
  }

  /** Collects the built-in parts in registration order; a repeated name fails. */
  public static final class Builder<T> {
    private final String what;
    private final Function<T, String> name;
    private final Map<String, T> parts = new LinkedHashMap<>();

    private Builder(String what, Function<T, String> name) {
      this.what = what;
      this.name = name;
    }

    /** Registers {@code part} under its name. */
    public Builder<T> add(T part) {
      String n = name.apply(part);
      if (parts.put(n, part) != null) {
        throw new IllegalStateException("duplicate registration of " + what + " " + n);
      }
      return this;
    }

    public Registry<T> build() {
      return new Registry<>(what, name, parts);
    }
  }

  /** A scoped addition; {@link #close} removes the part (once; later calls do nothing). */
  public final class Registration implements AutoCloseable {
    private final String key;
    private boolean open = true;

    private Registration(String key) {
      this.key = key;
    }

    @Override
    public void close() {
      synchronized (Registry.this) {
        if (open) {
          Map<String, T> m = new LinkedHashMap<>(added);
          m.remove(key);
          added = Collections.unmodifiableMap(m);
          open = false;
        }
      }
    }
  }

  /** The word of the error messages: "aggregator", "attack", "model", "dataset", ... */
  public String what() {
    return what;
  }

  /** Adds {@code part} until the returned registration is closed; fails when its name is taken. */
  public synchronized Registration register(T part) {
    String key = name.apply(part);
    if (key == null || key.isBlank() || key.contains(":") || key.contains(",")) {
      throw new IllegalArgumentException(
          "a " + what + " name must be a non-empty word without ':' or ',', got '" + key + "'");
    }
    if (builtIn.containsKey(key) || added.containsKey(key)) {
      throw new IllegalStateException(what + " '" + key + "' is already registered");
    }
    Map<String, T> m = new LinkedHashMap<>(added);
    m.put(key, part);
    added = Collections.unmodifiableMap(m);
    return new Registration(key);
  }

  /** The names: the built-in parts in registration order, then the added ones. */
  public List<String> names() {
    List<String> out = new ArrayList<>(builtIn.keySet());
    out.addAll(added.keySet());
    return out;
  }

  /** The built-in parts only, in registration order. */
  public List<T> builtIn() {
    return new ArrayList<>(builtIn.values());
  }

  /** Every part, in the order of {@link #names}. */
  public List<T> all() {
    List<T> out = new ArrayList<>(builtIn.values());
    out.addAll(added.values());
    return out;
  }

  public boolean contains(String key) {
    return key != null && (builtIn.containsKey(key) || added.containsKey(key));
  }

  /** The part named {@code key}, or null. */
  public T find(String key) {
    if (key == null) {
      return null;
    }
    T t = builtIn.get(key);
    return t != null ? t : added.get(key);
  }

  /** The part named {@code key}; fails with one line listing the known names. */
  public T get(String key) {
    T t = find(key);
    if (t == null) {
      throw unknown(key);
    }
    return t;
  }

  /** The error for an unknown name: {@code unknown WHAT 'KEY'; allowed: a, b, c}. */
  public IllegalArgumentException unknown(String key) {
    if (key == null) {
      return new IllegalArgumentException(
          what + " name is null; allowed: " + String.join(", ", names()));
    }
    return new IllegalArgumentException(
        "unknown " + what + " '" + key + "'; allowed: " + String.join(", ", names()));
  }

  /** The name of {@code part}. */
  public String nameOf(T part) {
    return name.apply(part);
  }
}
