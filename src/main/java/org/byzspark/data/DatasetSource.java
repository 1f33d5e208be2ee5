package org.byzspark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The declaration of a dataset, registered in {@link Datasets}: how its {@code --dataset} value is
 * written and parsed, how its files are checked before Spark starts, its shape, its training
 * augmentation and how it is loaded. The value is {@code NAME} or {@code NAME:ARGUMENT} (a
 * directory, a file, generator parameters); the source turns the argument into the canonical {@code
 * path} of a {@link DatasetSpec}, and every other method receives that path.
 *
 * <p>A new dataset is one class implementing this interface and one registration line in {@link
 * Datasets}. Implementations are stateless and immutable.
 */
public interface DatasetSource {
  /** The registry name: the part of the {@code --dataset} value before the first ':'. */
  String name();

  /** One line for help and tables: what the data are and where they come from. */
  String summary();

  /** The accepted forms, for the list of allowed values, e.g. {@code mnist, mnist:DIR}. */
  String usage();

  /**
   * The canonical path of the value {@code NAME} ({@code argument} null) or {@code NAME:ARGUMENT}
   * ({@code argument} the text after the colon, possibly empty); null when this form is not
   * accepted (then the value is reported as unknown, with every allowed form). A source may instead
   * fail with its own one-line message starting {@code --dataset: } (e.g. a bad generator key).
   *
   * @param dataDir where the cached copies of fetchable datasets live ({@code --data-dir})
   */
  String parse(String argument, String dataDir);

  /**
   * Checks, before Spark starts, that the files of {@code path} exist and are readable as this
   * dataset; fails with one line naming the file and the problem. {@code regression}: the data will
   * train a regression model (real-valued targets accepted).
   */
  void checkPresent(String path, Configuration conf, boolean regression);

  /**
   * Whether the bare name ({@code --dataset NAME}) is the cached copy that {@code
   * scripts/fetch-data.sh NAME} fetches into {@code --data-dir}; {@code --validate-only}, which the
   * launcher runs before fetching, then does not require its files.
   */
  default boolean fetchable() {
    return false;
  }

  /**
   * Whether the data are sparse and generated inside the tasks ({@link #generator}); only models
   * that take sparse data train on them.
   */
  default boolean isSparse() {
    return false;
  }

  /** The generator of a sparse dataset ({@link #isSparse()}). */
  default SyntheticData generator(String path) {
    throw new IllegalStateException(name() + ":" + path + " is not generated");
  }

  /** Features per example when the dataset fixes it (before reading the data), else −1. */
  default int knownDim(String path) {
    return -1;
  }

  /** Classes when the dataset fixes it (before reading the data), else −1. */
  default int knownClasses(String path) {
    return -1;
  }

  /** The training augmentation of the dataset, or null for none. */
  default HorizontalFlip augmentation(String path) {
    return null;
  }

  /**
   * Whether the dataset can give real-valued targets, for a regression model ({@link
   * #loadRegression}).
   */
  default boolean regressionTargets() {
    return false;
  }

  /** The training and test examples, lazily (only small actions run here). */
  TrainingData load(JavaSparkContext sc, String path, long seed);

  /**
   * The examples for a regression model: each example's real-valued target as its last feature
   * column, label 0, one class (see {@code org.byzspark.model.RegressionModel}). Only for sources
   * with {@link #regressionTargets()}.
   */
  default TrainingData loadRegression(JavaSparkContext sc, String path, long seed) {
    throw new IllegalArgumentException(
        "--dataset: "
            + name()
            + " has no real-valued targets for a regression model; allowed: "
            + Datasets.regressionUsages());
  }
}
