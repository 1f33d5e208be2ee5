package org.byzspark.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Entry point of the {@code byzspark} command and of the jar given to {@code spark-submit}.
 *
 * <p>Exit codes: 0 success, 2 invalid usage or input (one line on standard error, nothing written),
 * 1 any other failure.
 */
public final class Main {
  private static final String USAGE =
      String.join(
          "\n",
          "usage: byzspark SUBCOMMAND [options]",
          "",
          "Byzantine-resilient distributed training on Apache Spark.",
          "",
          "subcommands:",
          "  train      train a model with Byzantine workers (see: byzspark train --help)",
          "  grid       run every run of a grid file in one Spark application",
          "  plot       draw curves and heatmaps of a grid or run directory (PNG and SVG)",
          "  aggregate  aggregate the vectors of a CSV file with a rule, offline",
          "  attack     forge Byzantine messages from honest ones in CSV files, offline",
          "  predict    predict a dataset with a saved model (OUT/model), written as Parquet",
          "  evaluate   accuracy (or MSE) of a saved model on a dataset",
          "  theory     requirements and resilience coefficients of every rule for (n, f, d)",
          "  resilience RESAM's resilient-averaging ratio of rules on recorded messages",
          "  slowdown   a rule's error around the full gradient against averaging's (AggregaThor)",
          "  rate       BRSGD's rate: slope of log min grad norm against log K, with its 95% CI",
          "  params     every rule, pre-aggregator and attack with its parameters",
          "  options    every option of train by group, with its default and flags",
          "",
          "Run 'byzspark SUBCOMMAND --help' for the options of a subcommand.");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command line and returns its exit code (never calls System.exit). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "train":
          return TrainCommand.run(rest, out, err);
        case "grid":
          return GridCommand.run(rest, out, err);
        case "plot":
          return PlotCommand.run(rest, out, err);
        case "predict":
          return ModelCommand.run(ModelCommand.PREDICT, rest, out, err);
        case "evaluate":
          return ModelCommand.run(ModelCommand.EVALUATE, rest, out, err);
        case "aggregate":
          return AggregateCommand.run(rest, out, err);
        case "attack":
          return AttackCommand.run(rest, out, err);
        case "theory":
          return TheoryCommand.run(rest, out, err);
        case "resilience":
          return ResilienceCommand.run(rest, out, err);
        case "slowdown":
          return SlowdownCommand.run(rest, out, err);
        case "rate":
          return RateCommand.run(rest, out, err);
        case "params":
          return ComponentHelp.run(rest, out, err);
        case "options":
          return OptionsCommand.run(rest, out, err);
        default:
          err.println(
              "byzspark: error: unknown subcommand '"
                  + args[0]
                  + "'; allowed: train, grid, plot, predict, evaluate, aggregate, attack, theory,"
                  + " resilience, slowdown, rate,"
                  + " params, options");
          return 2;
      }
    } catch (CliError e) {
      err.println("byzspark " + args[0] + ": error: " + e.getMessage());
      return 2;
    }
  }
}
