package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad table inputs end {@code byzspark train} with one line and exit code 2, writing nothing:
 * before Spark starts (paths, options that do not fit the dataset) and when the table is loaded
 * (columns, types, values, too few rows).
 */
class TableInputTest {
  @TempDir Path tmp;

  /** A 4-worker softmax run of 2 steps on {@code dataset}, output {@code out}. */
  private String[] args(String dataset, Path out, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                dataset,
                "--model",
                "softmax",
                "--workers",
                "4",
                "--byzantine",
                "1",
                "--steps",
                "2",
                "--batch-size",
                "2",
                "--eval-every",
                "2",
                "--out",
                out.toString(),
                "--master",
                "local[1]"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private void refused(String expected, String dataset, String... more) throws Exception {
    Path out = tmp.resolve("out" + Math.abs((dataset + String.join(" ", more)).hashCode()));
    Cli.Outcome o = Cli.run(args(dataset, out, more));
    Cli.assertUsageError(o, "train", expected);
    Cli.assertNothingWritten(out);
  }

  /** A CSV file of a header and rows. */
  private String csv(String name, String... lines) throws Exception {
    return "csv:" + Cli.write(tmp, name, String.join("\n", lines) + "\n");
  }

  @Test
  void badOptionsAndPathsAreRefusedBeforeSparkStarts() throws Exception {
    Path svm = Cli.write(tmp, "a.svm", "0 1:1\n1 1:2\n0 1:3\n1 1:4\n0 1:5\n");
    refused(
        "--dataset: parquet:"
            + tmp.resolve("none")
            + " not found; allowed: an existing file or"
            + " directory",
        "parquet:" + tmp.resolve("none"));
    Files.createDirectories(tmp.resolve("empty/_SUCCESS"));
    refused(
        "--dataset: directory " + tmp.resolve("empty") + " holds no data file",
        "orc:" + tmp.resolve("empty"));
    refused(
        "--test-data: not allowed with --dataset libsvm; allowed: only with a table dataset"
            + " (parquet:PATH, orc:PATH, csv:PATH, json:PATH, table:NAME)",
        "libsvm:" + svm,
        "--test-data",
        "parquet:" + tmp);
    refused("--label-col: not allowed with --dataset libsvm", "libsvm:" + svm, "--label-col", "y");
    String ok = csv("ok.csv", "y,a", "0,1", "1,2", "0,3", "1,4", "0,5");
    refused(
        "--test-data: 'libsvm:"
            + svm
            + "' is not allowed; allowed: parquet:PATH, orc:PATH,"
            + " csv:PATH, json:PATH, table:NAME",
        ok,
        "--test-data",
        "libsvm:" + svm);
    refused(
        "--dataset: csv:" + tmp.resolve("gone.csv") + " not found",
        ok,
        "--test-data",
        "csv:" + tmp.resolve("gone.csv"));
    // --validate-only and the launcher's check pass a good table without starting Spark
    Path out = tmp.resolve("validate-only-out");
    Cli.Outcome v =
        Cli.run(args(ok, out, "--features-col", "a", "--label-col", "y", "--validate-only"));
    assertEquals(0, v.code(), v.err());
    Cli.assertNothingWritten(out);
    Path plan = tmp.resolve("plan");
    List<String> fp = new ArrayList<>(List.of(args(ok, out, "--features-col", "a")));
    fp.add(0, plan.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(0, FetchPlan.run(fp.toArray(String[]::new), e, e), err.toString());
    assertEquals("", Files.readString(plan));
  }

  @Test
  void badTablesAreRefusedWhenLoadedWithNothingWritten() throws Exception {
    String ok = csv("ok.csv", "y,a,b", "0,1,2", "1,2,3", "0,3,4", "1,4,5", "2,5,6");
    refused(
        "--label-col: csv:"
            + tmp.resolve("ok.csv")
            + " has no column 'label'; allowed: a numeric"
            + " column of y int, a int, b int",
        ok,
        "--features-col",
        "a,b");
    refused(
        "--features-col: column 'n' of csv:"
            + tmp.resolve("words.csv")
            + " has type string;"
            + " allowed: numeric columns",
        csv("words.csv", "y,a,n", "0,1,x", "1,2,y"),
        "--features-col",
        "a,n",
        "--label-col",
        "y");
    refused(
        "--features-col: csv:"
            + tmp.resolve("nan.csv")
            + ": a row has NaN in column 'a'; allowed:"
            + " finite numbers",
        csv("nan.csv", "y,a", "0,1.5", "1,NaN", "0,2.5", "1,3.5", "0,4.5"),
        "--features-col",
        "a",
        "--label-col",
        "y");
    refused(
        "a row has label 0.5 in column 'y'; allowed: a whole number in 0..65535",
        csv("half.csv", "y,a", "0,1", "0.5,2", "1,3", "0,4", "1,5"),
        "--features-col",
        "a",
        "--label-col",
        "y");
    String ragged =
        "json:"
            + Cli.write(
                tmp,
                "ragged.json",
                "{\"label\":0,\"features\":[1,2]}\n{\"label\":1,\"features\":[1,2,3]}\n");
    refused(
        "--features-col: rows of "
            + ragged
            + " have 2 and 3 features in 'features'; allowed: the same number in every row",
        ragged);
    // a fresh application's catalog holds no temporary view
    refused("--dataset: table:nosuch is not a table or view of the Spark catalog", "table:nosuch");
    refused(
        "--workers: 4 workers need at least as many training examples, got 3",
        csv("few.csv", "y,a", "0,1", "1,2", "0,3", "1,4"),
        "--features-col",
        "a",
        "--label-col",
        "y");
  }
}
