package org.byzspark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.byzspark.fidelity.RateFit;
import org.byzspark.io.Csv;
import org.byzspark.train.hgo.LrSchedule;

/**
 * {@code byzspark rate}: BRSGD's rate check on finished runs. For each run directory (or every run
 * of a grid directory), the least-squares slope of log min_{k≤K} ‖∇F(w_k)‖ against log K over the
 * evaluations with K ≥ {@code --kmin}, with its 95% confidence interval ({@link RateFit}), next to
 * −(1 − p)/2 for the run's {@code poly} schedule, and the final grad_norm and test accuracy. A
 * Markdown table; files through Hadoop FileSystem. {@code scripts/brsgd-slope.sh} calls it.
 */
final class RateCommand {
  static final String SUB = "rate";

  private RateCommand() {}

  static List<Scopt.Opt> options() {
    return List.of(
        Scopt.Opt.repeated(
            "run",
            "DIR",
            "a run directory (with metrics.csv and run.json) or a grid directory (every run under"
                + " its runs/); repeatable"
                + Offline.REQUIRED),
        Scopt.Opt.of(
            "kmin", "K", "20", "fit the evaluations with K >= this step only (an integer >= 1)"));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o =
        Offline.parse(
            SUB,
            "BRSGD's rate: slope of log min grad norm against log K with its 95% interval.",
            options(),
            args,
            out);
    if (o == null) {
      return 0;
    }
    int kmin = Offline.intAtLeast(o, "kmin", 1);
    Configuration conf = new Configuration();
    List<Path> runs = new ArrayList<>();
    for (String d : o.all("run")) {
      runs.addAll(runs(d, conf));
    }
    out.println(
        "| run | p | fitted slope | 95% CI | -(1-p)/2 | in CI | points | final grad_norm | final"
            + " test accuracy |");
    out.println("|---|---:|---:|---|---:|---|---:|---:|---:|");
    Map<Double, List<Double>> slopes = new TreeMap<>();
    for (Path r : runs) {
      Measured m = measure(r, kmin, conf);
      out.println(m.row());
      if (!Double.isNaN(m.p()) && !Double.isNaN(m.slope())) {
        slopes.computeIfAbsent(m.p(), k -> new ArrayList<>()).add(m.slope());
      }
    }
    if (slopes.values().stream().anyMatch(v -> v.size() > 1)) {
      out.println();
      out.print(summary(slopes));
    }
    return 0;
  }

  /**
   * Per p of several runs (seeds): the fitted slopes' mean ± sample standard deviation, min and
   * max, against −(1−p)/2, and how many runs decay at least as fast as that (slope ≤ −(1−p)/2).
   */
  static String summary(Map<Double, List<Double>> slopes) {
    StringBuilder b = new StringBuilder();
    b.append(
        "| p | runs | slope mean ± sd | min | max | -(1-p)/2 | runs with slope <= -(1-p)/2 |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<Double, List<Double>> e : slopes.entrySet()) {
      List<Double> v = e.getValue();
      double mean = v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      double sd = v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0;
      double bound = RateFit.predictedSlope(e.getKey());
      long steeper = v.stream().filter(x -> x <= bound).count();
      b.append(
          fmt(
              "| %s | %d | %.3f ± %.3f | %.3f | %.3f | %.3f | %d of %d |%n",
              e.getKey(),
              v.size(),
              mean,
              sd,
              v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
              v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
              bound,
              steeper,
              v.size()));
    }
    return b.toString();
  }

  /** One run's table row, its schedule's p (NaN if none) and fitted slope (NaN if no fit). */
  record Measured(String row, double p, double slope) {}

  /** The runs of a run or grid directory. */
  static List<Path> runs(String dir, Configuration conf) {
    Path p = new Path(dir);
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      Path grid = new Path(p, "runs");
      if (fs.exists(grid) && fs.getFileStatus(grid).isDirectory()) {
        List<Path> out = new ArrayList<>();
        FileStatus[] all = fs.listStatus(grid);
        java.util.Arrays.sort(
            all, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        for (FileStatus s : all) {
          if (s.isDirectory() && fs.exists(new Path(s.getPath(), "metrics.csv"))) {
            out.add(s.getPath());
          }
        }
        return out;
      }
      if (fs.exists(new Path(p, "metrics.csv"))) {
        return List.of(p);
      }
    } catch (IOException e) {
      throw new CliError("--run: cannot read " + dir + ": " + e.getMessage());
    }
    throw new CliError(
        "--run: " + dir + " has neither metrics.csv nor runs/; allowed: a run or grid directory");
  }

  static String row(Path run, int kmin, Configuration conf) {
    return measure(run, kmin, conf).row();
  }

  static Measured measure(Path run, int kmin, Configuration conf) {
    String name = run.getName();
    List<Map<String, String>> rows = Csv.parse(read(new Path(run, "metrics.csv"), conf));
    if (!rows.isEmpty() && !rows.get(0).containsKey("grad_norm")) {
      throw new CliError(name + " has no grad_norm column (train with --grad-norm)");
    }
    double p = poly(new Path(run, "run.json"), conf);
    List<Long> steps = new ArrayList<>();
    List<Double> norms = new ArrayList<>();
    String last = "";
    String acc = "";
    for (Map<String, String> r : rows) {
      String g = r.getOrDefault("grad_norm", "");
      if (g.isEmpty()) {
        continue;
      }
      steps.add(Long.parseLong(r.get("step")));
      norms.add(Double.parseDouble(g));
      last = g;
      acc = r.getOrDefault("test_accuracy", "");
    }
    String ps = Double.isNaN(p) ? "" : fmt("%s", p);
    String predicted = Double.isNaN(p) ? "" : fmt("%.3f", RateFit.predictedSlope(p));
    String tail =
        " | "
            + (last.isEmpty() ? "" : fmt("%.4g", Double.parseDouble(last)))
            + " | "
            + (acc.isEmpty() ? "" : fmt("%.4f", Double.parseDouble(acc)))
            + " |";
    RateFit.Fit fit;
    try {
      fit =
          RateFit.brsgd(
              steps.stream().mapToLong(Long::longValue).toArray(),
              norms.stream().mapToDouble(Double::doubleValue).toArray(),
              kmin);
    } catch (IllegalArgumentException e) {
      return new Measured(
          "| "
              + name
              + " | "
              + ps
              + " | ("
              + e.getMessage()
              + ", K >= "
              + kmin
              + ") | | "
              + predicted
              + " | | |"
              + tail,
          p,
          Double.NaN);
    }
    boolean interval = !Double.isNaN(fit.lower());
    String ci = interval ? fmt("[%.3f, %.3f]", fit.lower(), fit.upper()) : "(3 points needed)";
    String in =
        !interval || Double.isNaN(p) ? "" : fit.covers(RateFit.predictedSlope(p)) ? "yes" : "no";
    return new Measured(
        "| "
            + name
            + " | "
            + ps
            + " | "
            + fmt("%.3f", fit.slope())
            + " | "
            + ci
            + " | "
            + predicted
            + " | "
            + in
            + " | "
            + fit.points()
            + tail,
        p,
        fit.slope());
  }

  /** p of the run's poly schedule (bare poly: 0.75), NaN for another schedule or no run.json. */
  static double poly(Path runJson, Configuration conf) {
    String text;
    try {
      text = read(runJson, conf);
    } catch (CliError e) {
      return Double.NaN;
    }
    try {
      JsonNode s = new ObjectMapper().readTree(text).path("config").path("lr-schedule");
      if (!s.isTextual()) {
        return Double.NaN;
      }
      LrSchedule schedule = LrSchedule.parse(s.asText());
      return schedule.name().equals("poly") ? schedule.p() : Double.NaN;
    } catch (IOException | IllegalArgumentException e) {
      return Double.NaN;
    }
  }

  static String read(Path p, Configuration conf) {
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf);
        InputStream in = fs.open(p)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw new CliError(p + " not found");
    } catch (IOException e) {
      throw new CliError("cannot read " + p + ": " + e.getMessage());
    }
  }

  private static String fmt(String f, Object... a) {
    return String.format(Locale.ROOT, f, a);
  }
}
