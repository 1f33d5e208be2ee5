package org.byzspark.cli;

import java.io.PrintStream;
import java.util.List;
import org.byzspark.aggregation.Aggregation;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.VectorSet;

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

  static List<Scopt.Opt> options() {
    return List.of(
        Scopt.Opt.of(
            "help-rule",
            "NAME",
            null,
            "print the parameters of a rule or pre-aggregator, with defaults, and exit"),
        Scopt.Opt.of(
            "aggregator",
            "NAME",
            null,
            "aggregation rule, NAME or NAME:key=value,...; one of: "
                + String.join(", ", Aggregators.names())
                + Offline.REQUIRED),
        Scopt.Opt.of(
            "byzantine",
            "F",
            null,
            "declared number f of Byzantine vectors, 0 <= f < n" + Offline.REQUIRED),
        Scopt.Opt.repeated("agg-param", "KEY=VALUE", "a parameter of the rule (repeatable)"),
        Scopt.Opt.repeated(
            "pre",
            "SPEC,...",
            "pre-aggregators applied in order before the rule, e.g. nnm,clip:c=2; one of: "
                + String.join(", ", Aggregators.preNames())),
        Scopt.Opt.of("seed", "S", "1", "seed of randomised rules and pre-aggregators"),
        Scopt.Opt.of("step", "T", "1", "training step t >= 1 the aggregation stands for"),
        Scopt.Opt.of(
            "input",
            "FILE",
            null,
            "the n vectors, one per line, values separated by commas or blanks (NumPy's savetxt"
                + " output too: nan, inf in any case); # comments and blank lines skipped"
                + Offline.REQUIRED),
        Scopt.Opt.of(
            "output",
            "FILE",
            null,
            "where to write the aggregate (one line); replaced atomically" + Offline.REQUIRED));
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
    int f = o.integer("byzantine");
    Round round = Offline.round(o);
    Aggregator rule = Offline.rule(o);
    double[][] x = Offline.read(o, "input", -1);
    int n = x.length;
    int d = x[0].length;
    Offline.checkF(f, n, n + " vectors in " + o.string("input"));
    double[] agg;
    String report;
    try {
      rule.check(n, f, d);
      Aggregation result = rule.aggregate(VectorSet.of(x), f, round, rule.initialState());
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
