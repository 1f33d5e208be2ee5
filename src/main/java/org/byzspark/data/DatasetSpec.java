package org.byzspark.data;

import org.apache.hadoop.conf.Configuration;

/**
 * A parsed {@code --dataset} value: {@code NAME} or {@code NAME:ARGUMENT}, where NAME is a
 * registered {@link DatasetSource} ({@link Datasets}): {@code mnist} (the cached copy fetched by
 * scripts/fetch-data.sh), {@code mnist:DIR} (a directory with the four IDX files, any Hadoop path),
 * {@code fashion-mnist} / {@code fashion-mnist:DIR} (the same for Fashion-MNIST, trained with
 * random horizontal flips, see {@link HorizontalFlip}) or {@code libsvm:PATH} (a LIBSVM text file;
 * {@code PATH.t}, when present, is the test set, as in the LIBSVM collection; otherwise 10% of PATH
 * is held out), or {@code cifar10:DIR} (CIFAR-10's official binary files, see {@link CifarSource},
 * trained with random horizontal flips), or {@code synthetic:d=...,examples=...,nnz=...} (sparse
 * binary logistic-regression data generated on the executors, see {@link SyntheticData}).
 *
 * <p>Every property is the source's: the methods here only pass {@link #path} to it.
 *
 * @param kind the dataset's registry name ("mnist", "fashion-mnist", "cifar10", "libsvm",
 *     "synthetic", ...)
 * @param path its canonical argument: a directory (mnist, fashion-mnist, cifar10), a file (libsvm)
 *     or the canonical parameters (synthetic)
 */
public record DatasetSpec(String kind, String path) {
  /** The accepted values of the built-in datasets. */
  public static final String ALLOWED = Datasets.builtInAllowed();

  /**
   * Parses a value; {@code dataDir} is where the plain {@code mnist} and {@code fashion-mnist}
   * live.
   */
  public static DatasetSpec parse(String value, String dataDir) {
    String v = value.trim();
    int colon = v.indexOf(':');
    DatasetSource source = Datasets.find(colon < 0 ? v : v.substring(0, colon));
    String path =
        source == null ? null : source.parse(colon < 0 ? null : v.substring(colon + 1), dataDir);
    if (path == null) {
      throw new IllegalArgumentException(
          "--dataset: unknown value '" + value + "'; allowed: " + Datasets.allowed());
    }
    return new DatasetSpec(source.name(), path);
  }

  /**
   * Whether {@code value} is the bare name of a dataset that the launcher fetches into {@code
   * --data-dir} ({@link DatasetSource#fetchable()}), such as {@code mnist}: {@code
   * --validate-only}, run before the fetch, does not require its files.
   */
  public static boolean fetchedByLauncher(String value) {
    DatasetSource source = Datasets.find(value.strip());
    return source != null && source.fetchable();
  }

  /** The registered source of this dataset. */
  public DatasetSource source() {
    return Datasets.get(kind);
  }

  /** Checks that the files exist, before Spark starts. */
  public void checkPresent(Configuration conf) {
    checkPresent(conf, false);
  }

  /**
   * Checks that the files exist, before Spark starts; {@code regression} (a LIBSVM file for {@code
   * --model linear}) accepts any finite label.
   */
  public void checkPresent(Configuration conf, boolean regression) {
    source().checkPresent(path, conf, regression);
  }

  /** Whether the data are sparse (only models with {@code takesSparse()} can train on them). */
  public boolean isSparse() {
    return source().isSparse();
  }

  /** The generator of a sparse (generated) dataset such as {@code synthetic}. */
  public SyntheticData synthetic() {
    if (!isSparse()) {
      throw new IllegalStateException(this + " is not synthetic");
    }
    return source().generator(path);
  }

  /** Features per example when the dataset fixes it (784 for the IDX datasets), else −1. */
  public int knownDim() {
    return source().knownDim(path);
  }

  /** Classes when the dataset fixes it (10 for the IDX datasets), else −1. */
  public int knownClasses() {
    return source().knownClasses(path);
  }

  /** Whether the dataset gives real-valued targets for a regression model ({@code libsvm}). */
  public boolean regressionTargets() {
    return source().regressionTargets();
  }

  /**
   * The training augmentation of the dataset: random horizontal flips for Fashion-MNIST and
   * CIFAR-10 (RESAM D.2), else null.
   */
  public HorizontalFlip augmentation() {
    return source().augmentation(path);
  }

  @Override
  public String toString() {
    return kind + ":" + path;
  }
}
