package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.byzspark.data.Synthetic;
import org.byzspark.io.SavedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the model a train run keeps, read back by {@code evaluate} and {@code predict},
 * reproduces the run's final test accuracy exactly; bad input ends with one line and exit 2.
 */
class ModelCommandTest {
  @TempDir static Path tmp;
  static Path data;
  static Path run;

  @BeforeAll
  static void trainOnce() throws Exception {
    data = tmp.resolve("mnist");
    Synthetic.writeMnistLike(data, 240, 70, 4, 4, 5);
    run = tmp.resolve("run");
    Cli.Outcome o =
        Cli.run(
            TrainArgs.of(
                    "--dataset",
                    "mnist:" + data,
                    "--model",
                    "mlp",
                    "--hidden",
                    "6",
                    "--workers",
                    "4",
                    "--byzantine",
                    "1",
                    "--attack",
                    "signflip",
                    "--aggregator",
                    "cwtm",
                    "--steps",
                    "12",
                    "--eval-every",
                    "6",
                    "--batch-size",
                    "8",
                    "--lr",
                    "0.3",
                    "--seed",
                    "4")
                .out(run, "local[2]")
                .train());
    assertEquals(0, o.code(), o.err());
  }

  /** The last row's test_accuracy of a run's metrics.csv, as written. */
  static String finalAccuracy(Path dir) throws Exception {
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    String[] last = lines.get(lines.size() - 1).split(",");
    return last[header.indexOf("test_accuracy")];
  }

  @Test
  void theRunKeepsItsModel() throws Exception {
    SavedModel m =
        SavedModel.read(
            new org.apache.hadoop.fs.Path(run.resolve("model").toString()), new Configuration());
    assertEquals("mlp", m.modelType());
    assertEquals("6", m.modelParams().get("hidden"));
    assertEquals(16, m.inputDim());
    assertEquals(10, m.numClasses());
    assertEquals(16 * 6 + 6 + 6 * 10 + 10, m.dimension());
    assertEquals(12, m.training().steps());
    assertEquals(Double.parseDouble(finalAccuracy(run)), m.training().finalTestAccuracy());
    assertTrue(m.data().dataset().startsWith("mnist:"), m.data().dataset());
    assertEquals(4, m.data().seed());
    // the model is not the initial one
    assertFalse(java.util.Arrays.equals(m.model().init(4), m.parameters()), "θ is still θ_0");
  }

  @Test
  void evaluateReproducesTheFinalTestAccuracy() throws Exception {
    Cli.Outcome o =
        Cli.run(
            "evaluate",
            "--model",
            run.resolve("model").toString(),
            "--dataset",
            "mnist:" + data,
            "--master",
            "local[2]");
    assertEquals(0, o.code(), o.err());
    String expected = finalAccuracy(run);
    assertTrue(
        o.out().startsWith("test accuracy " + expected + " (70 examples of mnist:"), o.out());

    Cli.Outcome train =
        Cli.run(
            "evaluate",
            "--model",
            run.resolve("model").toString(),
            "--dataset",
            "mnist:" + data,
            "--set",
            "train",
            "--master",
            "local[1]");
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().startsWith("train accuracy "), train.out());
    assertTrue(train.out().contains("(240 examples of"), train.out());
  }

  @Test
  void allIsTheTrainingAndTestSetsTogether() throws Exception {
    String model = run.resolve("model").toString();
    String[] sets = {"train", "test", "all"};
    double[] correct = new double[3];
    long[] count = new long[3];
    for (int i = 0; i < 3; i++) {
      Cli.Outcome o =
          Cli.run(
              "evaluate",
              "--model",
              model,
              "--dataset",
              "mnist:" + data,
              "--set",
              sets[i],
              "--master",
              "local[2]");
      assertEquals(0, o.code(), o.err());
      // "SET accuracy A (N examples of ...)"
      String[] w = o.out().strip().split(" ");
      assertEquals(sets[i], w[0], o.out());
      count[i] = Long.parseLong(w[3].substring(1));
      correct[i] = Math.round(Double.parseDouble(w[2]) * count[i]);
    }
    assertEquals(240 + 70, count[2]);
    assertEquals(correct[0] + correct[1], correct[2]);
  }

  @Test
  void aTableIsReadWithTheColumnsGiven() throws Exception {
    // a CSV table of 4 numeric feature columns and a label column y, 3 classes around 3 centres
    StringBuilder csv = new StringBuilder("y,a,b,c,d\n");
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 150; i++) {
      int y = i % 3;
      csv.append(y);
      for (int j = 0; j < 4; j++) {
        csv.append(',').append((j == y ? 3.0 : 0.0) + r.nextGaussian());
      }
      csv.append('\n');
    }
    Path table = tmp.resolve("table.csv");
    Files.writeString(table, csv.toString());
    Path out = tmp.resolve("table-run");
    Cli.Outcome t =
        Cli.run(
            TrainArgs.of(
                    "--dataset",
                    "csv:" + table,
                    "--features-col",
                    "a,b,c,d",
                    "--label-col",
                    "y",
                    "--model",
                    "softmax",
                    "--workers",
                    "3",
                    "--byzantine",
                    "0",
                    "--attack",
                    "none",
                    "--aggregator",
                    "average",
                    "--steps",
                    "10",
                    "--eval-every",
                    "5",
                    "--batch-size",
                    "8",
                    "--lr",
                    "0.3",
                    "--seed",
                    "2")
                .out(out, "local[2]")
                .train());
    assertEquals(0, t.code(), t.err());
    Cli.Outcome o =
        Cli.run(
            "evaluate",
            "--model",
            out.resolve("model").toString(),
            "--dataset",
            "csv:" + table,
            "--features-col",
            "a,b,c,d",
            "--label-col",
            "y",
            "--master",
            "local[2]");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("test accuracy " + finalAccuracy(out) + " ("), o.out());
    // the default columns (features, label) are not in the table: one line naming the column
    Cli.Outcome bad =
        Cli.run(
            "evaluate",
            "--model",
            out.resolve("model").toString(),
            "--dataset",
            "csv:" + table,
            "--master",
            "local[1]");
    assertEquals(2, bad.code(), bad.out());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("has no column 'label'"), bad.err());
    // the columns belong to table datasets only
    Cli.Outcome notTable =
        Cli.run(
            "evaluate",
            "--model",
            run.resolve("model").toString(),
            "--dataset",
            "mnist:" + data,
            "--label-col",
            "y");
    assertEquals(2, notTable.code());
    assertTrue(notTable.err().contains("--label-col: not allowed with --dataset"), notTable.err());
  }

  @Test
  void predictionsReproduceTheFinalTestAccuracy() throws Exception {
    Path out = tmp.resolve("pred");
    Cli.Outcome o =
        Cli.run(
            "predict",
            "--model",
            run.resolve("model").toString(),
            "--dataset",
            "mnist:" + data,
            "--out",
            out.toString(),
            "--master",
            "local[2]");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("70 predictions written to"), o.out());
    SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
    try {
      List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
      assertEquals(
          List.of("index", "label", "prediction", "rawPrediction", "probability"),
          List.of(spark.read().parquet(out.toString()).columns()));
      assertEquals(70, rows.size());
      long correct = 0;
      Set<Long> indices = new HashSet<>();
      for (Row r : rows) {
        indices.add(r.getLong(0));
        double label = r.getDouble(1);
        double prediction = r.getDouble(2);
        correct += label == prediction ? 1 : 0;
        double[] scores = ((Vector) r.get(3)).toArray();
        double[] p = ((Vector) r.get(4)).toArray();
        assertEquals(10, scores.length);
        double sum = 0;
        int best = 0;
        for (int c = 0; c < 10; c++) {
          sum += p[c];
          best = scores[c] > scores[best] ? c : best;
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(best, (int) prediction);
      }
      for (long i = 0; i < 70; i++) {
        assertTrue(indices.contains(i), "index " + i + " missing");
      }
      assertEquals(Double.parseDouble(finalAccuracy(run)), (double) correct / 70);
    } finally {
      spark.stop();
    }

    // a second predict into the same, now non-empty, directory is refused before Spark starts
    long before = Files.walk(out).count();
    Cli.Outcome again =
        Cli.run(
            "predict",
            "--model",
            run.resolve("model").toString(),
            "--dataset",
            "mnist:" + data,
            "--out",
            out.toString());
    Cli.assertUsageError(again, "predict", "--out: " + out + " is not empty");
    assertEquals(before, Files.walk(out).count());
  }

  @Test
  void aSparseModelIsEvaluatedOnItsGeneratedTestSet() throws Exception {
    Path sparseRun = tmp.resolve("sparse");
    String spec = "synthetic:d=40,examples=800,nnz=4,test=300";
    Cli.Outcome t =
        Cli.run(
            TrainArgs.of(
                    "--dataset",
                    spec,
                    "--model",
                    "logistic",
                    "--workers",
                    "3",
                    "--byzantine",
                    "0",
                    "--attack",
                    "none",
                    "--aggregator",
                    "average",
                    "--steps",
                    "10",
                    "--eval-every",
                    "5",
                    "--batch-size",
                    "16",
                    "--lr",
                    "1")
                .out(sparseRun, "local[1]")
                .train());
    assertEquals(0, t.code(), t.err());
    Cli.Outcome o =
        Cli.run(
            "evaluate",
            "--model",
            sparseRun.resolve("model").toString(),
            "--dataset",
            spec,
            "--master",
            "local[2]");
    assertEquals(0, o.code(), o.err());
    assertTrue(
        o.out().startsWith("test accuracy " + finalAccuracy(sparseRun) + " (300 examples"),
        o.out());
    Path out = tmp.resolve("sparse-pred");
    Cli.Outcome p =
        Cli.run(
            "predict",
            "--model",
            sparseRun.resolve("model").toString(),
            "--dataset",
            spec,
            "--out",
            out.toString(),
            "--master",
            "local[1]");
    assertEquals(0, p.code(), p.err());
    SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
    try {
      var df = spark.read().parquet(out.toString());
      long correct = df.filter("label = prediction").count();
      assertEquals(300, df.count());
      assertEquals(Double.parseDouble(finalAccuracy(sparseRun)), correct / 300.0);
      assertArrayEquals(
          new long[] {0, 299},
          new long[] {
            df.agg(org.apache.spark.sql.functions.min("index")).first().getLong(0),
            df.agg(org.apache.spark.sql.functions.max("index")).first().getLong(0)
          });
    } finally {
      spark.stop();
    }
    // a model of 40 features does not take another width of the generator
    Cli.Outcome wide =
        Cli.run(
            "evaluate",
            "--model",
            sparseRun.resolve("model").toString(),
            "--dataset",
            "synthetic:d=50,examples=800,nnz=4,test=300");
    Cli.assertUsageError(wide, "evaluate", "has 50 features; the model (logistic) takes 40");
  }

  @Test
  void badInputIsOneLineAndWritesNothing() throws Exception {
    String model = run.resolve("model").toString();
    String dataset = "mnist:" + data;
    Cli.assertUsageError(
        Cli.run("evaluate", "--model", tmp.resolve("nothing").toString(), "--dataset", dataset),
        "evaluate",
        "--model: " + tmp.resolve("nothing") + " does not exist");
    Cli.assertUsageError(
        Cli.run("evaluate", "--model", run.toString(), "--dataset", dataset),
        "evaluate",
        "is not a saved model (no model.json)");
    Cli.assertUsageError(
        Cli.run("evaluate", "--dataset", dataset), "evaluate", "--model is required");
    Cli.assertUsageError(
        Cli.run("evaluate", "--model", model, "--dataset", dataset, "--set", "validation"),
        "evaluate",
        "--set: validation is not allowed; allowed: test, train, all");
    Cli.assertUsageError(
        Cli.run("evaluate", "--model", model, "--dataset", "imagenet"),
        "evaluate",
        "--dataset: unknown value 'imagenet'");
    Cli.assertUsageError(
        Cli.run("predict", "--model", model, "--dataset", dataset, "--out", run.toString()),
        "predict",
        "holds the model");
    // a regression model needs targets; the mlp takes no sparse data
    Cli.assertUsageError(
        Cli.run("evaluate", "--model", model, "--dataset", "synthetic:d=16,examples=10,nnz=2"),
        "evaluate",
        "does not take sparse data");

    // the features do not match: found once the data are read, still before anything is written
    Path other = tmp.resolve("mnist5");
    Synthetic.writeMnistLike(other, 20, 10, 5, 5, 1);
    Path out = tmp.resolve("never");
    Cli.Outcome o =
        Cli.run(
            "predict",
            "--model",
            model,
            "--dataset",
            "mnist:" + other,
            "--out",
            out.toString(),
            "--master",
            "local[1]");
    assertEquals(2, o.code(), o.err());
    assertTrue(
        o.err()
            .lines()
            .anyMatch(
                l ->
                    l.equals(
                        "byzspark predict: error: --dataset: mnist:"
                            + other
                            + " has 25 features; the model (mlp) takes 16")),
        o.err());
    Cli.assertNothingWritten(out);

    // a corrupted parameters file
    Path copy = tmp.resolve("corrupt");
    Files.createDirectories(copy);
    for (String f : new String[] {"model.json", "parameters.bin"}) {
      Files.copy(run.resolve("model").resolve(f), copy.resolve(f));
    }
    byte[] bytes = Files.readAllBytes(copy.resolve("parameters.bin"));
    bytes[bytes.length / 2] ^= 1;
    Files.write(copy.resolve("parameters.bin"), bytes);
    Cli.assertUsageError(
        Cli.run("evaluate", "--model", copy.toString(), "--dataset", dataset),
        "evaluate",
        "parameters.bin is corrupt: its CRC-32 is");
    Path out2 = tmp.resolve("never2");
    Cli.assertUsageError(
        Cli.run(
            "predict", "--model", copy.toString(), "--dataset", dataset, "--out", out2.toString()),
        "predict",
        "is corrupt");
    Cli.assertNothingWritten(out2);
  }

  @Test
  void helpListsTheOptionsAndValidateOnlyStartsNoSpark() {
    for (String sub : new String[] {"predict", "evaluate"}) {
      Cli.Outcome h = Cli.run(sub, "--help");
      assertEquals(0, h.code(), h.err());
      for (Scopt.Opt opt : ModelCommand.options(sub.equals("predict"))) {
        assertTrue(h.out().contains("--" + opt.name()), sub + " help lacks --" + opt.name());
      }
    }
    Cli.Outcome top = Cli.run("--help");
    assertTrue(top.out().contains("  predict ") && top.out().contains("  evaluate "), top.out());
    Cli.Outcome v =
        Cli.run(
            "evaluate",
            "--model",
            run.resolve("model").toString(),
            "--dataset",
            "mnist:" + data,
            "--validate-only");
    assertEquals(0, v.code(), v.err());
    assertEquals("", v.out());
    Cli.assertUsageError(
        Cli.run(
            "evaluate",
            "--model",
            tmp.resolve("none").toString(),
            "--dataset",
            "mnist",
            "--validate-only"),
        "evaluate",
        "does not exist");
  }
}
