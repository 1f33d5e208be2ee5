package org.byzspark.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.TrainOptions;

/**
 * Names and fingerprints of runs.
 *
 * <p>The configuration hash is the SHA-256 of a configuration (for a grid run: what {@link #hashed}
 * keeps of it) in a canonical text form (one {@code key=value} line per option in sorted order,
 * nested maps with sorted keys), leaving out what does not change results: the output directory,
 * the Spark master and where the rule runs ({@code aggregation}, {@code aggregation-threshold}:
 * both modes give the same bits). Its first 8 hex digits end the run id, so two runs with equal ids
 * have (up to a 2^-32 accident) equal configurations, and a changed fixed setting changes every id.
 *
 * <p>The run id is the varying options (the grid's axes) as {@code option=value} joined by {@code
 * _}, then the short hash; characters other than letters, digits, {@code . + -} in values become
 * {@code -} (Hadoop paths reject {@code :}, and commas split path lists).
 */
public final class RunId {
  /**
   * Configuration entries that never enter the hash: the recorded options declared without {@link
   * OptionSpec.Flag#HASHED} (out, master, aggregation, aggregation-threshold).
   */
  public static final Set<String> NOT_HASHED =
      Set.copyOf(TrainOptions.recordKeys(OptionSpec.Flag.HASHED, false));

  private RunId() {}

  /**
   * What a grid run's hash covers: the options the grid sets (fixed lines, included job files, the
   * run's axis values), each with its resolved value from {@code config} (or its lines as written
   * when the configuration has no such key, e.g. an option of {@code HgoOptions} at its default),
   * plus, always, the rule and the attack with their parameters resolved against their declarations
   * ({@code resolvedParams}: defaults filled in). Options the grid leaves at their built-in
   * defaults are not covered, so a version of ByzSpark that adds an option (at a default that keeps
   * the old behaviour) still recognises the finished runs of a grid; a rule's or an attack's
   * changed default parameter changes the hash, as it changes results. The price: a changed
   * built-in default of a top-level option is not noticed; set it in the grid to pin it.
   *
   * @param config the run's resolved configuration ({@code TrainConfig.asMap()})
   * @param resolvedParams {@code agg-params} and {@code attack-params} with defaults filled in
   * @param given the options the grid sets for this run, with their lines as written
   */
  public static Map<String, Object> hashed(
      Map<String, Object> config,
      Map<String, Object> resolvedParams,
      Map<String, java.util.List<String>> given) {
    Map<String, Object> m = new TreeMap<>();
    for (Map.Entry<String, java.util.List<String>> e : given.entrySet()) {
      // under the option's run.json key: attack-param as attack-params, which the resolved
      // parameters below replace
      String k = TrainOptions.recordKey(e.getKey());
      m.put(k, config.containsKey(k) ? config.get(k) : e.getValue());
    }
    m.put("aggregator", config.get("aggregator"));
    m.put("attack", config.get("attack"));
    m.putAll(resolvedParams);
    return m;
  }

  /** The full hex SHA-256 of the canonical form of {@code config} (see the class comment). */
  public static String hash(Map<String, Object> config) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : new TreeMap<>(config).entrySet()) {
      if (!NOT_HASHED.contains(e.getKey())) {
        sb.append(e.getKey()).append('=').append(canonical(e.getValue())).append('\n');
      }
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(Object v) {
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      new TreeMap<>(
              m.entrySet().stream()
                  .collect(
                      java.util.stream.Collectors.toMap(
                          e -> String.valueOf(e.getKey()), Map.Entry::getValue)))
          .forEach((k, x) -> sb.append(k).append('=').append(canonical(x)).append(';'));
      return sb.append('}').toString();
    }
    if (v instanceof Collection<?> c) {
      StringBuilder sb = new StringBuilder("[");
      for (Object x : c) {
        sb.append(canonical(x)).append(';');
      }
      return sb.append(']').toString();
    }
    return String.valueOf(v);
  }

  /** The readable id of a run: its axis values, then the first 8 hex digits of its hash. */
  public static String of(Map<String, String> axes, String hash) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : axes.entrySet()) {
      sb.append(e.getKey()).append('=').append(clean(e.getValue())).append('_');
    }
    return sb.append(hash, 0, 8).toString();
  }

  /** The axis part of an id (for runs that have no valid configuration, hence no hash). */
  public static String label(Map<String, String> axes) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : axes.entrySet()) {
      sb.append(sb.length() == 0 ? "" : "_")
          .append(e.getKey())
          .append('=')
          .append(clean(e.getValue()));
    }
    return sb.length() == 0 ? "(single run)" : sb.toString();
  }

  static String clean(String v) {
    String s = v.replaceAll("[^A-Za-z0-9.+-]", "-");
    return s.isEmpty() ? "none" : s;
  }
}
