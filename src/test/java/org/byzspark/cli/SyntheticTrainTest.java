package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.byzspark.data.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the synthetic sparse dataset, and --binary-classes, on the plain Trainer. */
class SyntheticTrainTest {
  @TempDir Path tmp;

  @Test
  void logisticLearnsTheSyntheticDataAndRunsAreReproducible() throws Exception {
    String[] common = {
      "train", "--dataset", "synthetic:d=200000,examples=6000,nnz=5,test=2000,d=200",
    };
    // a repeated key is refused (and nothing written)
    Cli.Outcome bad = Cli.run(args(common, tmp.resolve("bad"), "local[1]"));
    Cli.assertUsageError(bad, "train", "synthetic key d is given twice");
    Cli.assertNothingWritten(tmp.resolve("bad"));
    String[] few = {"train", "--dataset", "synthetic:d=50,examples=3,nnz=5"};
    Cli.Outcome o3 = Cli.run(args(few, tmp.resolve("few"), "local[1]"));
    Cli.assertUsageError(
        o3, "train", "--workers: 4 workers need at least as many training" + " examples, got 3");
    Cli.assertNothingWritten(tmp.resolve("few"));

    String[] ok = {"train", "--dataset", "synthetic:d=200,examples=6000,nnz=5,test=2000"};
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Cli.Outcome oa = Cli.run(args(ok, a, "local[2]"));
    assertEquals(0, oa.code(), oa.err());
    Cli.Outcome ob = Cli.run(args(ok, b, "local[1]"));
    assertEquals(0, ob.code(), ob.err());
    List<String> ma = deterministic(a.resolve("metrics.csv"));
    assertEquals(ma, deterministic(b.resolve("metrics.csv")), "local[2] vs local[1]");
    String last = ma.get(ma.size() - 1);
    double acc = Double.parseDouble(last.split(",")[2]);
    // d = 200 features seen 6000·5/200 = 150 times each: close to the Bayes rate (≈ 0.92)
    assertTrue(acc > 0.8, "final test accuracy " + acc);
    String json = Files.readString(a.resolve("run.json"));
    assertTrue(
        json.contains("\"dimension\" : 201")
            || json.contains("\"dimension\": 201")
            || json.contains("\"dimension\":201"),
        json);
  }

  @Test
  void binaryClassesTrainALogisticModel() throws Exception {
    Path data = tmp.resolve("mnist");
    Synthetic.writeMnistLike(data, 200, 60, 4, 4, 3);
    Path out = tmp.resolve("bin");
    Cli.Outcome o =
        Cli.run(
            "train",
            "--dataset",
            "mnist:" + data,
            "--model",
            "logistic",
            "--binary-classes",
            "3,8",
            "--workers",
            "3",
            "--byzantine",
            "0",
            "--attack",
            "none",
            "--aggregator",
            "average",
            "--momentum",
            "0",
            "--steps",
            "20",
            "--eval-every",
            "10",
            "--batch-size",
            "5",
            "--lr",
            "0.5",
            "--out",
            out.toString(),
            "--master",
            "local[2]");
    assertEquals(0, o.code(), o.err());
    // resam evaluates no gradient norm unless asked
    assertEquals(
        "step,train_loss,test_accuracy,sim_time,lr,block_size,aggregation_ms,step_ms",
        Files.readAllLines(out.resolve("metrics.csv")).get(0));
    String json = Files.readString(out.resolve("run.json"));
    assertTrue(json.contains("binary-classes") && json.contains("3,8"), json);
    assertTrue(json.replace(" ", "").contains("\"classes\":2"), json);
  }

  private static String[] args(String[] head, Path out, String master) {
    List<String> a = new java.util.ArrayList<>(List.of(head));
    a.addAll(
        List.of(
            "--model",
            "logistic",
            "--workers",
            "4",
            "--byzantine",
            "1",
            "--attack",
            "signflip",
            "--aggregator",
            "cwtm",
            "--momentum",
            "0.9",
            "--steps",
            "60",
            "--eval-every",
            "30",
            "--batch-size",
            "32",
            "--lr",
            "2",
            "--clip",
            "none",
            "--weight-decay",
            "0",
            "--out",
            out.toString(),
            "--master",
            master));
    return a.toArray(String[]::new);
  }

  /** metrics.csv without the timing columns. */
  private static List<String> deterministic(Path metrics) throws Exception {
    return Files.readAllLines(metrics).stream()
        .map(l -> String.join(",", List.of(l.split(",")).subList(0, 3)))
        .toList();
  }
}
