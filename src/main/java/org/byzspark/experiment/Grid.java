package org.byzspark.experiment;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * A grid file: the {@code option = value} lines of a job file, where some values are axes, plus
 * four directives. The runs are the cartesian product of the axes.
 *
 * <pre>
 * include    = resam-mnist.conf           # base settings (a job or grid file, relative to this one)
 * aggregator = [cwtm, krum, mda]          # a bracketed list: an axis
 * attack     = [little, empire:zeta=1.5]  # items NAME:key=value,... keep their commas
 * pre        = ["", "nnm,clip:c=2"]       # quotes for items with commas; "" is the empty value
 * seed       = 1..5                       # an integer range (inclusive): an axis
 * zip        = attack, momentum           # these axes advance together (same length): one axis
 * exclude    = aggregator=krum attack=little   # drop the runs where every condition holds
 * invalid    = skip                       # list invalid runs as skipped (default: fail, exit 2)
 * </pre>
 *
 * <p>Definitions. An axis is an option whose value is a bracketed list or a range {@code a..b} (a ≤
 * b). Lines apply in order, an include in place of its line, and a later line overrides an earlier
 * one (so an include goes first: the grid's own lines override the included settings). Axes are
 * ordered as they first appear (an axis redefined later keeps its place); the first axis varies
 * slowest. A zip group replaces its axes by one axis of tuples, placed where its first member was;
 * a member of a zip group may list a value more than once (the same attack for two rules), but no
 * tuple may appear twice, and an axis outside every zip group lists each value once. {@code
 * exclude} conditions compare the run's value of an option (its axis value, or its fixed value) as
 * written in the file; several {@code exclude} lines remove the union. A repeatable option ({@code
 * pre}, {@code attack-param}, {@code agg-param}) accumulates its fixed lines as in a job file, and
 * an axis on it gives exactly one value per run.
 */
public final class Grid {
  /** One axis: an option and its values in order. */
  public record Axis(String option, List<String> values) {}

  /**
   * One run of the expansion.
   *
   * @param axes the value of every axis option (in axis order), as written in the file
   * @param settings the job-file layer of the run: every option set by the grid, with its values
   */
  public record Point(Map<String, String> axes, Map<String, List<String>> settings) {}

  private final Map<String, List<String>> fixed;
  private final List<Axis> axes;
  private final List<List<String>> zips;
  private final List<Map<String, String>> excludes;
  private final boolean skipInvalid;

  private Grid(
      Map<String, List<String>> fixed,
      List<Axis> axes,
      List<List<String>> zips,
      List<Map<String, String>> excludes,
      boolean skipInvalid) {
    this.fixed = fixed;
    this.axes = axes;
    this.zips = zips;
    this.excludes = excludes;
    this.skipInvalid = skipInvalid;
  }

  /** Whether invalid runs are listed as skipped instead of failing the grid. */
  public boolean skipInvalid() {
    return skipInvalid;
  }

  public List<Axis> axes() {
    return axes;
  }

  /** The options of the axes, in axis order: what varies between runs (and names them). */
  public List<String> axisOptions() {
    return axes.stream().map(Axis::option).toList();
  }

  /**
   * Reads a grid file through Hadoop's file system.
   *
   * @param file the grid file
   * @param known the option names allowed on the left of '='
   * @param repeatable the options that accumulate their lines
   */
  public static Grid read(String file, Set<String> known, Set<String> repeatable) {
    Builder b = new Builder(known, repeatable);
    b.include(new Path(file), new HashSet<>());
    return b.build(file);
  }

  /** Parses grid text (tests); includes are resolved against {@code base}. */
  public static Grid parse(String text, String base, Set<String> known, Set<String> repeatable) {
    Builder b = new Builder(known, repeatable);
    b.lines(text.lines().toList(), new Path(base, "inline.grid"), new HashSet<>());
    return b.build("inline.grid");
  }

  /**
   * The runs: the cartesian product of the axes (zip groups advancing together), first axis
   * slowest, minus the excluded combinations.
   */
  public List<Point> expand() {
    // the product's dimensions: single axes, or zip groups as one dimension of tuples
    List<List<Axis>> dims = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    for (Axis a : axes) {
      if (placed.contains(a.option())) {
        continue;
      }
      List<String> group =
          zips.stream().filter(z -> z.contains(a.option())).findFirst().orElse(List.of(a.option()));
      List<Axis> members = new ArrayList<>();
      for (String o : group) {
        members.add(axis(o));
        placed.add(o);
      }
      dims.add(members);
    }
    List<Point> out = new ArrayList<>();
    int[] idx = new int[dims.size()];
    while (true) {
      Map<String, String> values = new LinkedHashMap<>();
      for (Axis a : axes) {
        values.put(a.option(), null);
      }
      for (int k = 0; k < dims.size(); k++) {
        for (Axis a : dims.get(k)) {
          values.put(a.option(), a.values().get(idx[k]));
        }
      }
      if (!excluded(values)) {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        fixed.forEach((k, v) -> settings.put(k, new ArrayList<>(v)));
        values.forEach((k, v) -> settings.put(k, new ArrayList<>(List.of(v))));
        out.add(new Point(values, settings));
      }
      int k = dims.size() - 1;
      while (k >= 0) {
        idx[k]++;
        if (idx[k] < dims.get(k).get(0).values().size()) {
          break;
        }
        idx[k] = 0;
        k--;
      }
      if (k < 0) {
        return out;
      }
    }
  }

  private Axis axis(String option) {
    return axes.stream().filter(a -> a.option().equals(option)).findFirst().orElseThrow();
  }

  private boolean excluded(Map<String, String> values) {
    for (Map<String, String> cond : excludes) {
      boolean all = true;
      for (Map.Entry<String, String> c : cond.entrySet()) {
        String v =
            values.containsKey(c.getKey()) ? values.get(c.getKey()) : last(fixed.get(c.getKey()));
        if (!c.getValue().equals(v)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static String last(List<String> v) {
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  /** Splits a bracketed list's inside into items (see the class comment for the rules). */
  static List<String> items(String inside, String where) {
    List<String> raw = new ArrayList<>();
    List<Boolean> quoted = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuote = false;
    boolean wasQuoted = false;
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (c == '"') {
        inQuote = !inQuote;
        wasQuoted = true;
      } else if (c == ',' && !inQuote) {
        raw.add(cur.toString().strip());
        quoted.add(wasQuoted);
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    if (inQuote) {
      throw new IllegalArgumentException(where + ": unclosed quote in [" + inside + "]");
    }
    raw.add(cur.toString().strip());
    quoted.add(wasQuoted);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      String s = raw.get(i);
      boolean continues =
          !quoted.get(i)
              && s.contains("=")
              && !s.contains(":")
              && !out.isEmpty()
              && out.get(out.size() - 1).contains(":")
              && !quoted.get(i - 1);
      if (continues) {
        out.set(out.size() - 1, out.get(out.size() - 1) + "," + s);
      } else if (s.isEmpty() && !quoted.get(i)) {
        throw new IllegalArgumentException(
            where + ": empty item in [" + inside + "]; write \"\" for the empty value");
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** Collects the lines of a grid file and its includes. */
  private static final class Builder {
    final Set<String> known;
    final Set<String> repeatable;
    final Map<String, List<String>> fixed = new LinkedHashMap<>();
    final Map<String, Axis> axes = new LinkedHashMap<>();
    // the file and line of each axis, for errors found once every line is read
    final Map<String, String> axisWhere = new HashMap<>();
    final List<List<String>> zips = new ArrayList<>();
    final List<Map<String, String>> excludes = new ArrayList<>();
    // repeatable options set by the current file replace an included file's lines
    final Set<String> ownRepeatable = new HashSet<>();
    boolean skipInvalid;

    Builder(Set<String> known, Set<String> repeatable) {
      this.known = known;
      this.repeatable = repeatable;
    }

    void include(Path file, Set<String> stack) {
      if (!stack.add(file.toString())) {
        throw new IllegalArgumentException(file + ": includes itself");
      }
      List<String> lines = new ArrayList<>();
      try (FSDataInputStream in = file.getFileSystem(new Configuration()).open(file);
          BufferedReader r =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException("file " + file + " not found");
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
      }
      lines(lines, file, stack);
      stack.remove(file.toString());
    }

    void lines(List<String> lines, Path file, Set<String> stack) {
      Set<String> saved = new HashSet<>(ownRepeatable);
      ownRepeatable.clear();
      int no = 0;
      for (String line : lines) {
        no++;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        String where = file + " line " + no;
        int eq = s.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              where + ": expected 'option = value', got '" + s + "'");
        }
        String key = s.substring(0, eq).strip();
        String value = s.substring(eq + 1).strip();
        if (key.startsWith("--")) {
          key = key.substring(2);
        }
        switch (key) {
          case "include" -> {
            Path inc = new Path(value);
            include(
                inc.isAbsolute() || inc.toUri().getScheme() != null || file.getParent() == null
                    ? inc
                    : new Path(file.getParent(), value),
                stack);
          }
          case "zip" -> zips.add(zip(value, where));
          case "exclude" -> excludes.add(exclude(value, where));
          case "invalid" -> {
            if (!value.equals("skip") && !value.equals("fail")) {
              throw new IllegalArgumentException(
                  where + ": invalid = '" + value + "' is not allowed; allowed: skip, fail");
            }
            skipInvalid = value.equals("skip");
          }
          default -> option(key, value, where);
        }
      }
      ownRepeatable.clear();
      ownRepeatable.addAll(saved);
    }

    void option(String key, String value, String where) {
      if (known.contains(org.byzspark.options.TrainOptions.canonical(key))) {
        key = org.byzspark.options.TrainOptions.canonical(key); // an alias: the option's name
      }
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            where
                + ": unknown option '"
                + key
                + "'; allowed: the options of 'byzspark train' and include, zip, exclude, invalid");
      }
      List<String> values = null;
      if (value.startsWith("[")) {
        if (!value.endsWith("]")) {
          throw new IllegalArgumentException(
              where + ": a list must end with ']', got '" + value + "'");
        }
        values = items(value.substring(1, value.length() - 1), where);
      } else if (value.matches("-?\\d+\\s*\\.\\.\\s*-?\\d+")) {
        String[] ab = value.split("\\.\\.");
        long a = Long.parseLong(ab[0].strip());
        long b = Long.parseLong(ab[1].strip());
        if (a > b || b - a >= 100_000) {
          throw new IllegalArgumentException(
              where
                  + ": range "
                  + value
                  + " is not allowed; allowed: a..b with a <= b (inclusive)");
        }
        values = new ArrayList<>();
        for (long v = a; v <= b; v++) {
          values.add(Long.toString(v));
        }
      }
      if (values != null) {
        fixed.remove(key);
        axes.put(key, new Axis(key, List.copyOf(values)));
        axisWhere.put(key, where);
        return;
      }
      axes.remove(key);
      if (repeatable.contains(key)) {
        if (ownRepeatable.add(key)) {
          fixed.remove(key);
        }
        fixed.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      } else {
        fixed.put(key, new ArrayList<>(List.of(value)));
      }
    }

    static List<String> zip(String value, String where) {
      List<String> names = new ArrayList<>();
      for (String p : value.split(",")) {
        if (!p.isBlank()) {
          names.add(p.strip());
        }
      }
      if (names.size() < 2) {
        throw new IllegalArgumentException(
            where + ": zip needs at least two axes, got '" + value + "'");
      }
      return names;
    }

    static Map<String, String> exclude(String value, String where) {
      Map<String, String> cond = new LinkedHashMap<>();
      for (String p : value.split("\\s+")) {
        int eq = p.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              where + ": exclude expects 'option=value ...', got '" + value + "'");
        }
        cond.put(p.substring(0, eq), p.substring(eq + 1));
      }
      return cond;
    }

    Grid build(String file) {
      Set<String> inZip = new HashSet<>();
      for (List<String> z : zips) {
        int len = -1;
        for (String o : z) {
          Axis a = axes.get(o);
          if (a == null) {
            throw new IllegalArgumentException(
                file + ": zip names '" + o + "', which is not an axis (a list or a range)");
          }
          if (!inZip.add(o)) {
            throw new IllegalArgumentException(file + ": axis '" + o + "' is in two zip groups");
          }
          if (len >= 0 && a.values().size() != len) {
            throw new IllegalArgumentException(
                file + ": zip " + String.join(", ", z) + ": the axes have different lengths");
          }
          len = a.values().size();
        }
        // a zip group may repeat a value in one member (e.g. the same attack for two rules), but
        // not a whole tuple: that would be the same run twice
        Set<List<String>> tuples = new HashSet<>();
        for (int i = 0; i < len; i++) {
          List<String> t = new ArrayList<>();
          for (String o : z) {
            t.add(axes.get(o).values().get(i));
          }
          if (!tuples.add(t)) {
            throw new IllegalArgumentException(
                file
                    + ": zip "
                    + String.join(", ", z)
                    + " lists the tuple ("
                    + String.join(", ", t)
                    + ") twice");
          }
        }
      }
      for (Axis a : axes.values()) {
        if (!inZip.contains(a.option())
            && new LinkedHashSet<>(a.values()).size() != a.values().size()) {
          throw new IllegalArgumentException(
              axisWhere.get(a.option())
                  + ": "
                  + a.option()
                  + " lists a value twice: ["
                  + String.join(", ", a.values())
                  + "]");
        }
      }
      for (Map<String, String> cond : excludes) {
        for (String o : cond.keySet()) {
          if (!known.contains(o)) {
            throw new IllegalArgumentException(file + ": exclude names unknown option '" + o + "'");
          }
        }
      }
      return new Grid(
          fixed, List.copyOf(axes.values()), List.copyOf(zips), List.copyOf(excludes), skipInvalid);
    }
  }
}
