package org.byzspark.train.hgo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.byzspark.cli.Cli;
import org.byzspark.cli.Cli.Outcome;
import org.byzspark.cli.TrainArgs;
import org.byzspark.data.Synthetic;
import org.byzspark.io.MetricsTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HGO, SGD with a deadline and BRSGD schedules through the command line on generated data. */
class HgoTrainingIT {
  @TempDir static Path tmp;
  static Path mnist;

  @BeforeAll
  static void data() throws Exception {
    mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 1200, 300, 6, 6, 11);
  }

  static Outcome run(String... args) {
    return Cli.run(args);
  }

  static String[] job(Path out, String master, String... extra) {
    return TrainArgs.mnistMlp(mnist)
        .set(
            "--hidden",
            "8",
            "--workers",
            "10",
            "--aggregator",
            "cwmed",
            "--momentum",
            "0",
            "--clip",
            "none",
            "--weight-decay",
            "0",
            "--steps",
            "20")
        .out(out, master)
        .train(extra);
  }

  static List<String[]> rows(Path out) throws Exception {
    List<String[]> r = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("metrics.csv"))) {
      r.add(l.split(",", -1));
    }
    return r;
  }

  /** Every column but the two timings. */
  static List<String> deterministic(Path out) throws Exception {
    List<String> r = new ArrayList<>();
    for (String[] f : rows(out)) {
      r.add(String.join(",", List.of(f).subList(0, 7)));
    }
    return r;
  }

  @Test
  void hgoRunsWithPartialBlocksSimulatedTimeAndIsDeterministic() throws Exception {
    Path a = tmp.resolve("hgo-a");
    Path c = tmp.resolve("hgo-c");
    String[] extra = {
      "--algorithm",
      "hgo",
      "--quorum-size",
      "8",
      "--tau",
      "0.01",
      "--split",
      "classes:3",
      "--byzantine-placement",
      "fixed-random"
    };
    Outcome o = run(job(a, "local[2]", extra));
    assertEquals(0, o.code(), o.err());
    assertEquals(0, run(job(c, "local[1]", extra)).code());
    List<String[]> r = rows(a);
    assertEquals(MetricsTable.header(false, true), String.join(",", r.get(0)));
    assertEquals(21, r.size());
    int d = 8 * 36 + 8 + 10 * 8 + 10;
    boolean partial = false;
    for (int t = 1; t <= 20; t++) {
      String[] f = r.get(t);
      assertEquals(t * 0.01, Double.parseDouble(f[4]), 1e-12, "sim_time = t·τ");
      assertEquals(0.5, Double.parseDouble(f[5]));
      int block = Integer.parseInt(f[6]);
      assertTrue(block >= 1 && block <= d, "block " + block);
      partial |= block < d;
      boolean evaluated = t % 10 == 0;
      assertEquals(evaluated, !f[2].isEmpty(), "accuracy at evaluations only");
      assertEquals(evaluated, !f[3].isEmpty(), "grad_norm at evaluations only");
    }
    assertTrue(partial, "with τ = 0.01 the weak workers send partial gradients");
    assertTrue(Double.parseDouble(r.get(20)[3]) > 0);
    assertEquals(deterministic(a), deterministic(c), "local[1] vs local[2]");
    String manifest = Files.readString(a.resolve("run.json"));
    assertTrue(manifest.contains("\"label_histograms\""), manifest);
    assertTrue(manifest.contains("\"algorithm\" : \"hgo\""), manifest);
    assertTrue(manifest.contains("\"compute_rates\""), manifest);
    assertFalse(Files.exists(a.resolve("_checkpoints")));
  }

  @Test
  void sgdDeadlineAndPolySchedule() throws Exception {
    Path s = tmp.resolve("sgd");
    Outcome o =
        run(
            job(
                s,
                "local[2]",
                "--algorithm",
                "sgd",
                "--deadline",
                "0.02",
                "--byzantine",
                "0",
                "--attack",
                "none",
                "--aggregator",
                "average",
                "--lr-schedule",
                "poly:p=0.75"));
    assertEquals(0, o.code(), o.err());
    List<String[]> r = rows(s);
    for (int t = 1; t <= 20; t++) {
      assertEquals(t * 0.02, Double.parseDouble(r.get(t)[4]), 1e-12, "sim_time = t·deadline");
      assertEquals(0.5 / Math.pow(t, 0.75), Double.parseDouble(r.get(t)[5]), 1e-15, "α_t");
    }
    Path inf = tmp.resolve("sgd-inf");
    assertEquals(0, run(job(inf, "local[2]", "--algorithm", "sgd", "--steps", "3")).code());
    // SGD(∞) waits for the slowest worker: d·s/λ ≈ 386·16/2e5 ≈ 0.03 > 0.02 for a weak one
    double step1 = Double.parseDouble(rows(inf).get(1)[4]);
    assertTrue(step1 > 0.02, "slowest worker time " + step1);
  }

  @Test
  void emptyWorkerIsOneLineExitTwoNothingWritten() throws Exception {
    Path out = tmp.resolve("empty");
    Outcome o =
        run(
            job(
                out,
                "local[1]",
                "--split",
                "dirichlet:0.001",
                "--byzantine",
                "0",
                "--attack",
                "none"));
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().contains("--split: dirichlet:0.001 leaves worker"), o.err());
    assertTrue(o.err().contains("n=10"), o.err());
    assertFalse(Files.exists(out), "nothing may be written");
  }

  @Test
  void hgoAndSgdGiveTheSameBitsInBothAggregationModes() throws Exception {
    String[][] configurations = {
      {
        "--algorithm",
        "hgo",
        "--quorum-size",
        "8",
        "--tau",
        "0.01",
        "--split",
        "classes:3",
        "--byzantine-placement",
        "fixed-random"
      },
      {
        "--algorithm",
        "sgd",
        "--deadline",
        "0.02",
        "--byzantine-placement",
        "per-step",
        "--aggregator",
        "cwtm",
        "--declared-byzantine",
        "1"
      },
    };
    for (String[] extra : configurations) {
      String name = extra[1];
      Path driver = tmp.resolve(name + "-driver");
      Path sharded = tmp.resolve(name + "-sharded");
      List<String> d = new ArrayList<>(List.of(extra));
      d.addAll(List.of("--aggregation", "driver"));
      List<String> s = new ArrayList<>(List.of(extra));
      s.addAll(List.of("--aggregation", "sharded"));
      Outcome a = run(job(driver, "local[2]", d.toArray(String[]::new)));
      assertEquals(0, a.code(), a.err());
      Outcome b = run(job(sharded, "local[2]", s.toArray(String[]::new)));
      assertEquals(0, b.code(), b.err());
      assertEquals(deterministic(driver), deterministic(sharded), name + ": driver vs sharded");
      assertTrue(Files.readString(sharded.resolve("run.json")).contains("\"sharded\""), name);
      assertEquals(
          a.out().replace(driver.toString(), ""), b.out().replace(sharded.toString(), ""), name);
    }
  }
}
