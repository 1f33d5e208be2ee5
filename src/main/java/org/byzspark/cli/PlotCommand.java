package org.byzspark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.byzspark.experiment.Csv;
import org.byzspark.experiment.Plots;

/**
 * {@code byzspark plot DIR}: curves and heatmaps (PNG and SVG) into {@code DIR/plots/} from the
 * tables a grid or a train run wrote into DIR (see {@link Plots}). No Spark needed.
 */
final class PlotCommand {
  private PlotCommand() {}

  static List<Scopt.Opt> options() {
    return List.of();
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
    Scopt.Parsed parsed = Scopt.parse("byzspark plot DIR",
        "Draw curves and heatmaps (PNG and SVG, into DIR/plots/) from the tables of a grid or"
            + " train directory.", options(), rest.toArray(String[]::new));
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
    Configuration hadoop = new Configuration();
    String summaryText = read(dir, "summary.csv", hadoop);
    List<Map<String, String>> summary = Csv.parse(summaryText);
    if (summary.isEmpty()) {
      throw new CliError(dir + "/summary.csv has no runs; nothing to plot");
    }
    List<String> header = new ArrayList<>(summary.get(0).keySet());
    List<String> config = header.subList(header.indexOf("status") + 1,
        header.indexOf("final_accuracy"));
    List<Map<String, String>> results = Csv.parse(read(dir, "results.csv", hadoop));
    List<Map<String, String>> worst = Csv.parse(read(dir, "worst-case.csv", hadoop));
    System.setProperty("java.awt.headless", "true");
    String plots = new Path(dir, "plots").toString();
    List<String> written = new Plots(config, summary, results, worst).writeAll(plots, hadoop);
    for (String w : written) {
      out.println(new Path(plots, w));
    }
    return 0;
  }

  private static String read(String dir, String name, Configuration hadoop) {
    Path p = new Path(dir, name);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.isFile(p)) {
        throw new CliError(dir + " has no " + name
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
