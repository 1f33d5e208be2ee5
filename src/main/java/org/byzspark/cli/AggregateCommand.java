package org.byzspark.cli;

import java.io.PrintStream;
import java.util.List;
import org.byzspark.aggregation.Aggregation;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.TrainOptions;

/**
 * {@code byzspark aggregate}: applies a rule (optionally after pre-aggregators) to the vectors of a
 * CSV file and writes the aggregate as one CSV line. No Spark. Files are read and written through
 * Hadoop FileSystem (local paths work as is), the output atomically; see {@link
 * org.byzspark.io.VectorCsv} for the format. Any invalid option or input ends the command with one
 * line on standard error and exit code 2, and the output file is not created.
 */
final class AggregateCommand {
  static final String SUB = "aggregate";

  private AggregateCommand() {}

  static final OptionSpec<String> HELP_RULE =
      OptionSpec.text("help-rule", "NAME")
          .group(OptionGroup.COMMAND)
          .help("print the parameters of a rule or pre-aggregator, with defaults, and exit");

  /** The rule's group of train (the rule required), f, the round, and the files. */
  static final List<OptionSpec<?>> DECLARATIONS =
      List.of(
          HELP_RULE,
          TrainOptions.AGGREGATOR.withoutDefault().required(),
          TrainOptions.AGG_PARAM,
          TrainOptions.PRE,
          TrainOptions.BYZANTINE
              .withoutDefault()
              .required()
              .help("declared number f of Byzantine vectors, 0 ≤ f < n"),
          TrainOptions.SEED,
          Offline.STEP,
          Offline.input(
              "the n vectors, one per line, values separated by commas or blanks (NumPy's"
                  + " savetxt output too: nan, inf in any case); # comments and blank lines"
                  + " skipped"),
          Offline.REFERENCE,
          Offline.output("where to write the aggregate (one line); replaced atomically"));

  static List<Scopt.Opt> options() {
    return Scopt.opts(DECLARATIONS);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    int help = ComponentHelp.maybe(args, "--help-rule", true, out);
    if (help >= 0) {
      return help;
    }
    Options o =
        Offline.parse(
            SUB,
            "Aggregate the vectors of a CSV file with a robust rule (offline, no Spark).",
            options(),
            args,
            out);
    if (o == null) {
      return 0;
    }
    int f = o.get(TrainOptions.BYZANTINE);
    Round round = Offline.round(o);
    Aggregator rule = Offline.rule(o);
    double[][] x = Offline.read(o, "input", -1);
    int n = x.length;
    int d = x[0].length;
    Offline.checkF(f, n, n + " vectors in " + o.string("input"));
    RuleState state = Offline.ruleState(o, rule, d);
    double[] agg;
    String report;
    try {
      rule.check(n, f, d);
      Aggregation result = rule.aggregate(VectorSet.of(x), f, round, state);
      agg = result.value().toArray();
      report = result.report();
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
    if (report != null && !report.isEmpty()) {
      err.println("byzspark " + SUB + ": " + rule.name() + ": " + report);
    }
    Offline.write(o, "output", new double[][] {agg});
    return 0;
  }
}
