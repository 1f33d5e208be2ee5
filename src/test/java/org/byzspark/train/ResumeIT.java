package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.aggregation.RuleState;
import org.byzspark.data.Synthetic;
import org.byzspark.io.AtomicFile;
import org.byzspark.io.RunOutput;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.hgo.HgoOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with a stateful rule (centered clipping starts from its previous aggregate) that dies after
 * a checkpoint and continues from its resume point gives the uninterrupted run's metrics and rule
 * reports; the same resume with the rule state dropped does not (so the check can fail).
 */
class ResumeIT {
  @TempDir static Path tmp;
  static Path mnist;
  static JavaSparkContext sc;

  @BeforeAll
  static void start() throws Exception {
    mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 600, 200, 6, 6, 11);
    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("ResumeIT")
            .set("spark.ui.enabled", "false");
    Trainer.applySparkDefaults(conf);
    sc = new JavaSparkContext(conf);
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  static TrainConfig cfg(Path out) {
    return TrainConfig.builder()
        .set(TrainOptions.DATASET, "mnist:" + mnist)
        .set(TrainOptions.DATA_DIR, "data")
        .set(TrainOptions.MODEL, "mlp")
        .set(TrainOptions.WORKERS, 7)
        .set(TrainOptions.BYZANTINE, 2)
        .set(TrainOptions.ATTACK, "little")
        .set(TrainOptions.AGGREGATOR, "cc")
        .set(TrainOptions.MOMENTUM, 0.9)
        .set(TrainOptions.STEPS, 30)
        .set(TrainOptions.BATCH_SIZE, 16)
        .set(TrainOptions.LR, 0.5)
        .set(TrainOptions.CLIP, 2.0)
        .set(TrainOptions.WEIGHT_DECAY, 1e-4)
        .set(TrainOptions.EVAL_EVERY, 10)
        .set(TrainOptions.CHECKPOINT_EVERY, 7)
        .set(TrainOptions.SEED, 3L)
        .set(TrainOptions.OUT, out.toString())
        .set(TrainOptions.MASTER, "local[2]")
        .set(TrainOptions.AGGREGATION, "auto")
        .build();
  }

  static Trainer trainer(Path out, Consumer<String> progress, ResumePoint from) {
    RunOutput output = new RunOutput(out.toString(), sc.hadoopConfiguration());
    return new Trainer(cfg(out), sc, output, progress)
        .resumable(ResumeStore.forRun(output, sc.hadoopConfiguration(), null), from);
  }

  /**
   * HGO Algorithm 1 on the same data: 6 of the 7 workers contacted per step with exactly 2
   * Byzantine among them at fixed random places, quorum v = 5, partial gradients within τ, a label
   * split, a polynomial schedule and the gradient norm at each evaluation; cwmed (HGO refuses
   * stateful rules).
   */
  static Trainer hgoTrainer(Path out, Consumer<String> progress, ResumePoint from) {
    TrainConfig hgoCfg =
        cfg(out).with(TrainOptions.AGGREGATOR, "cwmed").with(TrainOptions.MOMENTUM, 0.5);
    HgoOptions opts =
        HgoOptions.of(
            OptionValues.parse(
                TrainOptions.HGO,
                Map.of(
                    "algorithm", List.of("hgo"),
                    "quorum-size", List.of("6"),
                    "quorum", List.of("5"),
                    "tau", List.of("0.01"),
                    "split", List.of("classes:3"),
                    "byzantine-placement", List.of("fixed-random"),
                    "lr-schedule", List.of("poly:p=0.5"))));
    RunOutput output = new RunOutput(out.toString(), sc.hadoopConfiguration());
    return new Trainer(hgoCfg, opts, sc, output, progress)
        .resumable(ResumeStore.forRun(output, sc.hadoopConfiguration(), null), from);
  }

  static final class Crash extends RuntimeException {
    Crash() {
      super("the driver dies");
    }
  }

  static List<String> columns(Path out) throws Exception {
    List<String> cols = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("metrics.csv"))) {
      String[] f = l.split(",", -1);
      cols.add(f[0] + "," + f[1] + "," + f[2]);
    }
    return cols;
  }

  /** A run stopped at its evaluation of step 20; its last resume point is step 14. */
  static ResumePoint crashed(Path out) throws Exception {
    ResumePoint p = crashed(out, ResumeIT::trainer);
    assertEquals(List.of("previous"), List.copyOf(p.ruleState().keys()), "cc's state is saved");
    return p;
  }

  interface Factory {
    Trainer make(Path out, Consumer<String> progress, ResumePoint from);
  }

  static ResumePoint crashed(Path out, Factory factory) throws Exception {
    assertThrows(
        Crash.class,
        () ->
            factory
                .make(
                    out,
                    line -> {
                      if (line.startsWith("step 20/")) {
                        throw new Crash();
                      }
                    },
                    null)
                .run());
    assertTrue(Files.readString(out.resolve("run.json")).contains("\"running\""));
    ResumePoint p =
        ResumeStore.read(new RunOutput(out.toString(), new Configuration()), new Configuration());
    assertEquals(14, p.step());
    return p;
  }

  /** Every column of metrics.csv but the two timings. */
  static List<String> allButTimings(Path out) throws Exception {
    List<String> rows = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("metrics.csv"))) {
      rows.add(l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1)));
    }
    return rows;
  }

  @Test
  void theSavedStateIsReadBackBitForBitWithItsLineageCutAtTheFiles() throws Exception {
    List<WorkerState> states =
        List.of(
            new WorkerState(0, 9, new double[] {1.5, -0.0, Double.MIN_VALUE}, 0.25),
            new WorkerState(1, 9, null, Double.NaN),
            new WorkerState(2, 9, new double[] {Double.MAX_VALUE, 3, -7e-300}, 2.5));
    // the executors write the files (no collected states) ...
    Map<String, byte[]> byExecutors = saveAndReadBack("saved-state", states, null);
    // ... or the driver from the states it holds, in any order: the same bytes
    Map<String, byte[]> byDriver =
        saveAndReadBack(
            "saved-state-driver", states, List.of(states.get(2), states.get(0), states.get(1)));
    assertEquals(List.of("worker-0", "worker-1", "worker-2"), List.copyOf(byDriver.keySet()));
    assertEquals(byExecutors.keySet(), byDriver.keySet());
    for (String name : byDriver.keySet()) {
      assertArrayEquals(byExecutors.get(name), byDriver.get(name), name);
    }
  }

  /**
   * Saves {@code states} as step 9's point (the driver writing the momenta when {@code collected}
   * is given), checks that the state read back equals them bit for bit with its lineage cut at the
   * files, and returns the momentum files' bytes by name.
   */
  private Map<String, byte[]> saveAndReadBack(
      String name, List<WorkerState> states, List<WorkerState> collected) throws Exception {
    Path out = tmp.resolve(name);
    RunOutput output = new RunOutput(out.toString(), sc.hadoopConfiguration());
    ResumeStore store = ResumeStore.forRun(output, sc.hadoopConfiguration(), null);
    assertThrows(IllegalStateException.class, () -> store.savedState(sc));
    org.apache.spark.api.java.JavaRDD<WorkerState> deep =
        sc.parallelize(states, 3).setName("the state's long history").map(x -> x).map(x -> x);
    store.save(
        9,
        deep,
        collected,
        3,
        new double[] {0.5},
        RuleState.EMPTY,
        org.byzspark.attack.AttackState.EMPTY,
        new org.byzspark.io.MetricsTable(false, false, false),
        "");
    org.apache.spark.api.java.JavaRDD<WorkerState> back = store.savedState(sc);
    List<WorkerState> got = back.collect();
    assertEquals(3, back.getNumPartitions(), "one partition per worker, in worker order");
    for (int i = 0; i < states.size(); i++) {
      WorkerState a = states.get(i);
      WorkerState b = got.get(i);
      assertEquals(a.worker(), b.worker());
      assertEquals(a.step(), b.step());
      assertEquals(
          Double.doubleToRawLongBits(a.batchLoss()), Double.doubleToRawLongBits(b.batchLoss()));
      if (a.momentum() == null) {
        assertEquals(null, b.momentum());
      } else {
        for (int k = 0; k < a.momentum().length; k++) {
          assertEquals(
              Double.doubleToRawLongBits(a.momentum()[k]),
              Double.doubleToRawLongBits(b.momentum()[k]));
        }
      }
    }
    String lineage = back.toDebugString();
    assertTrue(lineage.contains("read back at step 9"), lineage);
    assertFalse(lineage.contains("long history"), "the lineage starts at the files: " + lineage);
    Path dir = out.resolve("_resume").resolve("step-9"); // MOMENTA/step-t
    Map<String, byte[]> files = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> list = Files.list(dir)) {
      for (Path f : (Iterable<Path>) list::iterator) {
        files.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    store.finished();
    store.release();
    assertFalse(Files.exists(dir), "removed when the run finishes");
    return files;
  }

  @Test
  void hgoRunResumedAfterADriverCrashEqualsTheUninterruptedOne() throws Exception {
    Path full = tmp.resolve("hgo-full");
    Trainer.Result whole = hgoTrainer(full, line -> {}, null).run();
    List<String> expected = allButTimings(full);
    assertEquals(31, expected.size());
    assertTrue(expected.get(0).contains("grad_norm") && expected.get(0).contains("sim_time"));
    Path out = tmp.resolve("hgo-resumed");
    ResumePoint p = crashed(out, ResumeIT::hgoTrainer);
    assertEquals(0.14, p.metrics().get(13).simTime(), 1e-12, "the clock is in the point");
    Trainer.Result r = hgoTrainer(out, line -> {}, p).run();
    assertEquals(expected, allButTimings(out), "every column, sim_time and lr included");
    assertEquals(whole.simTime(), r.simTime());
    assertArrayEquals(whole.theta(), r.theta());
  }

  @Test
  void resumedRunEqualsTheUninterruptedOneIncludingTheRuleState() throws Exception {
    Path full = tmp.resolve("full");
    trainer(full, line -> {}, null).run();
    List<String> expected = columns(full);
    assertEquals(31, expected.size());
    String reports = Files.readString(full.resolve("aggregator.csv"));

    Path out = tmp.resolve("resumed");
    ResumePoint p = crashed(out);
    Trainer.Result r = trainer(out, line -> {}, p).run();
    assertEquals(expected, columns(out));
    assertEquals(reports, Files.readString(out.resolve("aggregator.csv")));
    assertTrue(Files.readString(out.resolve("run.json")).contains("\"finished\""));
    assertFalse(Files.exists(out.resolve("_resume")), "resume files removed");
    assertEquals(Double.parseDouble(expected.get(30).split(",")[2]), r.finalAccuracy());
    // the resumed run keeps the uninterrupted run's final model, bit for bit
    org.byzspark.io.SavedModel kept =
        org.byzspark.io.SavedModel.read(
            new org.apache.hadoop.fs.Path(out.resolve("model").toString()),
            sc.hadoopConfiguration());
    org.byzspark.io.SavedModel wholeModel =
        org.byzspark.io.SavedModel.read(
            new org.apache.hadoop.fs.Path(full.resolve("model").toString()),
            sc.hadoopConfiguration());
    assertArrayEquals(wholeModel.parameters(), kept.parameters());
    assertArrayEquals(r.theta(), kept.parameters());
    assertEquals(r.finalAccuracy(), kept.training().finalTestAccuracy());

    // Control: the same resume point without cc's previous aggregate gives other results.
    Path control = tmp.resolve("control");
    ResumePoint q = crashed(control);
    ResumePoint dropped =
        new ResumePoint(
            q.step(),
            q.workers(),
            q.momentumDir(),
            q.theta(),
            RuleState.EMPTY,
            q.metrics(),
            q.ruleReports());
    AtomicFile.write(
        new org.apache.hadoop.fs.Path(control.resolve(ResumeStore.POINT).toString()),
        dropped.toBytes(),
        new Configuration());
    trainer(control, line -> {}, dropped).run();
    List<String> other = columns(control);
    assertEquals(expected.subList(0, 15), other.subList(0, 15), "rows up to the point");
    assertNotEquals(expected, other, "the rule state matters, so the check above can fail");
  }
}
