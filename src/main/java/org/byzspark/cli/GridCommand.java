package org.byzspark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.experiment.Grid;
import org.byzspark.experiment.GridRunner;
import org.byzspark.experiment.ResultsTables;
import org.byzspark.experiment.RunId;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.TrainSetup;
import org.byzspark.train.Trainer;
import org.byzspark.train.hgo.HgoOptions;

/**
 * {@code byzspark grid FILE}: every run of a grid file in one Spark application (see {@link Grid}
 * for the format and {@link GridRunner} for how runs share the application). Every run is resolved
 * and validated before Spark starts; invalid runs end the command with one line each and exit code
 * 2, having written nothing, unless the grid says {@code invalid = skip}. Exit code 0 when every
 * run finished, 1 when some failed (their errors are in their run.json and in summary.csv).
 */
final class GridCommand {
  static final OptionSpec<Boolean> DRY_RUN =
      OptionSpec.toggle("dry-run")
          .group(OptionGroup.COMMAND)
          .help("print one line per run (id and settings) and do nothing else");

  static final OptionSpec<Integer> PARALLEL =
      OptionSpec.integer("parallel", "K")
          .defaultValue("2")
          .check(k -> k >= 1, "an integer >= 1")
          .group(OptionGroup.COMMAND)
          .help("runs in flight at once (driver threads, FAIR pools)");

  static final String DEFAULT_OUT = "runs/<grid name>";

  static final OptionSpec<String> OUT =
      OptionSpec.text("out", "DIR")
          .defaultValue(DEFAULT_OUT)
          .group(OptionGroup.COMMAND)
          .help("grid directory: `runs/<run-id>/` per run, and the results tables");

  /** grid's own options, and train's Spark master. */
  static final List<OptionSpec<?>> DECLARATIONS =
      List.of(DRY_RUN, PARALLEL, OUT, TrainOptions.MASTER);

  static List<Scopt.Opt> options() {
    return Scopt.opts(DECLARATIONS);
  }

  private GridCommand() {}

  /** A run of the expansion after resolution: valid (spec) or not (error). */
  record Resolved(Map<String, String> axes, GridRunner.RunSpec spec, String error) {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<Scopt.Opt> opts = options();
    String file = null;
    List<String> rest = new ArrayList<>();
    for (String a : args) {
      if (file == null && !a.startsWith("-") && (rest.isEmpty() || !needsValue(rest, opts))) {
        file = a;
      } else {
        rest.add(a);
      }
    }
    Scopt.Parsed parsed =
        Scopt.parse(
            "byzspark grid FILE",
            "Run every run of a grid file in one Spark application. Its lines may set every"
                + " option of 'byzspark train' but "
                + TrainOptions.flagged(OptionSpec.Flag.GRID, false).stream()
                    .map(x -> "--" + x.name())
                    .collect(java.util.stream.Collectors.joining(", "))
                + ".",
            opts,
            rest.toArray(String[]::new));
    if (parsed.help() != null) {
      out.print(parsed.help());
      return 0;
    }
    if (parsed.error() != null) {
      throw new CliError(parsed.error() + "; see 'byzspark grid --help'");
    }
    if (file == null) {
      throw new CliError("missing the grid FILE; usage: byzspark grid FILE [options]");
    }
    OptionValues o = Options.resolve(opts, parsed.values(), Map.of()).values(DECLARATIONS);
    int parallel = o.get(PARALLEL);
    String dir =
        o.get(OUT).equals(DEFAULT_OUT)
            ? "runs/" + new Path(file).getName().replaceFirst("\\.grid$", "")
            : o.get(OUT);
    Grid grid = read(file);
    List<Resolved> all = resolve(grid, dir, true);
    List<Resolved> invalid = all.stream().filter(r -> r.error() != null).toList();
    List<GridRunner.RunSpec> runs =
        all.stream().filter(r -> r.spec() != null).map(Resolved::spec).toList();
    if (!invalid.isEmpty() && !grid.skipInvalid()) {
      for (Resolved r : invalid) {
        err.println("byzspark grid: error: run " + RunId.label(r.axes()) + ": " + r.error());
      }
      err.println(
          "byzspark grid: error: "
              + invalid.size()
              + " of "
              + all.size()
              + " runs are invalid; nothing was run (add 'invalid = skip' to the grid to skip them)");
      return 2;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (GridRunner.RunSpec r : runs) {
      if (seen.merge(r.id(), 1, Integer::sum) > 1) {
        throw new CliError(
            "two runs have the same id " + r.id() + " (the grid lists the same combination twice)");
      }
    }
    if (o.get(DRY_RUN)) {
      for (GridRunner.RunSpec r : runs) {
        out.println(
            r.id()
                + "  "
                + TrainCommand.describe(r.cfg())
                + ", "
                + r.hgo().algorithm()
                + ", seed "
                + r.cfg().seed());
      }
      for (Resolved r : invalid) {
        out.println("skipped " + RunId.label(r.axes()) + ": " + r.error());
      }
      return 0;
    }
    for (Resolved r : invalid) {
      err.println("byzspark grid: skipped " + RunId.label(r.axes()) + ": " + r.error());
    }

    SparkConf conf = new SparkConf().setAppName("ByzSpark grid " + new Path(file).getName());
    Trainer.applySparkDefaults(conf);
    conf.set("spark.scheduler.mode", "FAIR");
    java.nio.file.Path pools;
    try {
      pools = java.nio.file.Files.createTempFile("byzspark-pools", ".xml");
      java.nio.file.Files.writeString(pools, GridRunner.poolsXml(parallel));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the scheduler pools file", e);
    }
    conf.setIfMissing("spark.scheduler.allocation.file", pools.toUri().toString());
    if (o.get(TrainOptions.MASTER) != null) {
      conf.setMaster(o.get(TrainOptions.MASTER));
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    TrainCommand.authenticate(conf, System.getenv(TrainCommand.AUTH_SECRET_ENV));
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      err.println("byzspark grid: " + file + " on " + sc.master() + ", output " + dir);
      GridRunner runner =
          new GridRunner(sc, dir, parallel, line -> err.println("byzspark grid: " + line));
      long t0 = System.nanoTime();
      List<GridRunner.Outcome> outcomes = runner.run(runs);
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<ResultsTables.RunRecord> records = new ArrayList<>();
      for (GridRunner.RunSpec r : runs) {
        ResultsTables.RunRecord rec = ResultsTables.read(r.cfg().out(), sc.hadoopConfiguration());
        if (rec != null) {
          records.add(rec);
        }
      }
      ResultsTables.write(dir, ResultsTables.build(records), sc.hadoopConfiguration());
      long failed = outcomes.stream().filter(x -> x.status().equals("failed")).count();
      long resumed = outcomes.stream().filter(x -> x.status().equals("resumed")).count();
      // each line formatted first and written at once: printf writes a line in pieces, and
      // another stream merged with this one (a caller reading both) can land between them
      err.print(
          String.format(
              Locale.ROOT,
              "byzspark grid: datasets loaded and dealt: %d%n",
              runner.cache().loads()));
      out.print(
          String.format(
              Locale.ROOT,
              "%d runs: %d finished now, %d finished earlier, %d failed, %d skipped as invalid;"
                  + " %.1f s; tables in %s%n",
              all.size(),
              outcomes.size() - failed - resumed,
              resumed,
              failed,
              invalid.size(),
              seconds,
              dir));
      out.flush();
      return failed == 0 ? 0 : 1;
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(pools);
      } catch (java.io.IOException e) {
        // a temporary file of a few hundred bytes
      }
    }
  }

  /** Whether the last collected argument is an option that takes a value (so the next is it). */
  private static boolean needsValue(List<String> rest, List<Scopt.Opt> opts) {
    String last = rest.get(rest.size() - 1);
    return last.startsWith("--")
        && !last.contains("=")
        && opts.stream().anyMatch(x -> ("--" + x.name()).equals(last) && x.valueName() != null);
  }

  /**
   * The resolved configuration a run's hash is taken from (through {@link RunId#hashed}, which
   * keeps the options the grid sets): the options of {@link TrainConfig}, plus those of {@link
   * HgoOptions} unless every one of the latter that changes a RESAM run is at its default and the
   * model is a classifier; in that case an option of {@link HgoOptions} the grid sets is hashed by
   * its lines as written. This keeps the ids of the runs of every grid written before these options
   * existed.
   */
  static Map<String, Object> hashed(TrainConfig cfg, HgoOptions hgo) {
    HgoOptions d = HgoOptions.defaults();
    boolean asWritten =
        hgo.algorithm().equals(d.algorithm())
            && hgo.quorumSize() == d.quorumSize()
            && hgo.split().equals(d.split())
            && hgo.placement().equals(d.placement())
            && hgo.declaredByzantine() == d.declaredByzantine()
            && hgo.lrSchedule().equals(d.lrSchedule())
            && hgo.binaryClasses().isBlank()
            && hgo.hidden() == d.hidden()
            && hgo.batchSizes().isBlank()
            && !TrainSetup.isRegression(cfg);
    if (asWritten) {
      return cfg.asMap();
    }
    Map<String, Object> m = new LinkedHashMap<>(cfg.asMap());
    m.putAll(hgo.asMap());
    return m;
  }

  /**
   * Reads a grid file, whose lines may set the options of train declared for grids ({@link
   * OptionSpec.Flag#GRID}).
   */
  static Grid read(String file) {
    try {
      Set<String> known = new HashSet<>();
      Set<String> repeatable = new HashSet<>();
      for (OptionSpec<?> t : TrainOptions.flagged(OptionSpec.Flag.GRID, true)) {
        known.add(t.name());
        if (t.repeatable()) {
          repeatable.add(t.name());
        }
      }
      return Grid.read(file, known, repeatable);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
  }

  /**
   * Every point of the grid resolved into a configuration and validated, or its error; {@code
   * files} false skips the presence of the input files (as {@code train --validate-only} does).
   */
  static List<Resolved> resolve(Grid grid, String dir, boolean files) {
    List<Scopt.Opt> trainOpts = TrainCommand.options();
    List<Resolved> out = new ArrayList<>();
    for (Grid.Point p : grid.expand()) {
      Map<String, List<String>> layer = new LinkedHashMap<>(p.settings());
      layer.put("out", List.of(dir));
      try {
        OptionValues values = Options.resolve(trainOpts, Map.of(), layer).values(TrainOptions.ALL);
        TrainConfig probe = TrainCommand.config(values);
        HgoOptions hgo = HgoOptions.of(values);
        // the same checks as train
        TrainCommand.checkBeforeSpark(probe, new Configuration(), hgo, files);
        String hash =
            RunId.hash(RunId.hashed(hashed(probe, hgo), probe.resolvedParams(), p.settings()));
        String id = RunId.of(p.axes(), hash);
        layer.put("out", List.of(GridRunner.runDir(dir, id)));
        TrainConfig cfg = TrainCommand.config(Options.resolve(trainOpts, Map.of(), layer));
        out.add(new Resolved(p.axes(), new GridRunner.RunSpec(id, p.axes(), cfg, hgo, hash), null));
      } catch (CliError | IllegalArgumentException e) {
        out.add(new Resolved(p.axes(), null, e.getMessage()));
      }
    }
    return out;
  }
}
