package org.byzspark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code synthetic:d=...,examples=...,nnz=...}: sparse binary logistic-regression data generated on
 * the executors ({@link SyntheticData}); nothing to read, two classes, no augmentation. The
 * canonical path is the generator's parameters with every default filled in.
 */
public final class SyntheticDataset implements DatasetSource {
  private static final String PREFIX = "synthetic:";

  @Override
  public String name() {
    return "synthetic";
  }

  @Override
  public String summary() {
    return "sparse binary logistic-regression data generated on the executors (d features, nnz"
        + " non-zeros per row)";
  }

  @Override
  public String usage() {
    return SyntheticData.USAGE;
  }

  @Override
  public String parse(String argument, String dataDir) {
    SyntheticData s = SyntheticData.parse(argument == null ? "" : argument);
    return s.toString().substring(PREFIX.length());
  }

  @Override
  public void checkPresent(String path, Configuration conf, boolean regression) {
    // generated, nothing to read
  }

  @Override
  public boolean isSparse() {
    return true;
  }

  @Override
  public SyntheticData generator(String path) {
    return SyntheticData.parse(path);
  }

  @Override
  public int knownDim(String path) {
    return generator(path).dim();
  }

  @Override
  public int knownClasses(String path) {
    return 2;
  }

  @Override
  public TrainingData load(JavaSparkContext sc, String path, long seed) {
    throw new IllegalArgumentException(
        "--dataset: "
            + PREFIX
            + path
            + " is sparse and generated per worker; it trains with the plain"
            + " algorithm (resam, iid split, no --binary-classes) only");
  }
}
