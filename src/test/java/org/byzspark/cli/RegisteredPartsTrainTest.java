package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.byzspark.data.Datasets;
import org.byzspark.model.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model and a dataset that exist only in the test sources ({@link ToyLinear}, {@link ToyBlobs}),
 * registered for the scope of a test, train through {@code byzspark train} like the built-in ones;
 * once the scope is closed they are unknown again.
 */
class RegisteredPartsTrainTest {
  @TempDir Path tmp;

  private static String[] train(Path out, String dataset, String model, String master) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                dataset,
                "--model",
                model,
                "--workers",
                "3",
                "--byzantine",
                "1",
                "--attack",
                "signflip",
                "--aggregator",
                "cwmed",
                "--momentum",
                "0.5",
                "--steps",
                "30",
                "--eval-every",
                "15",
                "--batch-size",
                "10",
                "--lr",
                "0.5",
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

  @Test
  void aTestModelAndDatasetTrainThroughTheCommandLine() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    try (var model = Models.register(ToyLinear.TYPE);
        var data = Datasets.register(new ToyBlobs())) {
      Cli.Outcome help = Cli.run("train", "--help");
      assertTrue(help.out().contains("toy-linear"), "the model is listed while registered");

      Cli.Outcome oa = Cli.run(train(a, "toy-blobs:600", "toy-linear:init=0.05", "local[2]"));
      assertEquals(0, oa.code(), oa.err());
      Cli.Outcome ob = Cli.run(train(b, "toy-blobs:600", "toy-linear:init=0.05", "local[1]"));
      assertEquals(0, ob.code(), ob.err());

      List<String> ma = deterministic(a.resolve("metrics.csv"));
      assertEquals(ma, deterministic(b.resolve("metrics.csv")), "local[2] vs local[1]");
      assertEquals("step,train_loss,test_accuracy", ma.get(0));
      assertEquals(31, ma.size(), "a row per step: " + ma);
      double first = Double.parseDouble(ma.get(1).split(",")[1]);
      double last = Double.parseDouble(ma.get(30).split(",")[1]);
      assertEquals(2, ma.get(14).split(",").length, "no accuracy before step 15: " + ma.get(14));
      double acc = Double.parseDouble(ma.get(30).split(",")[2]);
      // blobs 4 apart with unit noise: far above chance (1/3) after 30 steps, despite signflip
      assertTrue(acc > 0.9, "final test accuracy " + acc);
      assertTrue(last < first, "train loss " + first + " -> " + last);
      String json = Files.readString(a.resolve("run.json")).replace(" ", "");
      assertTrue(json.contains("\"model\":\"toy-linear:init=0.05\""), json);
      assertTrue(json.contains("\"dataset\":\"toy-blobs:600\""), json);
      assertTrue(json.contains("\"dimension\":12"), json); // 3 classes × 4 features

      // the dataset's own files check runs before Spark, as for the built-in ones
      Path few = tmp.resolve("few");
      Cli.assertUsageError(
          Cli.run(train(few, "toy-blobs:2", "toy-linear", "local[1]")),
          "train",
          "--dataset: toy-blobs:2 has fewer examples than classes");
      Cli.assertNothingWritten(few);
      // and the model's parameters are declared ones
      Path badParam = tmp.resolve("bad-param");
      Cli.assertUsageError(
          Cli.run(train(badParam, "toy-blobs:600", "toy-linear:init=-1", "local[1]")),
          "train",
          "toy-linear parameter init=-1 is invalid; allowed: a finite number >= 0");
      Cli.assertNothingWritten(badParam);
    }
    // the scope is closed: both are unknown again
    Path after = tmp.resolve("after");
    Cli.assertUsageError(
        Cli.run(train(after, "toy-blobs:600", "softmax", "local[1]")),
        "train",
        "--dataset: unknown value 'toy-blobs:600'; allowed: mnist, mnist:DIR,");
    Cli.assertUsageError(
        Cli.run(train(after, "synthetic:d=4,examples=30,nnz=2", "toy-linear", "local[1]")),
        "train",
        "unknown model 'toy-linear'; allowed: softmax, logistic, mlp, cnn, svm, linear");
    Cli.assertNothingWritten(after);
    assertFalse(Cli.run("train", "--help").out().contains("toy-linear"));
  }

  /**
   * {@code --validate-only} (run by the launcher before it fetches the data) does not need the
   * files of a dataset the launcher fetches: {@code mnist} and {@code fashion-mnist} alike; a
   * directory given explicitly is still checked.
   */
  @Test
  void validateOnlySkipsTheFilesOfEveryFetchableDataset() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty-data"));
    for (String dataset : List.of("mnist", "fashion-mnist")) {
      Path out = tmp.resolve("v-" + dataset);
      Cli.Outcome ok =
          Cli.run(
              "train",
              "--dataset",
              dataset,
              "--data-dir",
              empty.toString(),
              "--out",
              out.toString(),
              "--validate-only");
      assertEquals(0, ok.code(), dataset + ": " + ok.err());
      Cli.assertNothingWritten(out);
    }
    Path out = tmp.resolve("v-dir");
    Cli.assertUsageError(
        Cli.run(
            "train",
            "--dataset",
            "fashion-mnist:" + empty,
            "--out",
            out.toString(),
            "--validate-only"),
        "train",
        "not found");
  }

  /** A built-in model's parameters are given in its name and checked before Spark starts. */
  @Test
  void modelParametersAreGivenInTheModelName() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("no-data"));
    Path out = tmp.resolve("m");
    for (String model : List.of("mlp:hidden=7", "svm:c=0.5")) {
      Cli.Outcome ok =
          Cli.run(
              "train",
              "--data-dir",
              empty.toString(),
              "--model",
              model,
              "--binary-classes",
              "3,8",
              "--out",
              out.toString(),
              "--validate-only");
      assertEquals(0, ok.code(), model + ": " + ok.err());
    }
    Cli.assertUsageError(
        Cli.run(
            "train",
            "--data-dir",
            empty.toString(),
            "--model",
            "mlp:hidden=0",
            "--out",
            out.toString(),
            "--validate-only"),
        "train",
        "mlp parameter hidden=0 is invalid; allowed: an integer >= 1");
    Cli.assertUsageError(
        Cli.run(
            "train",
            "--data-dir",
            empty.toString(),
            "--model",
            "softmax:hidden=5",
            "--out",
            out.toString(),
            "--validate-only"),
        "train",
        "unknown parameter 'hidden' for softmax; allowed: none");
    Cli.assertNothingWritten(out);
  }
}
