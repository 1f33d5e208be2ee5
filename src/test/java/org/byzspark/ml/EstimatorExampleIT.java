package org.byzspark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.byzspark.examples.EstimatorExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs examples/java's EstimatorExample on a generated Parquet table (Spark local). */
class EstimatorExampleIT {
  @Test
  void theJavaExampleRunsEndToEnd(@TempDir Path dir) throws Exception {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("EstimatorExampleIT")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    try {
      String input = dir.resolve("blobs.parquet").toString();
      ByzantineEstimatorTest.spark = spark;
      ByzantineEstimatorTest.blobs(600, 17).write().parquet(input);
      String out = dir.resolve("model").toString();
      EstimatorExample.Outcome o = EstimatorExample.run(spark, input, out);
      assertTrue(o.testAccuracy() > 0.9, "test accuracy " + o.testAccuracy());
      assertEquals(40, o.trainingSteps());
      assertTrue(
          o.cvAccuracy()[0] > o.cvAccuracy()[1],
          "cwtm beats average when 2 of 7 send -10 times the mean");
      assertEquals("cwtm", o.bestAggregator());
      assertTrue(o.samePredictionsAfterLoad());
      assertTrue(Files.isDirectory(dir.resolve("model/stages")));
    } finally {
      spark.stop();
    }
  }
}
