package org.byzspark.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.OptionValues;

/**
 * Option values after parsing, as texts by option name, typed through their declarations ({@link
 * #values}, {@link #get}) or with typed getters whose errors name the option, the value and what is
 * allowed; and the reader of job files ({@code option = value} lines).
 */
final class Options {
  private final Map<String, List<String>> values;

  Options(Map<String, List<String>> values) {
    this.values = values;
  }

  /**
   * Layers: defaults, then the job file (if any), then the command line; a later layer replaces an
   * earlier one's value (repeatable options accumulate across the job file and command line).
   */
  static Options resolve(
      List<Scopt.Opt> opts, Map<String, List<String>> commandLine, Map<String, List<String>> job) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (Scopt.Opt o : opts) {
      if (o.defaultValue() != null) {
        m.put(o.name(), new ArrayList<>(List.of(o.defaultValue())));
      }
    }
    for (Map<String, List<String>> layer : List.of(job, commandLine)) {
      for (Scopt.Opt o : opts) {
        List<String> v = layer.get(o.name());
        if (v == null) {
          continue;
        }
        if (o.repeatable() && layer == commandLine && job.containsKey(o.name())) {
          List<String> acc = new ArrayList<>(m.getOrDefault(o.name(), List.of()));
          acc.addAll(v);
          m.put(o.name(), acc);
        } else {
          m.put(o.name(), new ArrayList<>(v));
        }
      }
    }
    return new Options(m);
  }

  /** Reads a job file: {@code option = value} lines, {@code #} comments, blank lines ignored. */
  static Map<String, List<String>> readJob(String file, List<Scopt.Opt> opts) {
    Set<String> known = new HashSet<>();
    Set<String> repeatable = new HashSet<>();
    for (Scopt.Opt o : opts) {
      known.add(o.name());
      if (o.repeatable()) {
        repeatable.add(o.name());
      }
    }
    known.remove("job");
    Map<String, List<String>> m = new LinkedHashMap<>();
    Path p = new Path(file);
    try (FSDataInputStream in = p.getFileSystem(new Configuration()).open(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        int eq = s.indexOf('=');
        if (eq <= 0) {
          throw new CliError(
              "--job: " + file + " line " + no + ": expected 'option = value', got '" + s + "'");
        }
        String key = s.substring(0, eq).strip();
        String value = s.substring(eq + 1).strip();
        if (key.startsWith("--")) {
          key = key.substring(2);
        }
        if (known.contains(org.byzspark.options.TrainOptions.canonical(key))) {
          key = org.byzspark.options.TrainOptions.canonical(key);
        }
        if (!known.contains(key)) {
          throw new CliError(
              "--job: "
                  + file
                  + " line "
                  + no
                  + ": unknown option '"
                  + key
                  + "'; see --help for the options");
        }
        if (repeatable.contains(key)) {
          m.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        } else {
          m.put(key, new ArrayList<>(List.of(value)));
        }
      }
    } catch (java.io.FileNotFoundException e) {
      throw new CliError("--job: file " + file + " not found");
    } catch (IOException e) {
      throw new CliError("--job: cannot read " + file + ": " + e.getMessage());
    }
    return m;
  }

  /** The typed values of these declarations, each validated by its declaration. */
  OptionValues values(List<OptionSpec<?>> specs) {
    try {
      return OptionValues.parse(specs, values);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  /** The typed value of one declared option (its default, or its absent value, if not given). */
  <T> T get(OptionSpec<T> spec) {
    try {
      return spec.parse(values.get(spec.name()));
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return "true".equals(string(name));
  }

  int integer(String name) {
    String v = string(name);
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw new CliError("--" + name + ": '" + v + "' is not an integer");
    }
  }

  long longValue(String name) {
    String v = string(name);
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw new CliError("--" + name + ": '" + v + "' is not an integer");
    }
  }

  double number(String name) {
    String v = string(name);
    try {
      double d = Double.parseDouble(v.strip());
      if (Double.isNaN(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException | NullPointerException e) {
      throw new CliError("--" + name + ": '" + v + "' is not a number");
    }
  }
}
