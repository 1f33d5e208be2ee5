package org.byzspark.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code fit} measured: the rows of the run's {@code metrics.csv} (one per step: train loss,
 * the evaluations every {@code evalEvery} steps, the simulated time, the learning rate, timings)
 * and the resolved configuration as {@code run.json} records it. The evaluations of a fit are on
 * the training DataFrame itself (a training summary, as Spark's own estimators give).
 *
 * <p>Held in memory, so it outlives a temporary output directory; not saved with the model.
 */
public final class TrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String metricsCsv;
  private final LinkedHashMap<String, Object> configuration;
  private final double finalAccuracy;
  private final double finalMse;
  private final String outputDir;

  TrainingSummary(
      String metricsCsv,
      Map<String, Object> configuration,
      double finalAccuracy,
      double finalMse,
      String outputDir) {
    this.metricsCsv = metricsCsv;
    this.configuration = new LinkedHashMap<>(configuration);
    this.finalAccuracy = finalAccuracy;
    this.finalMse = finalMse;
    this.outputDir = outputDir;
  }

  /** The metrics.csv rows as a DataFrame (header as column names, numbers as doubles or longs). */
  public Dataset<Row> metrics(SparkSession spark) {
    List<String> lines = Arrays.asList(metricsCsv.split("\n"));
    return spark
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(spark.createDataset(lines, Encoders.STRING()));
  }

  /** {@link #metrics(SparkSession)} on the active Spark session. */
  public Dataset<Row> metrics() {
    return metrics(SparkSession.active());
  }

  /** The metrics.csv text, header first. */
  public String metricsCsv() {
    return metricsCsv;
  }

  /** Every option's resolved value as run.json's {@code config} records it, by option name. */
  public Map<String, Object> configuration() {
    return Collections.unmodifiableMap(configuration);
  }

  /** The last evaluation's accuracy on the training rows (NaN for a regression model). */
  public double finalAccuracy() {
    return finalAccuracy;
  }

  /** The last evaluation's mean squared error on the training rows (NaN for a classifier). */
  public double finalMse() {
    return finalMse;
  }

  /** The output directory {@code fit} kept ({@code outputDir}), or null when it was temporary. */
  public String outputDir() {
    return outputDir;
  }
}
