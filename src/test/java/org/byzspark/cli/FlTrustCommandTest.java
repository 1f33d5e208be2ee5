package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.byzspark.data.Datasets;
import org.byzspark.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fltrust through the command line: the offline rule with {@code --reference}, the options of the
 * root set and their refusals, help and theory, and short training runs (driver and sharded
 * aggregation give the same bits; the root set is class-balanced and taken out of the workers'
 * shares).
 */
class FlTrustCommandTest {
  @TempDir Path tmp;

  // ----- byzspark aggregate -----

  /** The hand-computed case of FlTrustTest through the tool: (1.7, 0.6). */
  @Test
  void aggregateWithAReference() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "3,4\n1,0\n-1,0\n0,2\n");
    Path ref = Cli.write(tmp, "g0.csv", "2,0\n");
    Path out = tmp.resolve("r.csv");
    Cli.Outcome o =
        Cli.run(
            "aggregate",
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--aggregator",
            "fltrust",
            "--byzantine",
            "1",
            "--reference",
            ref.toString());
    assertEquals(0, o.code(), o.err());
    assertArrayEquals(new double[] {1.7, 0.6}, Cli.rows(out)[0], 1e-12);
    String trust = o.err().strip().replaceFirst("^byzspark aggregate: fltrust: trust=", "");
    double[] t =
        java.util.Arrays.stream(trust.split(",")).mapToDouble(Double::parseDouble).toArray();
    assertArrayEquals(new double[] {0.6, 1, 0, 0}, t, 1e-12, o.err());
  }

  @Test
  void aggregateRefusesAMissingOrMisplacedReference() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "3,4\n1,0\n");
    Path ref3 = Cli.write(tmp, "g3.csv", "2,0,1\n");
    Path two = Cli.write(tmp, "g2.csv", "2,0\n1,1\n");
    Path ref = Cli.write(tmp, "g.csv", "2,0\n");
    Path out = tmp.resolve("r.csv");
    String[] base = {
      "aggregate", "--input", in.toString(), "--output", out.toString(), "--byzantine", "0"
    };
    Cli.assertUsageError(
        Cli.run(with(base, "--aggregator", "fltrust")),
        "aggregate",
        "--reference FILE is required with --aggregator fltrust: the server's gradient g0 on its"
            + " root data, one line of 2 values");
    Cli.assertUsageError(
        Cli.run(with(base, "--aggregator", "fltrust", "--reference", ref3.toString())),
        "aggregate",
        "--reference");
    Cli.assertUsageError(
        Cli.run(with(base, "--aggregator", "fltrust", "--reference", two.toString())),
        "aggregate",
        "has 2 vectors, expected 1");
    Cli.assertUsageError(
        Cli.run(with(base, "--aggregator", "cwtm", "--reference", ref.toString())),
        "aggregate",
        "is not allowed with --aggregator cwtm; allowed: only with a rule that uses the server's"
            + " gradient (fltrust)");
    Cli.assertNothingWritten(out);
  }

  /** An attack that evaluates the rule (adaptive) evaluates fltrust with the reference given. */
  @Test
  void attackAgainstFltrustTakesTheReference() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,0\n1,0.5\n0.8,-0.2\n");
    Path ref = Cli.write(tmp, "g.csv", "1,0\n");
    Path out = tmp.resolve("forged.csv");
    String[] base = {
      "attack",
      "--attack",
      "adaptive",
      "--aggregator",
      "fltrust",
      "--byzantine",
      "1",
      "--input",
      in.toString(),
      "--output",
      out.toString()
    };
    Cli.Outcome o = Cli.run(with(base, "--reference", ref.toString()));
    assertEquals(0, o.code(), o.err());
    assertEquals(1, Cli.rows(out).length);
    Files.delete(out);
    Cli.assertUsageError(
        Cli.run(base), "attack", "--reference FILE is required with --aggregator fltrust");
  }

  private static String[] with(String[] base, String... extra) {
    List<String> a = new ArrayList<>(List.of(base));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  // ----- help and theory -----

  @Test
  void helpAndTheoryListTheRule() {
    Cli.Outcome help = Cli.run("train", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("fltrust"), help.out());
    assertTrue(help.out().contains("--root-data"), help.out());
    assertTrue(help.out().contains("--root-size"), help.out());
    Cli.Outcome rule = Cli.run("aggregate", "--help-rule", "fltrust");
    assertEquals(0, rule.code(), rule.err());
    assertTrue(rule.out().contains("fltrust"), rule.out());
    assertTrue(rule.out().contains("Cao et al. 2021"), rule.out());
    assertTrue(Cli.run("aggregate", "--help").out().contains("--reference"));
    Cli.Outcome theory = Cli.run("theory", "--workers", "10", "--byzantine", "3", "--dim", "100");
    assertEquals(0, theory.code(), theory.err());
    String line =
        theory.out().lines().filter(l -> l.startsWith("fltrust")).findFirst().orElseThrow();
    assertTrue(line.contains("unknown"), line);
  }

  // ----- byzspark train -----

  private static String[] train(Path out, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                "toy-blobs:600",
                "--model",
                "softmax",
                "--workers",
                "3",
                "--byzantine",
                "1",
                "--attack",
                "signflip",
                "--aggregator",
                "fltrust",
                "--momentum",
                "0.5",
                "--steps",
                "12",
                "--eval-every",
                "6",
                "--batch-size",
                "10",
                "--lr",
                "0.5",
                "--root-size",
                "30",
                "--out",
                out.toString(),
                "--master",
                "local[2]"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  /** metrics.csv without the timing columns. */
  private static List<String> deterministic(Path metrics) throws Exception {
    return Files.readAllLines(metrics).stream()
        .map(l -> String.join(",", List.of(l.split(",")).subList(0, 3)))
        .toList();
  }

  /**
   * Driver and sharded aggregation give the same bits (metrics and every step's trust scores); the
   * root set of 30 holds 10 examples of each of the 3 classes and the workers share the other 570;
   * the Byzantine worker (signflip) gets trust 0 at every step.
   */
  @Test
  void trainingDriverAndShardedGiveTheSameBits() throws Exception {
    Path a = tmp.resolve("driver");
    Path b = tmp.resolve("sharded");
    try (var data = Datasets.register(new ToyBlobs())) {
      Cli.Outcome oa = Cli.run(train(a, "--aggregation", "driver"));
      assertEquals(0, oa.code(), oa.err());
      Cli.Outcome ob = Cli.run(train(b, "--aggregation", "sharded"));
      assertEquals(0, ob.code(), ob.err());
    }
    assertEquals(deterministic(a.resolve("metrics.csv")), deterministic(b.resolve("metrics.csv")));
    String reports = Files.readString(a.resolve("aggregator.csv"));
    assertEquals(reports, Files.readString(b.resolve("aggregator.csv")));
    assertTrue(Files.exists(b.resolve(Trainer.TIMING)), "the sharded run was sharded");
    // a CSV file: the report, which has commas, is one quoted field
    List<String> rows =
        org.byzspark.io.Csv.parse(reports).stream().map(row -> row.get("report")).toList();
    assertEquals(12, rows.size(), reports);
    for (String r : rows) {
      String[] t = r.substring(r.indexOf("trust=") + 6).split(" ")[0].split(",");
      assertEquals(3, t.length, r);
      assertEquals(0.0, Double.parseDouble(t[2]), 0.0, "the sign-flipped worker: " + r);
      assertTrue(Double.parseDouble(t[0]) > 0, r);
    }
    List<String> m = deterministic(a.resolve("metrics.csv"));
    double acc = Double.parseDouble(m.get(12).split(",")[2]);
    assertTrue(acc > 0.9, "blobs 4 apart: final test accuracy " + acc);
    JsonNode run = new ObjectMapper().readTree(a.resolve("run.json").toFile());
    assertEquals(570, run.get("train_examples").asLong());
    JsonNode root = run.get("fltrust_root");
    assertEquals("training set", root.get("data").asText());
    assertEquals(30, root.get("size").asInt());
    assertEquals("[10,10,10]", root.get("class_counts").toString());
    assertTrue(!run.get("config").has("root-size"), "not in the configuration");
  }

  @Test
  void badRootOptionsAreOneLine() throws Exception {
    try (var data = Datasets.register(new ToyBlobs())) {
      Path out = tmp.resolve("out");
      Cli.assertUsageError(
          Cli.run(train(out, "--root-size", "0")),
          "train",
          "--root-size: 0 is not allowed; allowed: an integer >= 1");
      Cli.assertUsageError(
          Cli.run(train(out, "--root-size", "598")),
          "train",
          "--root-size: 598 is not allowed with 600 training examples and 3 workers; allowed:"
              + " 1..597");
      Cli.assertUsageError(
          Cli.run(train(out, "--aggregator", "cwtm")),
          "train",
          "--root-size: 30 is not allowed with --aggregator cwtm; allowed: only with a rule that"
              + " uses the server's gradient on a root set (fltrust)");
      Cli.assertUsageError(
          Cli.run(train(out, "--root-data", "nosuch:1")),
          "train",
          "--root-data: unknown value 'nosuch:1'");
      Cli.assertUsageError(
          Cli.run(train(out, "--root-data", "mnist:" + tmp.resolve("no-such-dir"))),
          "train",
          "--root-data:");
      Cli.assertUsageError(
          Cli.run(train(out, "--algorithm", "hgo")),
          "train",
          "--aggregator: fltrust is not allowed with --algorithm hgo: it weighs each worker by the"
              + " cosine of its whole message with the server's gradient");
      Cli.assertUsageError(
          Cli.run(
              train(out, "--dataset", "synthetic:d=4,examples=60,nnz=2", "--model", "logistic")),
          "train",
          "no training set to draw the root set from");
      Cli.assertNothingWritten(out);
    }
  }

  /** --root-data: the root set comes from another dataset, the workers keep every example. */
  @Test
  void rootDataFromAnotherDataset() throws Exception {
    Path a = tmp.resolve("own-root");
    try (var data = Datasets.register(new ToyBlobs())) {
      Cli.Outcome o = Cli.run(train(a, "--root-data", "toy-blobs:90", "--steps", "3"));
      assertEquals(0, o.code(), o.err());
    }
    JsonNode run = new ObjectMapper().readTree(a.resolve("run.json").toFile());
    assertEquals(600, run.get("train_examples").asLong());
    assertEquals("toy-blobs:90", run.get("fltrust_root").get("data").asText());
    assertEquals("[10,10,10]", run.get("fltrust_root").get("class_counts").toString());
  }
}
