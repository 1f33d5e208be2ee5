package org.byzspark.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.byzspark.cli.Cli;
import org.byzspark.cli.Cli.Outcome;
import org.byzspark.data.Synthetic;
import org.byzspark.io.Csv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code byzspark grid} end to end on small generated data: failure isolation, shared data loaded
 * once per key, resume, the tables (CSV and Parquet), equality with a single {@code train} run, and
 * validation of every run before anything starts.
 */
class GridIT {
  @TempDir static Path tmp;
  static Path mnist;

  @BeforeAll
  static void data() throws Exception {
    mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 600, 200, 5, 5, 7);
  }

  static Outcome run(String... args) {
    return Cli.run(args);
  }

  static final String BASE =
      "dataset = mnist:%s\nmodel = softmax\nworkers = 5\nbyzantine = 1\nmomentum = 0.9\n"
          + "steps = 12\nbatch-size = 8\nlr = 0.3\neval-every = 6\ncheckpoint-every = 5\n";

  static Path grid(String name, String body) throws Exception {
    Path base = tmp.resolve("base.conf");
    Files.writeString(base, String.format(BASE, mnist));
    Path g = tmp.resolve(name);
    Files.writeString(g, "include = base.conf\n" + body);
    return g;
  }

  static List<String> deterministic(Path metrics) throws Exception {
    List<String> cols = new ArrayList<>();
    for (String l : Files.readAllLines(metrics)) {
      String[] f = l.split(",", -1);
      cols.add(f[0] + "," + f[1] + "," + f[2]);
    }
    return cols;
  }

  static List<Path> runDirs(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
      return s.sorted(Comparator.comparing(Path::toString)).toList();
    }
  }

  @Test
  void runsIsolatesFailuresSharesDataResumesAndWritesTables() throws Exception {
    Path g =
        grid(
            "a.grid",
            "aggregator = [average, cwtm]\nattack = [little, nan]\nseed = 1..2\n"
                + "exclude = aggregator=cwtm attack=nan\n");
    Path dir = tmp.resolve("grid-a");
    Outcome o =
        run(
            "grid",
            g.toString(),
            "--out",
            dir.toString(),
            "--parallel",
            "3",
            "--master",
            "local[2]");
    // average under the nan attack diverges: recorded as failed, the others finish; exit code 1
    assertEquals(1, o.code(), o.err());
    assertTrue(o.out().contains("6 runs: 4 finished now, 0 finished earlier, 2 failed"), o.out());
    // two seeds, one (dataset, workers, seed) key each: two loads for six runs
    assertTrue(o.err().contains("datasets loaded and dealt: 2"), o.err());
    assertTrue(o.err().contains("done 6, left 0"), o.err());
    List<Path> runs = runDirs(dir);
    assertEquals(6, runs.size());
    for (Path r : runs) {
      String json = Files.readString(r.resolve("run.json"));
      boolean nan = r.getFileName().toString().contains("attack=nan");
      assertTrue(
          json.contains(nan ? "\"status\" : \"failed\"" : "\"status\" : \"finished\""), json);
      if (nan) {
        assertTrue(json.contains("diverged at step 1"), json);
      }
      // each finished run keeps its model in its own directory
      assertEquals(!nan, Files.exists(r.resolve("model").resolve("parameters.bin")), r.toString());
    }

    // tables: summary one row per run, results one row per (finished run, evaluation)
    List<Map<String, String>> summary = Csv.parse(Files.readString(dir.resolve("summary.csv")));
    assertEquals(6, summary.size());
    List<Map<String, String>> results = Csv.parse(Files.readString(dir.resolve("results.csv")));
    assertEquals(4 * 2, results.size());
    for (Map<String, String> row : results) {
      assertEquals("5", row.get("workers"));
      assertTrue(row.get("step").equals("6") || row.get("step").equals("12"));
    }
    for (Map<String, String> s : summary) {
      Path runDir = dir.resolve("runs").resolve(s.get("run_id"));
      if (s.get("status").equals("finished")) {
        List<String> m = Files.readAllLines(runDir.resolve("metrics.csv"));
        String last = m.get(m.size() - 1).split(",", -1)[2];
        assertEquals(Double.parseDouble(last), Double.parseDouble(s.get("final_accuracy")));
        assertEquals("12", s.get("steps_done"));
      } else {
        assertEquals("", s.get("final_accuracy"));
        assertTrue(s.get("error").contains("diverged"), s.get("error"));
      }
    }
    // worst case: one row per (aggregator, seed); average's only counted attack is little
    List<Map<String, String>> worst = Csv.parse(Files.readString(dir.resolve("worst-case.csv")));
    assertEquals(4, worst.size());
    for (Map<String, String> w : worst) {
      double min =
          summary.stream()
              .filter(
                  s ->
                      s.get("aggregator").equals(w.get("aggregator"))
                          && s.get("seed").equals(w.get("seed"))
                          && !s.get("final_accuracy").isEmpty())
              .mapToDouble(s -> Double.parseDouble(s.get("final_accuracy")))
              .min()
              .orElseThrow();
      assertEquals(min, Double.parseDouble(w.get("worst_final_accuracy")));
      assertEquals(w.get("aggregator").equals("average") ? "1" : "0", w.get("failed"));
      // the attack with its resolved parameters (defaults included), e.g. little:zeta=1
      assertTrue(
          w.get("worst_attack").equals("little") || w.get("worst_attack").startsWith("little:"),
          w.get("worst_attack"));
    }

    // the Parquet table reads back in Spark with the CSV's rows
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("read-back")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      Dataset<Row> df = spark.read().parquet(dir.resolve("results.parquet").toString());
      assertEquals(results.size(), df.count());
      List<String> fromParquet = new ArrayList<>();
      for (Row r : df.select("run_id", "step", "test_accuracy").collectAsList()) {
        fromParquet.add(r.getString(0) + "," + r.getLong(1) + "," + r.getDouble(2));
      }
      List<String> fromCsv = new ArrayList<>();
      for (Map<String, String> r : results) {
        fromCsv.add(
            r.get("run_id")
                + ","
                + r.get("step")
                + ","
                + Double.parseDouble(r.get("test_accuracy")));
      }
      fromParquet.sort(null);
      fromCsv.sort(null);
      assertEquals(fromCsv, fromParquet);
    } finally {
      spark.stop();
    }

    // plots: PNG + SVG per picture; the rule × attack heatmap marks the all-failed cell
    Outcome plot = run("plot", dir.toString());
    assertEquals(0, plot.code(), plot.err());
    Path plots = dir.resolve("plots");
    for (String name :
        List.of("curves-accuracy", "curves-loss", "heatmap-rule-attack", "heatmap-rule-f-worst")) {
      java.awt.image.BufferedImage img =
          javax.imageio.ImageIO.read(plots.resolve(name + ".png").toFile());
      assertTrue(img.getWidth() >= 500 && img.getHeight() >= 300, name);
      String svg = Files.readString(plots.resolve(name + ".svg"));
      assertTrue(svg.startsWith("<?xml") && svg.contains("cwtm") && svg.contains("average"), name);
    }
    String heat = Files.readString(plots.resolve("heatmap-rule-attack.svg"));
    assertTrue(heat.contains("failed") && heat.contains("little") && heat.contains("nan"));
    assertEquals(8, plot.out().lines().count(), plot.out());

    // an unfinished grid (no tables yet, one run still in progress: no run.json) plots what ended
    Path partial = tmp.resolve("partial");
    for (Path r : runs) {
      Path copy = partial.resolve("runs").resolve(r.getFileName());
      Files.createDirectories(copy);
      for (String f : List.of("metrics.csv", "run.json")) {
        if (Files.exists(r.resolve(f))) { // a run that failed at once has no metrics
          Files.copy(r.resolve(f), copy.resolve(f));
        }
      }
    }
    Path running =
        runs.stream().filter(r -> Files.exists(r.resolve("metrics.csv"))).findFirst().orElseThrow();
    Files.delete(partial.resolve("runs").resolve(running.getFileName()).resolve("run.json"));
    Outcome partialPlot = run("plot", partial.toString());
    assertEquals(0, partialPlot.code(), partialPlot.err());
    assertTrue(
        partialPlot
            .err()
            .contains((runs.size() - 1) + " of " + runs.size() + " run directories have ended"),
        partialPlot.err());
    assertTrue(Files.size(partial.resolve("plots").resolve("curves-accuracy.png")) > 0);
    assertTrue(
        Files.readString(partial.resolve("plots").resolve("heatmap-rule-attack.svg"))
            .contains("cwtm"));

    // a grid run equals the same configuration run alone by 'train' (shared data, FAIR pools)
    Path cwtm1 =
        runs.stream()
            .filter(
                r -> r.getFileName().toString().startsWith("aggregator=cwtm_attack=little_seed=1_"))
            .findFirst()
            .orElseThrow();
    Path alone = tmp.resolve("alone");
    Outcome t =
        run(
            "train",
            "--job",
            tmp.resolve("base.conf").toString(),
            "--aggregator",
            "cwtm",
            "--attack",
            "little",
            "--seed",
            "1",
            "--out",
            alone.toString(),
            "--master",
            "local[2]");
    assertEquals(0, t.code(), t.err());
    assertEquals(
        deterministic(alone.resolve("metrics.csv")), deterministic(cwtm1.resolve("metrics.csv")));
    // ... and 'train' writes the same tables for its own directory
    assertEquals(1, Csv.parse(Files.readString(alone.resolve("summary.csv"))).size());
    assertEquals(2, Csv.parse(Files.readString(alone.resolve("results.csv"))).size());

    // resume: finished runs are skipped (run.json untouched), failed ones run again
    String before = Files.readString(cwtm1.resolve("run.json"));
    Outcome again =
        run(
            "grid",
            g.toString(),
            "--out",
            dir.toString(),
            "--parallel",
            "2",
            "--master",
            "local[2]");
    assertEquals(1, again.code(), again.err());
    assertTrue(again.err().contains("6 runs: 4 already finished, 2 to run"), again.err());
    assertEquals(before, Files.readString(cwtm1.resolve("run.json")));
    // deleting one run's directory re-runs only that run (and the failed ones)
    deleteTree(cwtm1);
    Outcome third = run("grid", g.toString(), "--out", dir.toString(), "--master", "local[2]");
    assertTrue(third.err().contains("6 runs: 3 already finished, 3 to run"), third.err());
    assertEquals(
        deterministic(alone.resolve("metrics.csv")), deterministic(cwtm1.resolve("metrics.csv")));
    assertTrue(third.err().contains("datasets loaded and dealt: 2"), third.err());
  }

  /**
   * A grid of resam, hgo and sgd with a deadline, in one application. Each HGO run's metrics equal
   * the same configuration run alone by train (same code path), the tables carry sim_time,
   * grad_norm and lr, a second pass resumes, and the curves can be drawn against sim_time with one
   * line per algorithm.
   */
  @Test
  void gridsRunResamHgoAndSgdThroughTheOneLoop() throws Exception {
    // softmax on 5x5 pixels: d = 260; s = 8, tau = 0.005: a weak worker (about 2e5 coordinates
    // per time unit) computes about 125 coordinates, an average or powerful one all 260; SGD's
    // deadline 0.005 discards the weak workers (a whole gradient takes them about 0.01)
    Path g =
        grid(
            "hgo.grid",
            "momentum = 0\nclip = none\ntau = 0.005\nprofile = c2\n"
                + "algorithm = [resam, hgo, sgd]\nquorum-size = [all, 4]\n"
                + "deadline = [none, 0.005]\n"
                + "exclude = algorithm=resam quorum-size=4\n"
                + "exclude = algorithm=resam deadline=0.005\n"
                + "exclude = algorithm=hgo quorum-size=all\n"
                + "exclude = algorithm=hgo deadline=0.005\n"
                + "exclude = algorithm=sgd quorum-size=all\n"
                + "exclude = algorithm=sgd deadline=none\n");
    Path dir = tmp.resolve("grid-hgo");
    Outcome o =
        run(
            "grid",
            g.toString(),
            "--out",
            dir.toString(),
            "--parallel",
            "2",
            "--master",
            "local[2]");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("3 runs: 3 finished now, 0 finished earlier, 0 failed"), o.out());
    Path hgo = null;
    for (Path r : runDirs(dir)) {
      String name = r.getFileName().toString();
      String header = Files.readAllLines(r.resolve("metrics.csv")).get(0);
      String json = Files.readString(r.resolve("run.json"));
      assertTrue(json.contains("\"status\" : \"finished\""), json);
      assertTrue(json.contains("\"run_id\" : \"" + name + "\""), json);
      assertTrue(json.contains("\"final_sim_time\""), json);
      if (name.startsWith("algorithm=resam")) {
        // resam does not evaluate the gradient norm unless asked
        assertEquals(org.byzspark.io.MetricsTable.header(false, false), header);
      } else {
        assertEquals(org.byzspark.io.MetricsTable.header(false, true), header, name);
      }
      if (name.startsWith("algorithm=hgo")) {
        hgo = r;
      }
    }
    // the tables carry the HGO columns; resam evaluates no gradient norm
    List<Map<String, String>> results = Csv.parse(Files.readString(dir.resolve("results.csv")));
    assertEquals(3 * 2, results.size());
    for (Map<String, String> row : results) {
      String simTime = row.get("sim_time");
      switch (row.get("run_id").replaceFirst("_.*", "")) {
        case "algorithm=resam" -> {
          // the clock waits for the slowest worker's whole gradient at every step
          assertTrue(Double.parseDouble(simTime) > 0, row.toString());
          assertEquals("resam", row.get("algorithm"));
          assertEquals("", row.get("grad_norm"));
        }
        case "algorithm=hgo" -> {
          // the clock advances by tau per step; lr is the constant rate
          assertEquals(
              0.005 * Integer.parseInt(row.get("step")), Double.parseDouble(simTime), 1e-12);
          assertEquals(0.3, Double.parseDouble(row.get("step_lr")));
          assertTrue(Double.parseDouble(row.get("grad_norm")) > 0, row.toString());
          assertTrue(Integer.parseInt(row.get("block_size")) < 260, row.toString());
        }
        default -> {
          assertEquals("sgd", row.get("algorithm"));
          assertEquals("0.005", row.get("deadline"));
          assertEquals(
              0.005 * Integer.parseInt(row.get("step")), Double.parseDouble(simTime), 1e-12);
        }
      }
    }

    // the hgo run equals train with the same options (all but the two timing columns)
    Path alone = tmp.resolve("alone-hgo");
    Outcome t =
        run(
            "train",
            "--dataset",
            "mnist:" + mnist,
            "--model",
            "softmax",
            "--workers",
            "5",
            "--byzantine",
            "1",
            "--momentum",
            "0",
            "--clip",
            "none",
            "--steps",
            "12",
            "--batch-size",
            "8",
            "--lr",
            "0.3",
            "--eval-every",
            "6",
            "--checkpoint-every",
            "5",
            "--tau",
            "0.005",
            "--algorithm",
            "hgo",
            "--quorum-size",
            "4",
            "--master",
            "local[1]",
            "--out",
            alone.toString());
    assertEquals(0, t.code(), t.err());
    assertEquals(
        withoutTimings(alone.resolve("metrics.csv")), withoutTimings(hgo.resolve("metrics.csv")));

    // a second pass finds every run finished
    Outcome again = run("grid", g.toString(), "--out", dir.toString(), "--master", "local[1]");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("3 runs: 3 already finished, 0 to run"), again.err());

    // curves against the simulated clock, one line per algorithm
    Outcome plot = run("plot", dir.toString(), "--x", "sim_time", "--lines", "algorithm");
    assertEquals(0, plot.code(), plot.err());
    assertTrue(Files.size(dir.resolve("plots").resolve("curves-accuracy.png")) > 0);
    assertTrue(
        Files.readString(dir.resolve("plots").resolve("curves-accuracy.svg"))
            .contains("algorithm=sgd"));
  }

  /** metrics.csv without its last two columns (aggregation_ms, step_ms: wall times). */
  static List<String> withoutTimings(Path metrics) throws Exception {
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(metrics)) {
      String[] f = l.split(",", -1);
      out.add(String.join(",", java.util.Arrays.copyOf(f, f.length - 2)));
    }
    return out;
  }

  @Test
  void invalidRunsAreAllNamedBeforeAnythingStarts() throws Exception {
    Path g = grid("bad.grid", "byzantine = [1, 2, 5]\naggregator = [cwtm, krum]\n");
    Path dir = tmp.resolve("grid-bad");
    Outcome o = run("grid", g.toString(), "--out", dir.toString(), "--master", "local[1]");
    assertEquals(2, o.code(), o.err());
    assertEquals("", o.out());
    List<String> lines = o.err().lines().toList();
    // f = 5 with n = 5 is invalid for both rules; krum needs n > 2f + 2, so f = 2 fails for krum
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("run byzantine=5_aggregator=cwtm:")), o.err());
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("run byzantine=5_aggregator=krum:")), o.err());
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("run byzantine=2_aggregator=krum:")), o.err());
    long invalid = lines.stream().filter(l -> l.contains(": run ")).count();
    assertTrue(o.err().contains(invalid + " of 6 runs are invalid"), o.err());
    assertFalse(Files.exists(dir));

    // with 'invalid = skip' they are listed as skipped; the dry run prints one line per run
    Path skip =
        grid("skip.grid", "byzantine = [1, 2, 5]\naggregator = [cwtm, krum]\ninvalid = skip\n");
    Outcome dry = run("grid", skip.toString(), "--out", dir.toString(), "--dry-run");
    assertEquals(0, dry.code(), dry.err());
    List<String> out = dry.out().lines().toList();
    assertEquals(6, out.size());
    assertEquals(invalid, out.stream().filter(l -> l.startsWith("skipped ")).count());
    assertTrue(out.get(0).startsWith("byzantine=1_aggregator=cwtm_"), out.get(0));
    assertFalse(Files.exists(dir));
  }

  static void deleteTree(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
