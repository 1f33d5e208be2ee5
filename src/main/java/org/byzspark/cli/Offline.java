package org.byzspark.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.io.VectorCsv;
import org.byzspark.util.Params;

/**
 * What the offline subcommands ({@code aggregate}, {@code attack}, {@code theory}) share: option
 * parsing with help, required options, typed checks, building a rule and reading/writing vector
 * files (see {@link VectorCsv}; paths go through Hadoop FileSystem, local paths work as is).
 */
final class Offline {
  static final String REQUIRED = " (required)";

  private Offline() {}

  /** Parses the command line; null when help was printed (the caller then returns 0). */
  static Options parse(
      String sub, String header, List<Scopt.Opt> opts, String[] args, PrintStream out) {
    Scopt.Parsed parsed = Scopt.parse("byzspark " + sub, header, opts, args);
    if (parsed.help() != null) {
      out.print(parsed.help());
      return null;
    }
    if (parsed.error() != null) {
      throw new CliError(parsed.error() + "; see 'byzspark " + sub + " --help'");
    }
    Options o = Options.resolve(opts, parsed.values(), Map.of());
    for (Scopt.Opt opt : opts) {
      if (opt.help().endsWith(REQUIRED) && !o.has(opt.name())) {
        throw new CliError("--" + opt.name() + " is required; see 'byzspark " + sub + " --help'");
      }
    }
    return o;
  }

  /** An integer option that must be {@code >= min}. */
  static int intAtLeast(Options o, String name, int min) {
    int v = o.integer(name);
    if (v < min) {
      throw new CliError("--" + name + ": " + v + " is not allowed; allowed: an integer >= " + min);
    }
    return v;
  }

  /** The round of --step and --seed. */
  static Round round(Options o) {
    long seed = o.longValue("seed");
    long step = o.longValue("step");
    if (step < 1) {
      throw new CliError("--step: " + step + " is not allowed; allowed: an integer >= 1");
    }
    return new Round(step, seed);
  }

  /** The rule of --aggregator (NAME or NAME:k=v,...), --agg-param and --pre. */
  static Aggregator rule(Options o) {
    try {
      Map.Entry<String, Params> rule = Params.parseNamed(o.string("aggregator"));
      List<String> pre =
          o.all("pre").stream().flatMap(s -> TrainCommand.splitPre(s).stream()).toList();
      return Aggregators.pipeline(
          pre, rule.getKey(), rule.getValue().with(Params.parse(o.all("agg-param"))));
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  /** Fails unless {@code 0 <= f < n} (n = the number of vectors). */
  static void checkF(int f, int n, String what) {
    if (f < 0 || f >= n) {
      throw new CliError(
          "--byzantine: " + f + " is not allowed with " + what + "; allowed: 0 <= f < n");
    }
  }

  static double[][] read(Options o, String option, int expectedDim) {
    try {
      return VectorCsv.read(o.string(option), "--" + option, expectedDim);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  static void write(Options o, String option, double[][] rows) {
    try {
      VectorCsv.write(o.string(option), "--" + option, rows);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }
}
