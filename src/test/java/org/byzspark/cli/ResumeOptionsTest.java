package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.byzspark.aggregation.RuleState;
import org.byzspark.data.Synthetic;
import org.byzspark.io.AtomicFile;
import org.byzspark.io.MetricsTable;
import org.byzspark.train.ResumePoint;
import org.byzspark.train.ResumeStore;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.WorkerState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume DIR} before Spark starts: what is refused (one line, exit code 2, DIR left
 * exactly as it was) and what may differ from the recorded run.
 */
class ResumeOptionsTest {
  @TempDir static Path tmp;
  static Path data;
  @TempDir Path work;
  Path run;

  @BeforeAll
  static void data() throws Exception {
    data = tmp.resolve("mnist");
    Synthetic.writeMnistLike(data, 30, 10, 4, 4, 1);
  }

  static final List<String> JOB =
      TrainArgs.mnistMlp(Path.of("DATA"))
          .set(
              "--aggregator",
              "cc",
              "--agg-param",
              "tau=2",
              "--pre",
              "nnm",
              "--steps",
              "60",
              "--clip",
              "none",
              "--master",
              "spark://127.0.0.1:7077")
          .options();

  /** A run directory as a driver killed after its checkpoint of step 14 leaves it. */
  @BeforeEach
  void crashedRun() throws Exception {
    run = work.resolve("run");
    List<String> args = new ArrayList<>();
    for (String a : JOB) {
      args.add(a.replace("DATA", data.toString()));
    }
    args.addAll(List.of("--out", run.toString()));
    Scopt.Parsed parsed = Scopt.parse("t", "", TrainCommand.options(), args.toArray(String[]::new));
    TrainConfig cfg =
        TrainCommand.config(Options.resolve(TrainCommand.options(), parsed.values(), Map.of()));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("config", cfg.asMap());
    manifest.put("start", "2026-01-01T00:00:00Z");
    manifest.put("status", "running");
    Files.createDirectories(run);
    Files.writeString(run.resolve("run.json"), new ObjectMapper().writeValueAsString(manifest));
    Configuration conf = new Configuration();
    String dir = run.resolve("_resume/step-14").toUri().toString();
    List<MetricsTable.Row> rows = new ArrayList<>();
    for (int t = 1; t <= 14; t++) {
      rows.add(
          new MetricsTable.Row(
              t, 1.0 / t, t == 10 ? 0.5 : Double.NaN, Double.NaN, Double.NaN, 0, 0.5, 7, 0, 0));
    }
    ResumePoint p = new ResumePoint(14, 7, dir, new double[] {1, 2}, RuleState.EMPTY, rows, "");
    AtomicFile.write(
        new org.apache.hadoop.fs.Path(run.resolve(ResumeStore.POINT).toString()),
        p.toBytes(),
        conf);
    for (int i = 0; i < 7; i++) {
      AtomicFile.write(
          new org.apache.hadoop.fs.Path(dir, "worker-" + i),
          ResumeStore.momentumBytes(new WorkerState(i, 14, new double[] {i, 1}, 0.5)),
          conf);
    }
  }

  static Cli.Outcome resume(Path run, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--resume", run.toString()));
    a.addAll(List.of(more));
    return Cli.run(a.toArray(String[]::new));
  }

  /** Every file under {@code dir} with its size and modification time. */
  static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(
              p -> {
                try {
                  return dir.relativize(p)
                      + " "
                      + Files.size(p)
                      + " "
                      + Files.getLastModifiedTime(p);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sorted()
          .toList();
    }
  }

  void assertRefused(String expected, String... more) throws IOException {
    List<String> before = listing(work);
    Cli.Outcome o = resume(run, more);
    Cli.assertUsageError(o, "train", expected);
    assertEquals(before, listing(work), "nothing written");
  }

  @Test
  void changedOptionsAreAllNamedInOneLine() throws IOException {
    assertRefused(
        "--lr 0.1 (recorded: 0.5); --seed 9 (recorded: 3) differ from the run recorded",
        "--lr",
        "0.1",
        "--seed",
        "9");
    assertRefused("--agg-params {tau=3} (recorded: {tau=2})", "--agg-param", "tau=3");
    assertRefused("--pre [] (recorded: [nnm])", "--job", writeJob("pre = \n").toString());
    assertRefused("--clip 2.0 (recorded: none)", "--clip", "2");
    assertRefused("--eval-every 5 (recorded: 10)", "--eval-every", "5");
  }

  Path writeJob(String text) throws IOException {
    Path job = tmp.resolve("job-" + System.nanoTime() + ".conf");
    Files.writeString(job, text);
    return job;
  }

  @Test
  void masterStepsAndCheckpointingMayDifferAndSameValuesAreAccepted() throws IOException {
    List<String> before = listing(work);
    Cli.Outcome same =
        resume(run, "--lr", "0.5", "--seed", "3", "--aggregator", "cc:tau=2", "--validate-only");
    assertEquals(0, same.code(), same.err());
    Cli.Outcome other =
        resume(
            run,
            "--master",
            "local[2]",
            "--steps",
            "100",
            "--checkpoint-every",
            "5",
            "--checkpoint-dir",
            work.resolve("ck").toString(),
            "--out",
            run.toString(),
            "--validate-only");
    assertEquals(0, other.code(), other.err());
    assertEquals(before, listing(work), "validation writes nothing");
  }

  /**
   * FLTrust's root set is restored from run.json's fltrust_root (not part of the configuration):
   * the same values are accepted, others refused.
   */
  @Test
  void theRootSetOfAFltrustRunIsRestoredAndChecked() throws IOException {
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode m =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(run.resolve("run.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("config"))
        .put("aggregator", "fltrust")
        .putObject("agg-params");
    ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("config")).putArray("pre");
    m.putObject("fltrust_root").put("data", "training set").put("size", 40);
    Files.writeString(run.resolve("run.json"), json.writeValueAsString(m));
    Cli.Outcome same = resume(run, "--validate-only");
    assertEquals(0, same.code(), same.err());
    Cli.Outcome given = resume(run, "--root-size", "40", "--validate-only");
    assertEquals(0, given.code(), given.err());
    assertRefused("--root-size 50 (recorded: 40) differs", "--root-size", "50");
    assertRefused(
        "--root-data mnist:" + data + " (recorded: none) differs", "--root-data", "mnist:" + data);
  }

  @Test
  void stepsBelowTheResumePointAreRefused() throws IOException {
    assertRefused("--steps: 13 is not allowed with --resume", "--steps", "13");
  }

  @Test
  void outElsewhereAndOverwriteAreRefused() throws IOException {
    assertRefused(
        "--out " + work.resolve("other") + " is not allowed with --resume",
        "--out",
        work.resolve("other").toString());
    assertRefused("--overwrite is not allowed with --resume", "--overwrite");
    assertRefused("--algorithm hgo (recorded: resam) differs", "--algorithm", "hgo");
  }

  @Test
  void finishedRunIsRefused() throws IOException {
    Files.writeString(
        run.resolve("run.json"),
        Files.readString(run.resolve("run.json")).replace("\"running\"", "\"finished\""));
    assertRefused("holds a finished run");
  }

  @Test
  void directoryWithoutRunOrResumePointIsRefused() throws IOException {
    Files.createDirectories(work.resolve("empty"));
    List<String> before = listing(work);
    Cli.assertUsageError(resume(work.resolve("empty")), "train", "holds no run (no run.json");
    assertEquals(before, listing(work));
    Files.delete(run.resolve(ResumeStore.POINT));
    assertRefused(
        "has no resume point (_resume/point): the run stopped before its first" + " checkpoint");
  }

  @Test
  void damagedPointOrMissingMomentaAreRefused() throws IOException {
    Files.delete(run.resolve("_resume/step-14/worker-3"));
    assertRefused("needs 1 momentum file(s) that cannot be found, e.g. ");
    byte[] b = Files.readAllBytes(run.resolve(ResumeStore.POINT));
    Files.write(run.resolve(ResumeStore.POINT), java.util.Arrays.copyOf(b, b.length / 2));
    assertRefused("is truncated (not a complete resume point)");
  }
}
