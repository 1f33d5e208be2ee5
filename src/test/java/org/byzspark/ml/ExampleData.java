package org.byzspark.ml;

import org.apache.spark.sql.SparkSession;

/**
 * Writes the tests' three Gaussian blobs (600 rows, columns x0..x3 and label) as Parquet, the input
 * of the examples ({@code scripts/check-scala-example.sh}).
 */
public final class ExampleData {
  private ExampleData() {}

  public static void main(String[] args) {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("ExampleData")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      ByzantineEstimatorTest.spark = spark;
      ByzantineEstimatorTest.blobs(600, 17).write().mode("overwrite").parquet(args[0]);
    } finally {
      spark.stop();
    }
  }
}
