package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.data.Synthetic;
import org.byzspark.io.RunOutput;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.hgo.HgoOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training in both aggregation modes on local[2] gives the same results: every registered rule ×
 * (little, signflip, nan), two steps of the MLP on small generated data (d = 4,810 cut into blocks
 * of 1,024 coordinates, the last one short), compared on the loss and accuracy of every step and on
 * the final θ, bit for bit.
 */
class ShardedTrainingIT {
  @TempDir static Path tmp;
  static Path mnist;
  static JavaSparkContext sc;
  static final int N = 11;
  static final int F = 2;

  @BeforeAll
  static void start() throws Exception {
    mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 440, 100, 6, 6, 17);
    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("ShardedTrainingIT")
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

  static TrainConfig config(String rule, String attack, String mode, String out) {
    return config(rule, attack, mode, out, TrainConfig.DEFAULT_AGGREGATION_THRESHOLD);
  }

  static TrainConfig config(String rule, String attack, String mode, String out, long threshold) {
    return TrainConfig.builder()
        .set(TrainOptions.DATASET, "mnist:" + mnist)
        .set(TrainOptions.DATA_DIR, tmp.toString())
        .set(TrainOptions.MODEL, "mlp")
        .set(TrainOptions.WORKERS, N)
        .set(TrainOptions.BYZANTINE, F)
        .set(TrainOptions.ATTACK, attack)
        .set(TrainOptions.AGGREGATOR, rule)
        .set(TrainOptions.MOMENTUM, 0.9)
        .set(TrainOptions.STEPS, 2)
        .set(TrainOptions.BATCH_SIZE, 8)
        .set(TrainOptions.LR, 0.5)
        .set(TrainOptions.CLIP, 2.0)
        .set(TrainOptions.WEIGHT_DECAY, 1e-4)
        .set(TrainOptions.EVAL_EVERY, 2)
        .set(TrainOptions.CHECKPOINT_EVERY, 2)
        .set(TrainOptions.SEED, 5L)
        .set(TrainOptions.OUT, out)
        .set(TrainOptions.MASTER, "local[2]")
        .set(TrainOptions.AGGREGATION, mode)
        .set(TrainOptions.AGGREGATION_THRESHOLD, threshold)
        .build();
  }

  static Trainer.Result run(TrainConfig cfg, WorkerData data) {
    return new Trainer(cfg, sc, new RunOutput(cfg.out(), new Configuration()), line -> {})
        .withData(data)
        .useContextCheckpointDir()
        .run();
  }

  @Test
  void everyRuleUnderLittleSignflipAndNanIsTheSameInBothModes() throws Exception {
    WorkerData data =
        WorkerData.load(sc, config("cwtm", "little", "driver", "x"), HgoOptions.defaults());
    // a rule with a root set (fltrust) has its own data: the root examples are not dealt
    WorkerData rooted =
        WorkerData.load(sc, config("fltrust", "little", "driver", "x"), HgoOptions.defaults());
    List<String> failures = new ArrayList<>();
    int runs = 0;
    try {
      for (String rule : Aggregators.names()) {
        for (String attack : List.of("little", "signflip", "nan")) {
          String id = rule + "-" + attack;
          WorkerData own =
              Aggregators.create(rule, org.byzspark.util.Params.empty()).usesServerGradient()
                  ? rooted
                  : data;
          Trainer.Result a =
              run(config(rule, attack, "driver", tmp.resolve(id + "-driver").toString()), own);
          Path out = tmp.resolve(id + "-sharded");
          Trainer.Result b = run(config(rule, attack, "sharded", out.toString()), own);
          runs++;
          if (!a.metrics()
              .toCsv()
              .lines()
              .map(ShardedTrainingIT::deterministic)
              .toList()
              .equals(b.metrics().toCsv().lines().map(ShardedTrainingIT::deterministic).toList())) {
            failures.add(id + ": metrics differ\n" + a.metrics().toCsv() + b.metrics().toCsv());
          }
          if (!java.util.Arrays.equals(a.theta(), b.theta())) {
            failures.add(id + ": final θ differs");
          }
          String manifest = Files.readString(out.resolve(RunOutput.MANIFEST));
          assertTrue(manifest.contains("\"aggregation_mode\" : \"sharded\""), manifest);
          assertTrue(Files.exists(out.resolve(Trainer.TIMING)), id);
        }
      }
    } finally {
      data.release();
      rooted.release();
    }
    assertEquals(Aggregators.names().size() * 3, runs);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** step, train_loss, test_accuracy (the timing columns aside). */
  static String deterministic(String line) {
    String[] f = line.split(",", -1);
    return f[0] + "," + f[1] + "," + f[2];
  }

  @Test
  void autoShardsAboveTheThreshold() {
    TrainConfig small = config("cwtm", "little", "auto", "unused");
    assertTrue(!small.sharded(4810));
    TrainConfig low = config("cwtm", "little", "auto", "unused", (long) N * 4810 * 8 - 1);
    assertTrue(low.sharded(4810));
    assertTrue(!low.sharded(4809));
  }
}
