package org.byzspark.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A loaded dataset: training and test examples with contiguous indices, their shape and class
 * count. Loading is lazy; only small actions (headers, counts, the label set) run here. The dataset
 * is read by its {@link DatasetSource} ({@link DatasetSpec#source()}).
 *
 * @param byIndex random access to the same training examples by index, for a source that has it
 *     (the IDX files), else null
 */
public record TrainingData(
    JavaRDD<Example> train,
    long trainCount,
    JavaRDD<Example> test,
    int dim,
    int numClasses,
    ExampleReader byIndex) {

  /** A dataset whose training examples are read only as a whole ({@link #train()}). */
  public TrainingData(
      JavaRDD<Example> train, long trainCount, JavaRDD<Example> test, int dim, int numClasses) {
    this(train, trainCount, test, dim, numClasses, null);
  }

  /** The data of {@code spec} for a classifier. */
  public static TrainingData load(JavaSparkContext sc, DatasetSpec spec, long seed) {
    return spec.source().load(sc, spec.path(), seed);
  }

  /**
   * The data of {@code spec} for a classifier or ({@code regression}) a regression model; a table
   * dataset ({@link TableDataset}) is read with the columns and test set of {@code read}, which
   * every other dataset accepts only at its defaults ({@link TableRead#check}).
   *
   * @param dataDir where the cached datasets live, to parse {@code read}'s test data
   */
  public static TrainingData load(
      JavaSparkContext sc,
      DatasetSpec spec,
      long seed,
      boolean regression,
      TableRead read,
      String dataDir) {
    read.check(spec, dataDir);
    if (spec.source() instanceof TableDataset t) {
      return t.load(sc, spec.path(), seed, regression, read, read.test(dataDir));
    }
    return regression ? loadRegression(sc, spec, seed) : load(sc, spec, seed);
  }

  /**
   * The data of {@code spec} for a regression model ({@link DatasetSource#loadRegression}): each
   * example's real-valued target is its last feature column, every integer label is 0 and the class
   * count is 1. Fails unless the dataset has real-valued targets ({@code libsvm:PATH}).
   */
  public static TrainingData loadRegression(JavaSparkContext sc, DatasetSpec spec, long seed) {
    if (!spec.regressionTargets()) {
      throw new IllegalArgumentException(
          "--dataset: a regression model needs a dataset with real-valued targets; allowed: "
              + Datasets.regressionUsages()
              + ", got --dataset "
              + spec.kind());
    }
    return spec.source().loadRegression(sc, spec.path(), seed);
  }
}
