package org.byzspark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.byzspark.cli.TrainArgs;
import org.byzspark.data.Synthetic;
import org.byzspark.io.RunOutput;
import org.byzspark.train.ResumePoint;
import org.byzspark.train.ResumeStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on this machine (scripts/cluster.sh: a Master and two Workers in their
 * own JVMs, executors launched by the Workers, authentication on) running the training job through
 * the launcher exactly as docs/cluster.md shows, on small generated MNIST-like data.
 *
 * <p>Checks: the cluster run's step/loss/accuracy columns equal local[2]'s; a run whose executor is
 * killed with SIGKILL in the middle finishes with the same columns and reports the lost executor
 * and the recomputed partitions; with {@code --aggregation sharded} (RESAM, and HGO's partial
 * messages), a run whose executor is killed while it holds the map output of a step's shuffle
 * finishes with every deterministic column of metrics.csv and the final line of the same run
 * undisturbed; an application with a wrong or missing secret is refused by the cluster and writes
 * nothing; the spark-submit lines of docs/cluster.md and docs/estimator.md, run verbatim, train,
 * evaluate and fit the estimator example on the cluster. Every process is stopped by the ids
 * recorded when it was started (cluster.sh stop; the launchers' own handles), also when a check
 * fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  static final Path HOME = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(15); // a safety net, not a speed check

  @TempDir static Path tmp;
  static Path mnist;
  static Path clusterDir;
  static String master;
  static List<String> local2;
  static final List<Process> started = new ArrayList<>();
  static Thread stopOnExit;

  @BeforeAll
  static void startCluster() throws Exception {
    mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 1200, 300, 6, 6, 11);
    clusterDir = tmp.resolve("cluster");
    // Stop the cluster even if the test JVM is ended before @AfterAll runs.
    stopOnExit = new Thread(ClusterIT::stopCluster);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    Result r = run(List.of("scripts/cluster.sh", "start", "--workers", "2"), Map.of(), "start");
    assertEquals(0, r.code, r.output);
    String[] lines = r.stdout.strip().split("\n");
    master = lines[lines.length - 1].strip();
    assertTrue(master.matches("spark://127\\.0\\.0\\.1:\\d+"), r.output);
    Set<PosixFilePermission> perms =
        Files.getPosixFilePermissions(clusterDir.resolve("spark-cluster.conf"));
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        perms,
        "the secret is readable by its owner only");
  }

  @AfterAll
  static void stop() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    stopCluster();
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
  }

  static void stopCluster() {
    try {
      run(List.of("scripts/cluster.sh", "stop"), Map.of(), "stop");
    } catch (Exception e) {
      // reported by the test that failed; nothing else to stop
    }
  }

  static List<String> job(Path out, String master) {
    List<String> a = new ArrayList<>(List.of("scripts/byzspark"));
    a.addAll(TrainArgs.mnistMlp(mnist).set("--steps", "60").out(out, master).list());
    return List.copyOf(a);
  }

  @Test
  @Order(1)
  void clusterRunEqualsLocalAndBadSecretsAreRefused() throws Exception {
    // The two refused applications wait for the master's answer (Spark retries for about a
    // minute): they run alongside the good ones.
    Path wrongOut = tmp.resolve("wrong-secret");
    Process wrong =
        start(
            job(wrongOut, master), Map.of("_SPARK_AUTH_SECRET", "not-the-secret"), "wrong-secret");
    Path missingOut = tmp.resolve("missing-secret");
    Process missing =
        start(
            job(missingOut, master),
            Map.of("BYZSPARK_CLUSTER_DIR", tmp.resolve("elsewhere").toString()),
            "missing-secret");

    Path local = tmp.resolve("local2");
    Result l = run(job(local, "local[2]"), Map.of(), "local2");
    assertEquals(0, l.code, l.output);
    local2 = deterministicColumns(local);
    assertEquals(61, local2.size());

    Path cluster = tmp.resolve("cluster-run");
    Result c = run(job(cluster, master), Map.of(), "cluster");
    assertEquals(0, c.code, c.output);
    assertTrue(c.output.contains("on " + master), c.output);
    assertEquals(local2, deterministicColumns(cluster), "cluster vs local[2]");
    assertTrue(c.output.contains("executors on other hosts cannot read it"), c.output);
    assertFalse(c.output.contains("must not be on the local filesystem"), c.output);
    assertFalse(Files.exists(cluster.resolve("_checkpoints")), "checkpoints removed");

    for (Process p : List.of(wrong, missing)) {
      assertTrue(p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "refused run ended");
    }
    String wrongLog = Files.readString(log("wrong-secret"));
    assertNotEquals(0, wrong.exitValue(), wrongLog);
    assertTrue(wrongLog.contains("did not accept the application"), wrongLog);
    String missingLog = Files.readString(log("missing-secret"));
    assertNotEquals(0, missing.exitValue(), missingLog);
    assertTrue(missingLog.contains("did not accept the application"), missingLog);
    String masterLog = Files.readString(clusterDir.resolve("logs/master.log"));
    assertTrue(
        masterLog.contains("SaslException: DIGEST-MD5: digest response format violation"),
        "the master refused the wrong secret");
    assertTrue(
        masterLog.contains("Expected SaslMessage, received something else"),
        "the master refused the unauthenticated client");
    assertFalse(Files.exists(wrongOut.resolve("metrics.csv")), "nothing written");
    assertFalse(Files.exists(missingOut.resolve("metrics.csv")), "nothing written");
  }

  @Test
  @Order(2)
  void executorKilledMidRunIsRecomputedWithEqualResults() throws Exception {
    Path out = tmp.resolve("executor-loss");
    Process p = start(job(out, master), Map.of(), "executor-loss");
    Path log = log("executor-loss");
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (!Files.readString(log).contains("step 20/60")) {
      assertTrue(p.isAlive(), Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no progress: " + Files.readString(log));
      Thread.sleep(200);
    }
    ProcessHandle victim = executors().get(0);
    victim.destroyForcibly(); // SIGKILL
    assertTrue(p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "run ended");
    String text = Files.readString(log);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.matches("(?s).*executor \\d+ lost.*"), text);
    assertTrue(text.matches("(?s).*recomputed on executor \\d+.*"), text);
    assertEquals(local2, deterministicColumns(out), "same results as the undisturbed run");
  }

  /** The columns of the undisturbed local[2] run (computed here if test 1 did not run). */
  static List<String> reference() throws Exception {
    if (local2 == null) {
      Path local = tmp.resolve("local2");
      Result l = run(job(local, "local[2]"), Map.of(), "local2");
      assertEquals(0, l.code, l.output);
      local2 = deterministicColumns(local);
    }
    return local2;
  }

  @Test
  @Order(3)
  void driverKilledAfterACheckpointResumesWithEqualResults() throws Exception {
    List<String> expected = reference();
    Path out = tmp.resolve("driver-loss");
    // checkpoints in a directory of their own: the crashed attempt's files must not stay there
    Path checkpoints = tmp.resolve("driver-loss-checkpoints");
    List<String> args = new java.util.ArrayList<>(job(out, master));
    args.addAll(List.of("--checkpoint-dir", checkpoints.toString()));
    Process p = start(args, Map.of(), "driver-loss");
    RunOutput output = new RunOutput(out.toString(), new Configuration());
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    ResumePoint point = null;
    while (point == null || point.step() < 14) { // the second checkpoint (every 7 steps)
      assertTrue(p.isAlive(), Files.readString(log("driver-loss")));
      assertTrue(
          System.nanoTime() < deadline, "no checkpoint: " + Files.readString(log("driver-loss")));
      Thread.sleep(100);
      point = ResumeStore.read(output, new Configuration());
    }
    List<ProcessHandle> drivers =
        p.descendants()
            .filter(h -> fullCommandLine(h).contains("org.byzspark.cli.Main train"))
            .toList();
    assertEquals(1, drivers.size(), "one driver JVM under the launcher");
    drivers.get(0).destroyForcibly(); // SIGKILL: no shutdown hook, no finally
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher ends with its driver");
    assertNotEquals(0, p.exitValue());
    assertTrue(
        Files.readString(out.resolve("run.json")).contains("\"running\""),
        "run.json still says running");
    long killedAt = ResumeStore.read(output, new Configuration()).step();
    assertTrue(killedAt >= 14 && killedAt < 60, "killed mid-run, after step " + killedAt);

    // A resume that changes the configuration is refused, with one line, and changes nothing.
    Result refused =
        run(
            List.of("scripts/byzspark", "train", "--resume", out.toString(), "--lr", "0.1"),
            Map.of(),
            "resume-refused");
    assertEquals(2, refused.code, refused.output);
    assertTrue(refused.output.contains("--lr 0.1 (recorded: 0.5)"), refused.output);
    assertEquals(killedAt, ResumeStore.read(output, new Configuration()).step());

    // The command exactly as docs/cluster.md shows it: the master comes from run.json.
    Result r =
        run(List.of("scripts/byzspark", "train", "--resume", out.toString()), Map.of(), "resumed");
    assertEquals(0, r.code, r.output);
    assertTrue(r.output.contains("on " + master), r.output);
    assertTrue(r.output.contains("resumed after step " + killedAt), r.output);
    assertEquals(expected, deterministicColumns(out), "resumed run vs the undisturbed run");
    String manifest = Files.readString(out.resolve("run.json"));
    assertTrue(manifest.contains("\"finished\""), manifest);
    assertTrue(manifest.contains("\"resumed_after_step\" : " + killedAt), manifest);
    assertFalse(Files.exists(out.resolve("_resume")), "resume files removed at the end");
    try (var left = Files.list(checkpoints)) {
      assertEquals(
          List.of(), left.toList(), "both attempts' checkpoints removed from --checkpoint-dir");
    }
    // the resume was not given --checkpoint-dir: it used the recorded one, not <out>/_checkpoints
    assertTrue(manifest.contains("\"checkpoint_dir\" : \"" + checkpoints + "\""), manifest);
    assertTrue(
        manifest.matches("(?s).*\"checkpoint_subdir\" : \"[^\"]*" + checkpoints + "/.*"), manifest);
    assertFalse(Files.exists(out.resolve("_checkpoints")), "no <out>/_checkpoints on resume");

    Result again =
        run(
            List.of("scripts/byzspark", "train", "--resume", out.toString()),
            Map.of(),
            "resume-finished");
    assertEquals(2, again.code, again.output);
    assertTrue(again.output.contains("holds a finished run"), again.output);
  }

  @Test
  @Order(4)
  void gridRunsOnTheClusterWithTheSameResultsAsLocally() throws Exception {
    Path grid = tmp.resolve("tiny.grid");
    Files.writeString(
        grid,
        String.join(
            "\n",
            "dataset = mnist:" + mnist,
            "model = mlp",
            "workers = 7",
            "byzantine = 2",
            "attack = little",
            "aggregator = cwtm",
            "momentum = 0.9",
            "steps = 20",
            "batch-size = 16",
            "lr = 0.5",
            "eval-every = 10",
            "checkpoint-every = 7",
            "seed = 3..4",
            ""));
    Map<String, List<List<String>>> columns = new java.util.HashMap<>();
    for (String m : List.of("local[2]", master)) {
      Path out = tmp.resolve(m.startsWith("local") ? "grid-local" : "grid-cluster");
      Result r =
          run(
              List.of(
                  "scripts/byzspark",
                  "grid",
                  grid.toString(),
                  "--out",
                  out.toString(),
                  "--master",
                  m),
              Map.of(),
              out.getFileName().toString());
      assertEquals(0, r.code, r.output);
      assertTrue(r.output.contains("on " + m), r.output);
      assertTrue(r.output.contains("2 runs: 2 finished now"), r.output);
      List<List<String>> runs = new ArrayList<>();
      for (String seed : List.of("seed=3_", "seed=4_")) {
        try (var s = Files.list(out.resolve("runs"))) {
          List<Path> dirs = s.filter(d -> d.getFileName().toString().startsWith(seed)).toList();
          assertEquals(1, dirs.size(), seed + ": " + dirs);
          runs.add(deterministicColumns(dirs.get(0)));
        }
      }
      assertEquals(21, runs.get(0).size());
      assertNotEquals(runs.get(0), runs.get(1), "two different runs");
      columns.put(m, runs);
    }
    assertEquals(columns.get("local[2]"), columns.get(master), "grid on the cluster vs local[2]");
  }

  /**
   * The shortened job with the messages sharded on the executors ({@code --aggregation sharded}),
   * 20 steps, checkpoints every 8 steps (so that step 11, the first after the evaluation of step
   * 10, is 3 steps past a checkpoint), plus {@code extra}.
   */
  static List<String> shardedJob(Path out, String master, List<String> extra) {
    List<String> args = new ArrayList<>(job(out, master));
    args.set(args.indexOf("--steps") + 1, "20");
    args.set(args.indexOf("--checkpoint-every") + 1, "8");
    args.addAll(List.of("--aggregation", "sharded"));
    args.addAll(extra);
    return args;
  }

  @Test
  @Order(5)
  void executorKilledDuringAShardedStepGivesTheUndisturbedBits() throws Exception {
    shardedExecutorKill("sharded", List.of());
  }

  @Test
  @Order(6)
  void executorKilledDuringAnHgoShardedStepGivesTheUndisturbedBits() throws Exception {
    // q = 6 of 7 contacted, v = 5; with tau = 0.05 the weak workers compute about 600 of the
    // d = 4,710 coordinates: partial messages, several segments, one shuffle per segment
    shardedExecutorKill(
        "hgo-sharded",
        List.of("--algorithm", "hgo", "--quorum-size", "6", "--quorum", "5", "--tau", "0.05"));
  }

  /**
   * The sharded job on the cluster, one executor killed (SIGKILL) as soon as it holds map output of
   * a shuffle newer than step 10's (step 11's momentums being cut into coordinate blocks; the
   * aggregation that reads the blocks follows in the same step), against the same job undisturbed
   * on local[2] (run alongside): every deterministic column of metrics.csv and the final line are
   * equal.
   */
  void shardedExecutorKill(String name, List<String> extra) throws Exception {
    Path reference = tmp.resolve(name + "-local2");
    Process undisturbed =
        start(shardedJob(reference, "local[2]", extra), Map.of(), name + "-local2");
    Path out = tmp.resolve(name + "-killed");
    Process p = start(shardedJob(out, master, extra), Map.of(), name + "-killed");
    Path log = log(name + "-killed");
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (!Files.readString(log).contains("step 10/20")) {
      assertTrue(p.isAlive(), Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no progress: " + Files.readString(log));
      Thread.sleep(20);
    }
    // every shuffle written so far belongs to steps 1..10
    long seen = newestShuffle().id;
    ShuffleOutput next = newestShuffle();
    while (next.id <= seen) {
      assertTrue(p.isAlive(), Files.readString(log));
      assertTrue(
          System.nanoTime() < deadline, "no shuffle after step 10: " + Files.readString(log));
      Thread.sleep(5);
      next = newestShuffle();
    }
    next.executor.destroyForcibly(); // SIGKILL, with the step's map output on it
    String atKill = Files.readString(log);
    assertFalse(atKill.contains("step 20/20"), "killed mid-run: " + atKill);
    assertTrue(p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "run ended");
    String text = Files.readString(log);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.matches("(?s).*executor \\d+ lost.*"), text);
    assertTrue(text.matches("(?s).*recomputed on executor \\d+.*"), text);
    assertTrue(
        undisturbed.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "undisturbed run ended");
    String refText = Files.readString(log(name + "-local2"));
    assertEquals(0, undisturbed.exitValue(), refText);
    for (Path run : List.of(reference, out)) {
      String manifest = Files.readString(run.resolve("run.json"));
      assertTrue(manifest.contains("\"aggregation_mode\" : \"sharded\""), manifest);
    }
    List<String> expected = deterministicTable(reference);
    assertEquals(21, expected.size());
    assertEquals(expected, deterministicTable(out), "killed executor vs the undisturbed run");
    assertEquals(
        finalLine(refText, reference),
        finalLine(text, out),
        "final line, killed executor vs the undisturbed run");
  }

  /**
   * The spark-submit lines of docs/cluster.md's standalone section and of docs/estimator.md, run
   * verbatim by bash on the cluster, with {@code spark-submit} the shell function docs/cluster.md
   * defines (Spark's own {@code SparkSubmit} class from the Spark jars Maven resolved): train
   * writes the same step/loss/accuracy columns as the same job on local[2], evaluate prints the
   * run's final test accuracy, and the estimator example (its jar the primary resource, the
   * application jar on --jars) fits, cross-validates, saves and reloads its pipeline.
   */
  @Test
  @Order(7)
  void sparkSubmitLinesOfTheDocsRunOnTheCluster() throws Exception {
    List<String> expected = reference();
    String wrapper = testedBlock("docs/cluster.md", "defines spark-submit");
    // the function only: the block's last line reads target/cluster, not this test's cluster
    wrapper = wrapper.substring(0, wrapper.indexOf("\n}\n") + 3);
    String recipe = testedBlock("docs/cluster.md", "runs this block verbatim");
    for (String line : Files.readAllLines(HOME.resolve("conf/spark-defaults.conf"))) {
      String[] kv = line.strip().split("\\s+");
      if (!line.isBlank() && !line.startsWith("#")) {
        assertTrue(
            recipe.contains("--conf " + kv[0] + "=" + kv[1] + " "),
            "the recipe passes " + line + " of conf/spark-defaults.conf");
      }
    }
    Path runs = tmp.resolve("submit-runs");
    Files.createDirectories(runs);
    Result r =
        run(
            List.of(
                "bash",
                "-c",
                "set -euo pipefail\n"
                    + wrapper
                    + vars("MASTER", master, "DATA", mnist.toString(), "RUNS", runs.toString())
                    + recipe),
            Map.of(),
            "submit");
    assertEquals(0, r.code, r.output);
    Path out = runs.resolve("mnist-check");
    assertTrue(r.output.contains("on " + master), r.output);
    assertEquals(expected, deterministicColumns(out), "spark-submit on the cluster vs local[2]");
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    int col = List.of(metrics.get(0).split(",", -1)).indexOf("test_accuracy");
    assertTrue(col >= 0, metrics.get(0));
    String accuracy = metrics.get(metrics.size() - 1).split(",", -1)[col];
    assertTrue(
        r.output.contains(
            "test accuracy " + accuracy + " (300 examples of mnist:" + mnist + ", model "),
        "evaluate prints the run's final test accuracy " + accuracy + ": " + r.output);

    Path table = tmp.resolve("blobs.parquet");
    org.byzspark.ml.ExampleData.main(new String[] {table.toString()});
    Path model = tmp.resolve("example-model");
    String example = testedBlock("docs/estimator.md", "runs this block verbatim");
    Result e =
        run(
            List.of(
                "bash",
                "-c",
                "set -euo pipefail\n"
                    + wrapper
                    + vars(
                        "MASTER", master, "TABLE", table.toString(), "MODEL_DIR", model.toString())
                    + example),
            Map.of(),
            "submit-example");
    assertEquals(0, e.code, e.output);
    var m = java.util.regex.Pattern.compile("(?m)^test accuracy (\\S+)$").matcher(e.output);
    assertTrue(m.find(), e.output);
    assertTrue(Double.parseDouble(m.group(1)) > 0.9, e.output);
    assertTrue(e.output.contains("best cwtm"), e.output);
    assertTrue(e.output.contains("same predictions after load true"), e.output);
    assertTrue(Files.isDirectory(model.resolve("stages")), "the pipeline saved");
  }

  /** Shell assignments NAME='value' ..., one line. */
  static String vars(String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      sb.append(pairs[i]).append("='").append(pairs[i + 1].replace("'", "'\\''")).append("' ");
    }
    return sb.append('\n').toString();
  }

  /** The fenced block right after the line {@code <!-- tested: ...MARKER... -->} of a doc. */
  static String testedBlock(String doc, String marker) throws IOException {
    List<String> lines = Files.readAllLines(HOME.resolve(doc));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("<!-- tested: ") && lines.get(i).contains(marker)) {
        assertEquals("```", lines.get(i + 1), doc + ": a block follows line " + (i + 1));
        StringBuilder block = new StringBuilder();
        for (int j = i + 2; !lines.get(j).equals("```"); j++) {
          block.append(lines.get(j)).append('\n');
        }
        return block.toString();
      }
    }
    throw new AssertionError(doc + " has no block marked '" + marker + "'");
  }

  /** An executor JVM and the newest shuffle (largest id) it holds map output of; id −1: none. */
  record ShuffleOutput(long id, ProcessHandle executor) {}

  static final java.util.regex.Pattern SHUFFLE_FILE =
      java.util.regex.Pattern.compile("shuffle_(\\d+)_\\d+_0\\.data");

  /**
   * The newest shuffle whose map output a running executor holds: the shuffle files under each
   * executor's own directories (SPARK_EXECUTOR_DIRS, which its Worker set), read from /proc.
   */
  static ShuffleOutput newestShuffle() throws IOException {
    ShuffleOutput best = new ShuffleOutput(-1, null);
    for (ProcessHandle e : executors()) {
      for (String dir : executorDirs(e)) {
        try (var files = Files.walk(Path.of(dir))) {
          for (Path f : (Iterable<Path>) files::iterator) {
            var m = SHUFFLE_FILE.matcher(f.getFileName().toString());
            if (m.matches() && Long.parseLong(m.group(1)) > best.id) {
              best = new ShuffleOutput(Long.parseLong(m.group(1)), e);
            }
          }
        } catch (IOException | java.io.UncheckedIOException ex) {
          // a file removed while walking, or the executor's directory not made yet
        }
      }
    }
    return best;
  }

  /** The local directories of an executor JVM, from its environment. */
  static List<String> executorDirs(ProcessHandle h) {
    try {
      String env =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "environ")),
              StandardCharsets.UTF_8);
      for (String kv : env.split("\0")) {
        if (kv.startsWith("SPARK_EXECUTOR_DIRS=")) {
          return List.of(kv.substring("SPARK_EXECUTOR_DIRS=".length()).split(":"));
        }
      }
      return List.of();
    } catch (IOException e) {
      return List.of(); // the process ended
    }
  }

  /** metrics.csv without its timing columns ({@code *_ms}). */
  static List<String> deterministicTable(Path out) throws IOException {
    List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
    String[] header = lines.get(0).split(",", -1);
    List<String> table = new ArrayList<>();
    for (String l : lines) {
      String[] f = l.split(",", -1);
      assertEquals(header.length, f.length, l);
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < f.length; i++) {
        if (!header[i].endsWith("_ms")) {
          row.append(row.length() == 0 ? "" : ",").append(f[i]);
        }
      }
      table.add(row.toString());
    }
    return table;
  }

  /** The run's final line ("final test accuracy ..."), its output directory written OUT. */
  static String finalLine(String log, Path out) {
    String last = null;
    for (String l : log.split("\n")) {
      if (l.startsWith("final ")) {
        last = l;
      }
    }
    assertTrue(last != null, "no final line: " + log);
    return last.replace(out.toString(), "OUT");
  }

  /**
   * The whole command line of a process, from /proc (ProcessHandle.Info cuts it at 4096 characters,
   * before the main class of the launcher's java command with its long class path).
   */
  static String fullCommandLine(ProcessHandle h) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ""; // the process ended
    }
  }

  /** The executor JVMs the cluster's Workers launched (children of the recorded worker pids). */
  static List<ProcessHandle> executors() throws IOException {
    List<ProcessHandle> out = new ArrayList<>();
    for (String line : Files.readAllLines(clusterDir.resolve("pids"))) {
      String[] f = line.split(" ");
      if (f[0].startsWith("worker")) {
        ProcessHandle.of(Long.parseLong(f[1]))
            .ifPresent(
                w ->
                    w.children()
                        .filter(
                            c ->
                                c.info()
                                    .commandLine()
                                    .orElse("")
                                    .contains("CoarseGrainedExecutorBackend"))
                        .forEach(out::add));
      }
    }
    assertFalse(out.isEmpty(), "no executor running");
    return out;
  }

  static List<String> deterministicColumns(Path out) throws IOException {
    List<String> cols = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("metrics.csv"))) {
      String[] f = l.split(",", -1);
      cols.add(f[0] + "," + f[1] + "," + f[2]);
    }
    return cols;
  }

  record Result(int code, String stdout, String output) {}

  static Path log(String name) {
    return tmp.resolve(name + ".log");
  }

  static Process start(List<String> cmd, Map<String, String> env, String name) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile());
    pb.environment().put("BYZSPARK_CLUSTER_DIR", clusterDir.toString());
    pb.environment().put("BYZSPARK_JAVA_OPTS", "-Xmx1g");
    pb.environment().remove("_SPARK_AUTH_SECRET");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log(name).toFile());
    Process p = pb.start();
    started.add(p);
    return p;
  }

  static Result run(List<String> cmd, Map<String, String> env, String name) throws Exception {
    Process p = start(cmd, env, name);
    if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(name + " timed out: " + Files.readString(log(name)));
    }
    String text = Files.readString(log(name), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), text, text);
  }
}
