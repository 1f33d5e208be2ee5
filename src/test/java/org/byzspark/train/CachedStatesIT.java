package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.data.Synthetic;
import org.byzspark.engine.RddOps;
import org.byzspark.io.RunOutput;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.hgo.HgoOptions;
import org.byzspark.util.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driver mode on a local master reads the step's states from the block manager instead of
 * collecting them ({@link Trainer#READ_CACHED_STATES}). The same runs give the same metrics and
 * final θ, bit for bit, three ways: with the states collected as task results; read from the block
 * manager; and on a context whose storage memory cannot hold one state, where nothing is cached and
 * every step falls back to collecting them. Each way trains every worker contacted and a quorum of
 * 7 of 11 (a different subset each step), with checkpoints written by the driver or by the
 * executors.
 */
class CachedStatesIT {
  @TempDir static Path tmp;
  static Path mnist;

  @BeforeAll
  static void data() throws Exception {
    mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 440, 100, 6, 6, 17);
  }

  private static TrainConfig config(String out) {
    return TrainConfig.builder()
        .set(TrainOptions.DATASET, "mnist:" + mnist)
        .set(TrainOptions.DATA_DIR, tmp.toString())
        .set(TrainOptions.MODEL, "mlp")
        .set(TrainOptions.WORKERS, 11)
        .set(TrainOptions.BYZANTINE, 2)
        .set(TrainOptions.ATTACK, "little")
        .set(TrainOptions.AGGREGATOR, "cwtm")
        .set(TrainOptions.STEPS, 6)
        .set(TrainOptions.BATCH_SIZE, 8)
        .set(TrainOptions.LR, 0.5)
        .set(TrainOptions.EVAL_EVERY, 3)
        .set(TrainOptions.CHECKPOINT_EVERY, 4)
        .set(TrainOptions.SEED, 9L)
        .set(TrainOptions.OUT, out)
        .set(TrainOptions.MASTER, "local[2]")
        .set(TrainOptions.AGGREGATION, "driver")
        .build();
  }

  /** What the runs of one way give: per quorum, the deterministic metrics lines and θ. */
  private record Outcome(List<List<String>> metrics, List<double[]> thetas) {}

  private static Outcome train(String way, SparkConf extra) {
    JavaSparkContext sc = LocalSpark.start("CachedStatesIT-" + way, extra);
    try {
      if (way.equals("no-storage")) {
        // the condition of this way: a block of one state (d = 4,810 doubles) cannot be cached
        JavaRDD<double[]> one =
            sc.parallelize(List.of(0), 1)
                .map(i -> new double[4810])
                .persist(StorageLevel.MEMORY_ONLY());
        assertEquals(1, RddOps.collect(one).size());
        assertNull(RddOps.cachedHere(one, 0), "a state-sized block was cached");
        one.unpersist(true);
      }
      List<List<String>> metrics = new java.util.ArrayList<>();
      List<double[]> thetas = new java.util.ArrayList<>();
      for (int quorum : new int[] {11, 7}) {
        TrainConfig cfg = config(tmp.resolve(way + "-" + quorum).toString());
        HgoOptions opts =
            HgoOptions.of(
                OptionValues.parse(
                    TrainOptions.HGO, Map.of("quorum-size", List.of(Integer.toString(quorum)))));
        Trainer.Result r =
            new Trainer(cfg, opts, sc, new RunOutput(cfg.out(), new Configuration()), line -> {})
                .run();
        metrics.add(r.metrics().toCsv().lines().map(ShardedTrainingIT::deterministic).toList());
        thetas.add(r.theta());
      }
      return new Outcome(metrics, thetas);
    } finally {
      sc.stop();
    }
  }

  @Test
  void sameBitsWhetherStatesAreReadCollectedOrRecomputed() {
    Outcome collected =
        train("collected", new SparkConf().set(Trainer.READ_CACHED_STATES, "false"));
    Outcome read = train("read", new SparkConf());
    Outcome none =
        train(
            "no-storage",
            new SparkConf()
                .set("spark.testing.reservedMemory", "0")
                .set("spark.testing.memory", "40000"));
    for (int q = 0; q < 2; q++) {
      List<String> m = collected.metrics().get(q);
      assertEquals(7, m.size(), "header and 6 steps");
      assertNotNull(collected.thetas().get(q));
      assertEquals(m, read.metrics().get(q), "read, quorum way " + q);
      assertEquals(m, none.metrics().get(q), "recomputed, quorum way " + q);
      assertArrayEquals(collected.thetas().get(q), read.thetas().get(q), "read θ, way " + q);
      assertArrayEquals(collected.thetas().get(q), none.thetas().get(q), "recomputed θ, way " + q);
    }
    // the two quorums train differently (the quorum is in effect)
    assertNotEquals(collected.metrics().get(0), collected.metrics().get(1));
  }
}
