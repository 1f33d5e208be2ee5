package org.byzspark.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.byzspark.experiment.Plots;
import org.byzspark.experiment.ResultsTables;
import org.byzspark.experiment.ResultsTables.Tables;
import org.byzspark.io.Csv;

/**
 * {@code byzspark plot DIR}: curves and heatmaps (PNG and SVG) into {@code DIR/plots/} from the
 * tables a grid or a train run wrote into DIR (see {@link Plots}). No Spark needed.
 */
final class PlotCommand {
  private PlotCommand() {}

  static List<Scopt.Opt> options() {
    return List.of(
        Scopt.Opt.of(
            "x",
            "COLUMN",
            "step",
            "x-axis of the curves: step, or sim_time (the simulated clock of HGO/SGD runs)"),
        Scopt.Opt.of(
            "lines",
            "OPT,...",
            null,
            "configuration options whose values label the curves' lines (default: the rule),"
                + " e.g. algorithm,deadline"));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String dir = null;
    List<String> rest = new ArrayList<>();
    for (String a : args) {
      if (dir == null && !a.startsWith("-")) {
        dir = a;
      } else {
        rest.add(a);
      }
    }
    Scopt.Parsed parsed =
        Scopt.parse(
            "byzspark plot DIR",
            "Draw curves and heatmaps (PNG and SVG, into DIR/plots/) from the tables of a grid or"
                + " train directory.",
            options(),
            rest.toArray(String[]::new));
    if (parsed.help() != null) {
      out.print(parsed.help());
      return 0;
    }
    if (parsed.error() != null) {
      throw new CliError(parsed.error() + "; see 'byzspark plot --help'");
    }
    if (dir == null) {
      throw new CliError("missing DIR; usage: byzspark plot DIR");
    }
    Options o = Options.resolve(options(), parsed.values(), Map.of());
    String x = o.string("x").strip();
    if (!x.equals("step") && !x.equals("sim_time")) {
      throw new CliError("--x: " + x + " is not allowed; allowed: step, sim_time");
    }
    List<String> lines = new ArrayList<>();
    if (o.has("lines")) {
      for (String c : o.string("lines").split(",")) {
        if (!c.isBlank()) {
          lines.add(c.strip().replace('-', '_'));
        }
      }
    }
    Configuration hadoop = new Configuration();
    Tables tables = tables(dir, hadoop, err);
    List<Map<String, String>> summary = maps(tables.summaryHeader(), tables.summary());
    if (summary.isEmpty()) {
      throw new CliError(dir + " has no finished runs yet; nothing to plot");
    }
    List<String> header = tables.summaryHeader();
    List<String> config =
        header.subList(header.indexOf("status") + 1, header.indexOf("final_accuracy"));
    List<Map<String, String>> results = maps(tables.resultsHeader(), tables.results());
    List<Map<String, String>> worst = maps(tables.worstHeader(), tables.worst());
    for (String c : lines) {
      if (!config.contains(c)) {
        throw new CliError(
            "--lines: "
                + c
                + " is not a configuration column of "
                + dir
                + "; allowed: "
                + String.join(", ", config));
      }
    }
    if (!x.equals("step") && !tables.resultsHeader().contains(x)) {
      throw new CliError(
          "--x: " + x + " is not a column of the runs in " + dir + " (only HGO/SGD runs have it)");
    }
    System.setProperty("java.awt.headless", "true");
    String plots = new Path(dir, "plots").toString();
    List<String> written =
        new Plots(config, summary, results, worst).withCurves(x, lines).writeAll(plots, hadoop);
    for (String w : written) {
      out.println(new Path(plots, w));
    }
    return 0;
  }

  /**
   * The tables to plot. A grid directory ({@code DIR/runs/} exists) is read from its run
   * directories, so an unfinished grid (no tables yet, or tables of an earlier pass) plots every
   * run that has finished so far; runs still in progress (no run.json yet) are counted and left
   * out. A train directory is read from its own tables.
   */
  static Tables tables(String dir, Configuration hadoop, PrintStream err) {
    Path runs = new Path(dir, "runs");
    try {
      FileSystem fs = runs.getFileSystem(hadoop);
      if (!fs.getFileStatus(new Path(dir)).isDirectory()) {
        throw new CliError(
            dir
                + " is not a directory; allowed: a directory written by"
                + " 'byzspark grid' or 'byzspark train'");
      }
      if (!fs.isDirectory(runs)) {
        Csv.Table summary = table(dir, "summary.csv", hadoop);
        Csv.Table results = table(dir, "results.csv", hadoop);
        Csv.Table worst = table(dir, "worst-case.csv", hadoop);
        return new Tables(
            results.header(),
            results.rows(),
            summary.header(),
            summary.rows(),
            worst.header(),
            worst.rows());
      }
      List<FileStatus> dirs = new ArrayList<>();
      for (FileStatus st : fs.listStatus(runs)) {
        if (st.isDirectory()) {
          dirs.add(st);
        }
      }
      dirs.sort(Comparator.comparing(st -> st.getPath().getName()));
      List<ResultsTables.RunRecord> records = new ArrayList<>();
      for (FileStatus st : dirs) {
        ResultsTables.RunRecord r = ResultsTables.read(st.getPath().toString(), hadoop);
        if (r != null) {
          records.add(r);
        }
      }
      if (records.size() < dirs.size()) {
        err.println(
            "byzspark plot: "
                + records.size()
                + " of "
                + dirs.size()
                + " run directories have ended; plotting those (the others are still running or"
                + " were interrupted)");
      }
      return ResultsTables.build(records);
    } catch (FileNotFoundException e) {
      throw new CliError(
          dir
              + " does not exist; allowed: a directory written by 'byzspark grid'"
              + " or 'byzspark train'");
    } catch (IOException e) {
      throw new CliError("cannot read " + dir + ": " + e.getMessage());
    }
  }

  private static List<Map<String, String>> maps(List<String> header, List<List<String>> rows) {
    return new Csv.Table(header, rows).maps();
  }

  private static Csv.Table table(String dir, String name, Configuration hadoop) {
    Csv.Table t = Csv.read(read(dir, name, hadoop));
    if (t.rows().isEmpty()) {
      throw new CliError(dir + "/" + name + " has no runs; nothing to plot");
    }
    return t;
  }

  private static String read(String dir, String name, Configuration hadoop) {
    Path p = new Path(dir, name);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.isFile(p)) {
        throw new CliError(
            dir
                + " has no "
                + name
                + "; allowed: a directory written by 'byzspark grid' or 'byzspark train'");
      }
      try (InputStream in = fs.open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new CliError("cannot read " + p + ": " + e.getMessage());
    }
  }
}
