package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.io.Csv;
import org.byzspark.io.MessageFile;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --record-messages, and the resilience, rate and slowdown subcommands end to end. */
class FidelityToolsTest {
  @TempDir Path tmp;

  private static final String DATA = "synthetic:d=12,examples=400,nnz=3,test=100";

  private static List<String> train(Path out, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                DATA,
                "--model",
                "logistic",
                "--workers",
                "5",
                "--byzantine",
                "1",
                "--attack",
                "signflip",
                "--aggregator",
                "cwtm",
                "--momentum",
                "0.9",
                "--steps",
                "4",
                "--eval-every",
                "2",
                "--batch-size",
                "8",
                "--lr",
                "0.5",
                "--clip",
                "none",
                "--aggregation",
                "driver",
                "--seed",
                "3",
                "--master",
                "local[1]",
                "--out",
                out.toString()));
    a.addAll(List.of(extra));
    return a;
  }

  /** step, train_loss, test_accuracy of each row (the timing columns vary). */
  private static List<String> numbers(Path metrics) throws Exception {
    return Files.readAllLines(metrics).stream()
        .map(l -> String.join(",", List.of(l.split(",", -1)).subList(0, 3)))
        .toList();
  }

  @Test
  void recordingChangesNothingAndTheRecordedMessagesGiveTheStepTaken() throws Exception {
    Path plain = tmp.resolve("plain");
    Path rec = tmp.resolve("rec");
    Cli.Outcome a = Cli.run(train(plain).toArray(String[]::new));
    assertEquals(0, a.code(), a.err());
    Cli.Outcome b = Cli.run(train(rec, "--record-messages", "2,3").toArray(String[]::new));
    assertEquals(0, b.code(), b.err());
    assertEquals(numbers(plain.resolve("metrics.csv")), numbers(rec.resolve("metrics.csv")));
    // not in the run's configuration: run.json is that of the plain run
    assertTrue(!Files.readString(rec.resolve("run.json")).contains("record-messages"));

    // sharded aggregation records the same messages (collected from the executors)
    Path sharded = tmp.resolve("sharded");
    List<String> sh = train(sharded, "--record-messages", "2,3");
    sh.set(sh.indexOf("driver"), "sharded");
    Cli.Outcome c = Cli.run(sh.toArray(String[]::new));
    assertEquals(0, c.code(), c.err());
    assertEquals(numbers(plain.resolve("metrics.csv")), numbers(sharded.resolve("metrics.csv")));
    for (String f : List.of("step-2.csv", "step-3.csv", "step-3.theta.csv")) {
      assertEquals(
          Files.readString(rec.resolve("messages").resolve(f)),
          Files.readString(sharded.resolve("messages").resolve(f)),
          f);
    }

    Configuration conf = new Configuration();
    MessageFile m2 = MessageFile.read(rec.resolve("messages/step-2.csv").toString(), "test", conf);
    assertEquals(2, m2.step());
    assertEquals(5, m2.rows().length);
    assertEquals(1, m2.forged());
    assertTrue(m2.byzantine()[4], "the last worker is the Byzantine one");
    assertEquals(1, m2.declaredF());
    double[] theta1 = Cli.rows(rec.resolve("messages/step-2.theta.csv"))[0];
    double[] theta2 = Cli.rows(rec.resolve("messages/step-3.theta.csv"))[0];
    // θ_2 = θ_1 − lr·cwtm(messages of step 2), to the bit (constant lr, driver mode)
    Aggregator cwtm = Aggregators.create("cwtm", Params.empty());
    double[] update =
        cwtm.aggregate(
                VectorSet.of(m2.rows()[0].length, m2.rows()),
                1,
                new Round(2, 3),
                cwtm.initialState())
            .value()
            .toArray();
    double[] expected = new double[theta1.length];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = theta1[i] - 0.5 * update[i];
    }
    assertArrayEquals(expected, theta2);

    Cli.Outcome r =
        Cli.run(
            "resilience",
            "--messages",
            rec.resolve("messages").toString(),
            "--rule",
            "cwtm",
            "--rule",
            "nnm+cwmed",
            "--format",
            "csv");
    assertEquals(0, r.code(), r.err());
    List<java.util.Map<String, String>> rows = Csv.parse(r.out());
    assertEquals(4, rows.size(), r.out()); // 2 steps × 2 rules
    assertEquals(List.of("2", "2", "3", "3"), rows.stream().map(x -> x.get("step")).toList());
    for (var row : rows) {
      double ratio = Double.parseDouble(row.get("ratio"));
      double lambda = Double.parseDouble(row.get("lambda"));
      assertEquals(ratio <= lambda ? "yes" : "NO", row.get("holds"), row.toString());
    }
  }

  @Test
  void resilienceOnAHandMadeFile() throws Exception {
    // honest 0, 1, 2 (mean 1, diameter 2), forged 100; cwtm with f = 1 keeps 1, 2: 1.5, ratio
    // 0.25; average 103/4 = 25.75, ratio 12.375
    Path dir = tmp.resolve("m");
    new MessageFile(
            7,
            1,
            1,
            new boolean[] {false, false, false, true},
            new double[][] {{0}, {1}, {2}, {100}})
        .write(
            new org.apache.hadoop.fs.Path(dir.resolve("step-7.csv").toString()),
            new Configuration());
    Cli.Outcome o =
        Cli.run(
            "resilience",
            "--messages",
            dir.toString(),
            "--rule",
            "cwtm",
            "--rule",
            "average",
            "--format",
            "csv");
    assertEquals(0, o.code(), o.err());
    List<java.util.Map<String, String>> rows = Csv.parse(o.out());
    assertEquals(0.25, Double.parseDouble(rows.get(0).get("ratio")), 1e-15);
    assertEquals("2.0", rows.get(0).get("diameter"));
    assertEquals(12.375, Double.parseDouble(rows.get(1).get("ratio")), 1e-15);
    assertEquals("-", rows.get(1).get("lambda")); // average: no λ
    // a rule that cannot run on n = 4 is reported, not fatal; bad input is one line, exit 2
    Cli.Outcome krum = Cli.run("resilience", "--messages", dir.toString(), "--rule", "bulyan");
    assertEquals(0, krum.code(), krum.err());
    assertTrue(krum.out().contains("not applicable"), krum.out());
    Cli.assertUsageError(
        Cli.run("resilience", "--messages", tmp.resolve("none").toString()),
        "resilience",
        "not found");
    Cli.assertUsageError(
        Cli.run("resilience", "--messages", dir.toString(), "--rule", "nosuch"),
        "resilience",
        "nosuch");
  }

  @Test
  void rateFitsTheSlopeWithItsInterval() throws Exception {
    Path run = tmp.resolve("grid/runs/r1");
    Files.createDirectories(run);
    // grad_norm = 2·K^-0.125 exactly: slope -0.125, zero-width interval, p = 0.75
    StringBuilder m = new StringBuilder("step,train_loss,test_accuracy,grad_norm\n");
    for (int k = 10; k <= 160; k *= 2) {
      m.append(k).append(",0.1,0.5,").append(2 * Math.pow(k, -0.125)).append('\n');
      m.append(k + 1).append(",0.1,,\n");
    }
    Files.writeString(run.resolve("metrics.csv"), m);
    Files.writeString(run.resolve("run.json"), "{\"config\": {\"lr-schedule\": \"poly\"}}\n");
    Cli.Outcome o = Cli.run("rate", "--run", tmp.resolve("grid").toString(), "--kmin", "20");
    assertEquals(0, o.code(), o.err());
    String row = o.out().lines().filter(l -> l.startsWith("| r1 ")).findFirst().orElseThrow();
    assertTrue(row.startsWith("| r1 | 0.75 | -0.125 | [-0.125, -0.125] | -0.125 | yes | 4 |"), row);
    Cli.assertUsageError(
        Cli.run("rate", "--run", tmp.toString()), "rate", "has neither metrics.csv nor runs/");
  }

  @Test
  void slowdownOfAverageIsOneAndKrumIsComparedWithTheTheorem() {
    String[] common = {
      "--dataset",
      DATA,
      "--model",
      "logistic",
      "--workers",
      "5",
      "--byzantine",
      "1",
      "--batch-size",
      "8",
      "--seed",
      "3",
      "--master",
      "local[1]",
      "--samples",
      "12"
    };
    List<String> avg = new ArrayList<>(List.of("slowdown"));
    avg.addAll(List.of(common));
    avg.addAll(List.of("--aggregator", "average"));
    Cli.Outcome a = Cli.run(avg.toArray(String[]::new));
    assertEquals(0, a.code(), a.err());
    assertTrue(a.out().contains("R = ratio          1.00000"), a.out());
    assertTrue(a.out().contains("theorem √(m/n)     1.00000"), a.out());
    List<String> krum = new ArrayList<>(List.of("slowdown"));
    krum.addAll(List.of(common));
    krum.addAll(List.of("--aggregator", "krum"));
    Cli.Outcome k = Cli.run(krum.toArray(String[]::new));
    assertEquals(0, k.code(), k.err());
    assertTrue(k.out().contains("theorem √(m/n)     0.447214"), k.out()); // √(1/5)
    Cli.assertUsageError(
        Cli.run("slowdown", "--aggregator", "krum", "--attack", "labelflip", "--dataset", DATA),
        "slowdown",
        "poisons data");
  }

  @Test
  void aBadStepListIsOneLineAndNothingIsWritten() throws Exception {
    Path bad = tmp.resolve("bad");
    Cli.Outcome o = Cli.run(train(bad, "--record-messages", "5,0").toArray(String[]::new));
    Cli.assertUsageError(o, "train", "--record-messages: '0' is not allowed; allowed: steps >= 1");
    Cli.assertNothingWritten(bad);
  }

  @Test
  void helpListsEveryOption() {
    Cli.assertHelpComplete("resilience", ResilienceCommand.options());
    Cli.assertHelpComplete("rate", RateCommand.options());
    // slowdown takes train's options (whose defaults train's help documents) and its own
    Cli.Outcome help = Cli.run("slowdown", "--help");
    assertEquals(0, help.code(), help.err());
    for (Scopt.Opt opt : SlowdownCommand.options()) {
      assertTrue(help.out().contains("--" + opt.name() + " "), "help lacks --" + opt.name());
    }
    assertTrue(help.out().contains("(default: init)"), help.out());
    assertTrue(help.out().contains("(default: none)"), "the attack's default: " + help.out());
  }
}
