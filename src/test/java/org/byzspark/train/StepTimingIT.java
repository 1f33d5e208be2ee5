package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.data.Synthetic;
import org.byzspark.io.RunOutput;
import org.byzspark.io.TimingTable;
import org.byzspark.io.TimingTable.Item;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.hgo.HgoOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * timing.csv of short runs in both aggregation modes, run side by side in one Spark application (as
 * a grid with two runs in flight): one row per step; the wall-clock items and other_ms add up to
 * step_ms and none is negative; each item is where it belongs (evaluation on evaluated steps only,
 * the checkpoint on checkpointed steps, the shuffle in sharded mode); the task columns count the
 * step's worker job only (one task per worker with {@code --worker-tasks N}, otherwise one per
 * core; not the other run's tasks); metrics.csv keeps its columns; the listener and the driver
 * thread's tag are gone after the run.
 */
class StepTimingIT {
  @TempDir static Path tmp;
  static Path mnist;
  static JavaSparkContext sc;
  static final int N = 9;
  static final int STEPS = 7;

  @BeforeAll
  static void start() throws Exception {
    mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 360, 100, 6, 6, 23);
    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("StepTimingIT")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
            .set(Trainer.BLOCK_WIDTH_CONF, "1024");
    sc = new JavaSparkContext(conf);
    sc.setLogLevel("WARN");
    sc.setCheckpointDir(tmp.resolve("checkpoints").toString());
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  static TrainConfig config(String mode, String out) {
    return TrainConfig.builder()
        .set(TrainOptions.DATASET, "mnist:" + mnist)
        .set(TrainOptions.DATA_DIR, tmp.toString())
        .set(TrainOptions.MODEL, "mlp")
        .set(TrainOptions.WORKERS, N)
        .set(TrainOptions.BYZANTINE, 2)
        .set(TrainOptions.ATTACK, "little")
        .set(TrainOptions.AGGREGATOR, "cwtm")
        .set(TrainOptions.MOMENTUM, 0.9)
        .set(TrainOptions.STEPS, STEPS)
        .set(TrainOptions.BATCH_SIZE, 8)
        .set(TrainOptions.LR, 0.5)
        .set(TrainOptions.EVAL_EVERY, 3)
        .set(TrainOptions.CHECKPOINT_EVERY, 2)
        .set(TrainOptions.SEED, 3L)
        .set(TrainOptions.OUT, out)
        .set(TrainOptions.MASTER, "local[2]")
        .set(TrainOptions.AGGREGATION, mode)
        // the driver-mode run has a task per worker, the sharded one a task per core
        .set(TrainOptions.WORKER_TASKS, mode.equals("driver") ? N : 2)
        .build();
  }

  private static Path run(String mode, WorkerData data) {
    Path out = tmp.resolve(mode);
    TrainConfig cfg = config(mode, out.toString());
    new Trainer(cfg, sc, new RunOutput(cfg.out(), new Configuration()), line -> {})
        .withData(data)
        .useContextCheckpointDir()
        .run();
    assertNull(sc.getLocalProperty(StepProfiler.PROPERTY), "the thread's tag is removed");
    return out;
  }

  @Test
  void theProfileOfEveryStepAddsUpInBothModes() throws Exception {
    int listenersBefore = sc.sc().listenerBus().listeners().size();
    WorkerData data = WorkerData.load(sc, config("driver", "x"), HgoOptions.defaults());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Path> driver = pool.submit(() -> run("driver", data));
      Future<Path> sharded = pool.submit(() -> run("sharded", data));
      check(driver.get(), false);
      check(sharded.get(), true);
    } finally {
      pool.shutdown();
      data.release();
    }
    assertEquals(
        listenersBefore, sc.sc().listenerBus().listeners().size(), "each run removes its listener");
  }

  private static void check(Path out, boolean sharded) throws Exception {
    String mode = sharded ? "sharded" : "driver";
    List<String> lines = Files.readAllLines(out.resolve(Trainer.TIMING));
    assertEquals(TimingTable.header(), lines.get(0), mode);
    assertEquals(STEPS + 1, lines.size(), mode + ": one row per step\n" + String.join("\n", lines));
    String[] header = lines.get(0).split(",");
    long compute = 0;
    for (int t = 1; t <= STEPS; t++) {
      String[] cells = lines.get(t).split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int c = 0; c < header.length; c++) {
        row.put(header[c], cells[c]);
      }
      String at = mode + " step " + t + ": " + lines.get(t);
      assertEquals(Integer.toString(t), row.get("step"), at);
      double sum = 0;
      List<String> negative = new ArrayList<>();
      for (Item item : Item.values()) {
        double v = Double.parseDouble(row.get(item.column()));
        if (v < 0) {
          negative.add(item.column());
        }
        sum += v;
      }
      assertTrue(negative.isEmpty(), at + ": negative " + negative);
      double step = Double.parseDouble(row.get("step_ms"));
      // each printed value is rounded to 0.001 ms: at most 0.0005 off, nine items plus the step
      assertEquals(step, sum, 10 * 0.0005 + 1e-9, at + ": the items and other add up to the step");
      assertTrue(ms(row, "workers_ms") > 0, at);
      assertTrue(ms(row, "broadcast_ms") > 0, at);
      assertTrue(ms(row, "byzantine_ms") > 0, at + ": little forges from the honest statistics");
      assertTrue(ms(row, "rule_ms") > 0, at);
      boolean evaluated = t % 3 == 0 || t == STEPS;
      assertEquals(evaluated, ms(row, "evaluation_ms") > 0, at + ": evaluation");
      if (t % 2 == 0) {
        assertTrue(ms(row, "checkpoint_ms") >= 1, at + ": the checkpoint job");
      } else {
        assertTrue(ms(row, "checkpoint_ms") < 1, at + ": no checkpoint");
      }
      if (sharded) {
        assertTrue(ms(row, "shuffle_ms") > 0, at + ": the messages are cut into blocks");
      }
      assertEquals(
          Integer.toString(sharded ? 2 : N),
          row.get("tasks"),
          at + ": the worker job's tasks only");
      for (String c : List.of("task_compute_ms", "task_launch_ms", "task_result_ms")) {
        assertTrue(Long.parseLong(row.get(c)) >= 0, at + ": " + c);
      }
      // Spark reports a task's run time in whole milliseconds, truncated: the tasks of one step of
      // this small job can each take under 1 ms (seen once on a quiet machine), so the workers'
      // compute is checked over the run
      compute += Long.parseLong(row.get("task_compute_ms"));
      assertTrue(ms(row, "driver_peak_heap_mb") > 0, at);
    }
    assertTrue(compute > 0, mode + ": the workers compute");
    String metricsHeader = Files.readAllLines(out.resolve(RunOutput.METRICS)).get(0);
    assertEquals(
        "step,train_loss,test_accuracy,sim_time,lr,block_size,aggregation_ms,step_ms",
        metricsHeader,
        mode + ": metrics.csv keeps its columns");
    assertFalse(Files.readString(out.resolve(RunOutput.MANIFEST)).contains("timing"), mode);
  }

  private static double ms(Map<String, String> row, String column) {
    return Double.parseDouble(row.get(column));
  }
}
