package org.byzspark.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.io.VectorCsv;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.TrainOptions;
import org.byzspark.util.Params;

/**
 * What the offline subcommands ({@code aggregate}, {@code attack}, {@code theory}) share: option
 * parsing with help, required options, typed checks, building a rule and reading/writing vector
 * files (see {@link VectorCsv}; paths go through Hadoop FileSystem, local paths work as is).
 */
final class Offline {
  static final String REQUIRED = " (required)";

  /** The training step an offline aggregation or attack stands for (its round's randomness). */
  static final OptionSpec<Long> STEP =
      OptionSpec.longInteger("step", "T")
          .defaultValue("1")
          .check(t -> t >= 1, "an integer >= 1")
          .group(OptionGroup.COMMAND)
          .help("training step t >= 1 the vectors stand for (seeds randomised rules and attacks)");

  /** The server's gradient g₀ of a rule that uses one (fltrust): a file of one line. */
  static final OptionSpec<String> REFERENCE =
      OptionSpec.text("reference", "FILE")
          .group(OptionGroup.COMMAND)
          .help(
              "the server's gradient g0 on its root data, one line of d values (as --input): needed"
                  + " by a rule that uses it (fltrust), refused by the others");

  static OptionSpec<String> input(String help) {
    return OptionSpec.text("input", "FILE").required().group(OptionGroup.COMMAND).help(help);
  }

  static OptionSpec<String> output(String help) {
    return OptionSpec.text("output", "FILE").required().group(OptionGroup.COMMAND).help(help);
  }

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
    return new Round(o.get(STEP), o.get(TrainOptions.SEED));
  }

  /** The rule of --aggregator (NAME or NAME:k=v,...), --agg-param and --pre. */
  static Aggregator rule(Options o) {
    try {
      Map.Entry<String, Params> rule = Params.parseNamed(o.get(TrainOptions.AGGREGATOR));
      return Aggregators.pipeline(
          o.get(TrainOptions.PRE),
          rule.getKey(),
          rule.getValue().with(Params.parse(o.get(TrainOptions.AGG_PARAM))));
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  /**
   * The rule's initial state, with the server's gradient of {@code --reference} (one vector of
   * dimension d) for a rule that uses one; fails when it is missing, or given to another rule.
   */
  static RuleState ruleState(Options o, Aggregator rule, int d) {
    boolean uses = rule != null && rule.usesServerGradient();
    if (!uses) {
      if (o.has("reference")) {
        throw new CliError(
            "--reference: "
                + o.string("reference")
                + " is not allowed with "
                + (rule == null ? "no --aggregator" : "--aggregator " + rule.name())
                + "; allowed: only with a rule that uses the server's gradient (fltrust)");
      }
      return rule == null ? RuleState.EMPTY : rule.initialState();
    }
    if (!o.has("reference")) {
      throw new CliError(
          "--reference FILE is required with --aggregator "
              + rule.name()
              + ": the server's gradient g0 on its root data, one line of "
              + d
              + " values");
    }
    double[][] g0 = read(o, "reference", d);
    if (g0.length != 1) {
      throw new CliError(
          "--reference: " + o.string("reference") + " has " + g0.length + " vectors, expected 1");
    }
    return rule.initialState().with(RuleState.SERVER_GRADIENT, g0[0]);
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
