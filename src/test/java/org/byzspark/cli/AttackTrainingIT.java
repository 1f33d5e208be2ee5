package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks with searches and choices in a real training run (the plain Trainer on local[2]):
 * each completes with a finite training loss at every step.
 */
class AttackTrainingIT {
  @TempDir Path tmp;

  private Cli.Outcome train(Path out, String attack, String rule) {
    return Cli.run(
        "train",
        "--dataset",
        "synthetic:d=40,examples=700,nnz=5,test=100",
        "--model",
        "logistic",
        "--workers",
        "7",
        "--byzantine",
        "2",
        "--attack",
        attack,
        "--aggregator",
        rule,
        "--momentum",
        "0.9",
        "--steps",
        "6",
        "--eval-every",
        "3",
        "--batch-size",
        "16",
        "--lr",
        "1",
        "--out",
        out.toString(),
        "--master",
        "local[2]");
  }

  /** metrics.csv without the timing columns. */
  private static List<String> deterministic(Path metrics) throws Exception {
    return Files.readAllLines(metrics).stream()
        .map(l -> String.join(",", List.of(l.split(",")).subList(0, 3)))
        .toList();
  }

  @Test
  void searchingAttacksTrain() throws Exception {
    String[][] runs = {
      {"minmax", "cwtm"},
      {"minsum:direction=unit", "cwmed"},
      {"fang", "cwtm"},
      {"fang:target=krum", "krum"},
      {"tailored:steps=4,refine=2", "cwtm"},
      {"mimic:target=heuristic", "average"},
    };
    for (int i = 0; i < runs.length; i++) {
      Path out = tmp.resolve("run" + i);
      Cli.Outcome o = train(out, runs[i][0], runs[i][1]);
      assertEquals(0, o.code(), runs[i][0] + ": " + o.err());
      List<String> m = deterministic(out.resolve("metrics.csv"));
      assertEquals(7, m.size(), runs[i][0] + " " + m); // header + 6 steps
      for (String line : m.subList(1, m.size())) {
        double loss = Double.parseDouble(line.split(",")[1]);
        assertTrue(Double.isFinite(loss), runs[i][0] + " " + line);
      }
    }
  }
}
