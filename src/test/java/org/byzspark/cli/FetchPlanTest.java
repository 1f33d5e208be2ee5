package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.byzspark.data.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's first pass ({@link FetchPlan}): a command line that is valid apart from missing
 * fetchable datasets passes and names them, one that is wrong fails with the command's own error
 * and names nothing, datasets already there or not fetchable are never named.
 */
class FetchPlanTest {
  @TempDir Path tmp;

  record Outcome(int code, String out, String err, List<String> plan) {}

  private Outcome plan(String... args) throws Exception {
    Path planFile = tmp.resolve("plan.txt");
    Files.deleteIfExists(planFile);
    List<String> all = new ArrayList<>(List.of(planFile.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        FetchPlan.run(
            all.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    List<String> plan = Files.exists(planFile) ? Files.readAllLines(planFile) : null;
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), plan);
  }

  private String[] train(Path dataDir, String dataset, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                dataset,
                "--data-dir",
                dataDir.toString(),
                "--out",
                tmp.resolve("out").toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void missingFashionMnistIsPlannedAfterTheOtherOptionsPass() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Outcome o = plan(train(data, "fashion-mnist", "--model", "cnn"));
    assertEquals(0, o.code(), o.err());
    assertEquals(List.of("fashion-mnist\t" + data.toAbsolutePath()), o.plan());
    assertEquals("", o.out() + o.err());
    assertFalse(Files.exists(tmp.resolve("out")), "the check writes nothing");
  }

  @Test
  void plainMnistIsPlannedToo() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Outcome o = plan(train(data, "mnist"));
    assertEquals(0, o.code(), o.err());
    assertEquals(List.of("mnist\t" + data.toAbsolutePath()), o.plan());
  }

  @Test
  void predictAndEvaluatePlanMnistAfterTheModelIsChecked() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path model = tmp.resolve("model");
    org.byzspark.io.SavedModel.of(
            "softmax",
            java.util.Map.of(),
            784,
            10,
            new org.byzspark.io.SavedModel.Data("mnist:" + data.resolve("mnist"), null, 1),
            new org.byzspark.io.SavedModel.Training(1, 0.5, Double.NaN),
            new double[784 * 10 + 10])
        .write(
            new org.apache.hadoop.fs.Path(model.toString()),
            new org.apache.hadoop.conf.Configuration());
    String[] common = {
      "--model", model.toString(), "--dataset", "mnist", "--data-dir", data.toString()
    };
    Outcome e = plan(concat(new String[] {"evaluate"}, common));
    assertEquals(0, e.code(), e.err());
    assertEquals(List.of("mnist\t" + data.toAbsolutePath()), e.plan());
    Path out = tmp.resolve("pred");
    Outcome p = plan(concat(new String[] {"predict", "--out", out.toString()}, common));
    assertEquals(0, p.code(), p.err());
    assertEquals(List.of("mnist\t" + data.toAbsolutePath()), p.plan());
    assertFalse(Files.exists(out), "the check writes nothing");
    // a missing model fails before any fetch
    Outcome bad =
        plan(
            "evaluate",
            "--model",
            tmp.resolve("none").toString(),
            "--dataset",
            "mnist",
            "--data-dir",
            data.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("byzspark evaluate: error: --model: "), bad.err());
    assertEquals(null, bad.plan());
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(List.of(b));
    return l.toArray(String[]::new);
  }

  @Test
  void aWrongCommandLineFailsBeforeAnyFetch() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Outcome o =
        plan(
            train(
                data,
                "fashion-mnist",
                "--workers",
                "10",
                "--byzantine",
                "5",
                "--aggregator",
                "krum"));
    assertEquals(2, o.code());
    assertTrue(o.err().startsWith("byzspark train: error: "), o.err());
    assertTrue(o.err().contains("krum"), o.err());
    assertEquals(null, o.plan(), "no plan when the check fails");
  }

  @Test
  void presentDatasetsAreNotPlanned() throws Exception {
    Path data = tmp.resolve("data");
    Synthetic.writeMnistLike(data.resolve("fashion-mnist"), 60, 20, 28, 28, 1);
    Outcome o = plan(train(data, "fashion-mnist"));
    assertEquals(0, o.code(), o.err());
    assertEquals(List.of(), o.plan());
  }

  @Test
  void aDirectoryGivenExplicitlyIsNeverFetchedAndStillChecked() throws Exception {
    Path missing = tmp.resolve("mine");
    Outcome o = plan(train(tmp, "fashion-mnist:" + missing));
    assertEquals(2, o.code());
    assertTrue(o.err().contains("not found"), o.err());
    assertEquals(null, o.plan());
  }

  @Test
  void theDeferralEndsWithThePass() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    assertEquals(0, plan(train(data, "fashion-mnist", "--validate-only")).code());
    // the run on its own (no FetchPlan around it) checks the files again before Spark starts
    Cli.Outcome direct = Cli.run(train(data, "fashion-mnist"));
    Cli.assertUsageError(direct, "train", "fashion-mnist file");
  }

  @Test
  void aGridPlansEveryMissingDatasetItsRunsUse() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Synthetic.writeMnistLike(data.resolve("mnist"), 60, 20, 28, 28, 1);
    Path grid = tmp.resolve("g.grid");
    Files.writeString(
        grid,
        String.join(
            "\n",
            "data-dir   = " + data,
            "model      = softmax",
            "workers    = 5",
            "byzantine  = 1",
            "steps      = 2",
            "dataset    = [mnist, fashion-mnist]",
            "aggregator = [cwtm, krum]",
            ""));
    Outcome o = plan("grid", grid.toString(), "--out", tmp.resolve("g").toString());
    assertEquals(0, o.code(), o.err());
    assertEquals(List.of("fashion-mnist\t" + data.toAbsolutePath()), o.plan());
    assertEquals("", o.out(), "the dry run's lines are dropped when the launcher runs the grid");

    // --dry-run given by the user: its lines are the output, and the plan is written as well
    Outcome dry = plan("grid", grid.toString(), "--out", tmp.resolve("g").toString(), "--dry-run");
    assertEquals(0, dry.code(), dry.err());
    assertEquals(4, dry.out().lines().count(), dry.out());

    // one invalid run (krum needs n > 2f + 2): the grid fails as it would, nothing planned
    Files.writeString(grid, Files.readString(grid).replace("byzantine  = 1", "byzantine  = 2"));
    Outcome bad = plan("grid", grid.toString(), "--out", tmp.resolve("g").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("runs are invalid"), bad.err());
    assertEquals(null, bad.plan());
  }
}
