package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.byzspark.data.LibsvmFile;
import org.byzspark.data.Synthetic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input on the data path ends the run before Spark starts: one line naming the file, the line
 * and the problem, exit code 2, nothing written. Also {@code --validate-only}, the launcher's cheap
 * pass before it fetches MNIST, and {@code --checkpoint-dir}'s one-line note.
 */
class DataPathErrorsTest {
  @TempDir static Path tmp;

  @BeforeAll
  static void data() throws Exception {
    Synthetic.writeLibsvm(tmp.resolve("good"), 40, 4, 1);
  }

  static Cli.Outcome train(String dataset, Path out) {
    return Cli.run(
        "train",
        "--dataset",
        dataset,
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
        "--out",
        out.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "malformed item | 3 | +1 1:0.5 2:0.25 | -1 1:0.5 oops | line 3: 'oops' is not index:value",
        "bad value | 3 | +1 1:0.5 | -1 1:0.5 2:x | line 3: feature 2 'x' is not a number",
        "NaN feature | 2 | +1 1:NaN | -1 1:1 | line 2: feature 1 is NaN; allowed: a finite number",
        "infinite feature | 3 | +1 1:1 | -1 2:-Infinity | line 3: feature 2 is -Infinity; allowed: a finite number",
        "fractional label | 2 | 0.5 1:1 | -1 1:1 | line 2: label 0.5 is not allowed; allowed: a whole number",
        "infinite label | 3 | +1 1:1 | inf 1:1 | line 3: label 'inf' is not a number",
        "label too large | 2 | 1e12 1:1 | -1 1:1 | line 2: label 1e12 is not allowed",
        "decreasing index | 3 | +1 1:1 | -1 3:1 2:1 | line 3: index 2 after 3; indices must be strictly increasing",
        "zero index | 2 | +1 0:1 | -1 1:1 | line 2: index 0 is not allowed; allowed: 1 to",
      })
  void badLibsvmLineIsOneLineWithItsNumber(
      String what, int line, String first, String second, String expected) throws Exception {
    Path f = Cli.write(tmp, what.replace(' ', '-'), "# a comment\n" + first + "\n" + second + "\n");
    Path out = tmp.resolve("out-" + what.replace(' ', '-'));
    Cli.Outcome o = train("libsvm:" + f, out);
    Cli.assertUsageError(o, "train", f + " " + expected);
    assertTrue(o.err().contains("line " + line + ":"), o.err());
    Cli.assertNothingWritten(out);
  }

  @Test
  void testFileLabelsAndIndicesMustFitTheTrainingFile() throws Exception {
    Path train = Cli.write(tmp, "tt", "+1 1:1 2:1\n-1 1:-1\n");
    Cli.write(tmp, "tt.t", "-1 1:1\n\n+2 1:1\n");
    Cli.Outcome o = train("libsvm:" + train, tmp.resolve("out-tt"));
    Cli.assertUsageError(
        o,
        "train",
        train + ".t line 3: label +2 does not occur in the training set; allowed: [-1.0, 1.0]");

    Path train2 = Cli.write(tmp, "tu", "+1 1:1 2:1\n-1 1:-1\n");
    Cli.write(tmp, "tu.t", "-1 3:1\n");
    Cli.assertUsageError(
        train("libsvm:" + train2, tmp.resolve("out-tu")),
        "train",
        train2 + ".t line 1: index 3 exceeds the training set's dimension 2");
    Cli.assertNothingWritten(tmp.resolve("out-tu"));
  }

  @Test
  void validFileIsSummarised() throws Exception {
    LibsvmFile.Summary s =
        LibsvmFile.check(tmp.resolve("good").toString(), null, new Configuration());
    assertEquals(Set.of(-1.0, 1.0), s.labels());
    assertEquals(4, s.dim());
    assertEquals(40, s.examples());
  }

  @Test
  void validateOnlyChecksOptionsWithoutTheCachedMnist() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty-data"));
    Path out = tmp.resolve("out-validate");
    // A fresh machine: no MNIST in --data-dir. Invalid options are refused before any download.
    Cli.Outcome bad =
        Cli.run(
            "train",
            "--data-dir",
            empty.toString(),
            "--workers",
            "10",
            "--byzantine",
            "5",
            "--aggregator",
            "krum",
            "--out",
            out.toString(),
            "--validate-only");
    Cli.assertUsageError(bad, "train", "krum");
    // Valid options pass (exit 0, nothing printed, nothing written) although MNIST is missing.
    Cli.Outcome ok =
        Cli.run(
            "train", "--data-dir", empty.toString(), "--out", out.toString(), "--validate-only");
    assertEquals(0, ok.code(), ok.err());
    assertEquals("", ok.err() + ok.out());
    Cli.assertNothingWritten(out);
    // Without --validate-only the missing files are reported as before.
    Cli.assertUsageError(
        Cli.run("train", "--data-dir", empty.toString(), "--out", out.toString()),
        "train",
        "not found");
  }

  @Test
  void driverTakesTheSecretFromTheEnvironmentOnlyWhenAuthenticationIsOnAndNoneIsSet() {
    org.apache.spark.SparkConf off = new org.apache.spark.SparkConf(false);
    TrainCommand.authenticate(off, "s3cret");
    assertTrue(!off.contains("spark.authenticate.secret"), "authentication off: no secret");

    org.apache.spark.SparkConf on =
        new org.apache.spark.SparkConf(false).set("spark.authenticate", "true");
    TrainCommand.authenticate(on, "s3cret");
    assertEquals("s3cret", on.get("spark.authenticate.secret"));

    org.apache.spark.SparkConf given =
        new org.apache.spark.SparkConf(false)
            .set("spark.authenticate", "true")
            .set("spark.authenticate.secret", "from-file");
    TrainCommand.authenticate(given, "s3cret");
    assertEquals("from-file", given.get("spark.authenticate.secret"), "a configured one wins");

    org.apache.spark.SparkConf none =
        new org.apache.spark.SparkConf(false).set("spark.authenticate", "true");
    TrainCommand.authenticate(none, null);
    assertTrue(!none.contains("spark.authenticate.secret"));
  }

  @Test
  void localCheckpointDirOnAClusterGetsOneNote() {
    Configuration conf = new Configuration();
    String note =
        TrainCommand.checkpointWarning(
            new org.apache.hadoop.fs.Path("/tmp/ck"), "spark://h:7077", conf);
    assertTrue(note.contains("executors on other hosts cannot read it"), note);
    assertEquals(1, note.lines().count());
    assertEquals(
        null,
        TrainCommand.checkpointWarning(new org.apache.hadoop.fs.Path("/tmp/ck"), "local[2]", conf));
    assertEquals(
        null,
        TrainCommand.checkpointWarning(
            new org.apache.hadoop.fs.Path("hdfs://nn:8020/ck"), "spark://h:7077", conf));
    assertTrue(
        TrainCommand.checkpointWarning(new org.apache.hadoop.fs.Path("file:/tmp/ck"), "yarn", conf)
            != null);
  }
}
