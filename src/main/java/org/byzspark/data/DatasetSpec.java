package org.byzspark.data;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

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
   * The fetchable datasets met on this thread while {@link #deferFetchable} runs, else null (the
   * normal case: every dataset's presence is checked).
   */
  private static final ThreadLocal<Set<DatasetSpec>> FETCHABLE = new ThreadLocal<>();

  /**
   * Runs {@code check} (a command's validation) on this thread with the presence of the fetchable
   * datasets left unchecked, and adds to {@code met}, in order, every fetchable dataset that {@link
   * #parse} returned meanwhile. A dataset is fetchable when its source is ({@link
   * DatasetSource#fetchable()}: {@code mnist}, {@code fashion-mnist}), it is given by its plain
   * name, and its data directory is local: scripts/fetch-data.sh can fill {@code DATA_DIR/KIND}.
   * Every other dataset is checked as always.
   *
   * @return what {@code check} returns
   */
  public static int deferFetchable(IntSupplier check, Set<DatasetSpec> met) {
    Set<DatasetSpec> previous = FETCHABLE.get();
    Set<DatasetSpec> seen = new LinkedHashSet<>();
    FETCHABLE.set(seen);
    try {
      return check.getAsInt();
    } finally {
      met.addAll(seen);
      if (previous == null) {
        FETCHABLE.remove();
      } else {
        FETCHABLE.set(previous);
      }
    }
  }

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
    DatasetSpec spec = new DatasetSpec(source.name(), path);
    Set<DatasetSpec> fetchable = FETCHABLE.get();
    if (fetchable != null && colon < 0 && source.fetchable() && spec.localDir() != null) {
      fetchable.add(spec);
    }
    return spec;
  }

  /**
   * The dataset's directory on the local file system (a path without scheme or a file: URI), for a
   * dataset the launcher fetches; else null.
   */
  public java.nio.file.Path localDir() {
    if (!source().fetchable()) {
      return null;
    }
    java.net.URI uri = new Path(path).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return null;
    }
    return java.nio.file.Path.of(uri.getPath()).toAbsolutePath().normalize();
  }

  /** Whether the files of a fetchable dataset are in {@link #localDir} and pass its check. */
  public boolean localFilesPresent() {
    if (localDir() == null) {
      return false;
    }
    try {
      source().checkPresent(path, new Configuration(), false);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
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
    Set<DatasetSpec> fetchable = FETCHABLE.get();
    if (fetchable != null && fetchable.contains(this)) {
      return; // deferred: fetched after the validation (see deferFetchable)
    }
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
