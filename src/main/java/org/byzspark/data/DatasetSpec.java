package org.byzspark.data;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A parsed {@code --dataset} value: {@code mnist} (the cached copy fetched by
 * scripts/fetch-data.sh), {@code mnist:DIR} (a directory with the four IDX files, any Hadoop path),
 * {@code fashion-mnist} / {@code fashion-mnist:DIR} (the same for Fashion-MNIST, trained with
 * random horizontal flips, see {@link HorizontalFlip}) or {@code libsvm:PATH} (a LIBSVM text file;
 * {@code PATH.t}, when present, is the test set, as in the LIBSVM collection; otherwise 10% of PATH
 * is held out), or {@code cifar10:DIR} (CIFAR-10's official binary files, see {@link CifarSource},
 * trained with random horizontal flips), or {@code synthetic:d=...,examples=...,nnz=...} (sparse
 * binary logistic-regression data generated on the executors, see {@link SyntheticData}).
 *
 * @param kind "mnist", "fashion-mnist", "cifar10", "libsvm" or "synthetic"
 * @param path a directory (mnist, fashion-mnist, cifar10), a file (libsvm) or the canonical
 *     parameters (synthetic)
 */
public record DatasetSpec(String kind, String path) {
  public static final String ALLOWED =
      "mnist, mnist:DIR, fashion-mnist, fashion-mnist:DIR, cifar10:DIR, libsvm:PATH or "
          + SyntheticData.USAGE;

  /**
   * The fetchable datasets met on this thread while {@link #deferFetchable} runs, else null (the
   * normal case: every dataset's presence is checked).
   */
  private static final ThreadLocal<Set<DatasetSpec>> FETCHABLE = new ThreadLocal<>();

  /**
   * Runs {@code check} (a command's validation) on this thread with the presence of the fetchable
   * datasets left unchecked, and adds to {@code met}, in order, every fetchable dataset that {@link
   * #parse} returned meanwhile. A dataset is fetchable when it is given by its plain name ({@code
   * mnist}, {@code fashion-mnist}) and its data directory is local: scripts/fetch-data.sh can fill
   * {@code DATA_DIR/KIND}. Every other dataset is checked as always.
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
    for (String kind : new String[] {"mnist", "fashion-mnist"}) {
      if (v.equals(kind)) {
        DatasetSpec spec = new DatasetSpec(kind, new Path(dataDir, kind).toString());
        Set<DatasetSpec> fetchable = FETCHABLE.get();
        if (fetchable != null && spec.localDir() != null) {
          fetchable.add(spec);
        }
        return spec;
      }
      if (v.startsWith(kind + ":") && v.length() > kind.length() + 1) {
        return new DatasetSpec(kind, v.substring(kind.length() + 1));
      }
    }
    if (v.startsWith("cifar10:") && v.length() > 8) {
      return new DatasetSpec("cifar10", v.substring(8));
    }
    if (v.startsWith("synthetic:") || v.equals("synthetic")) {
      SyntheticData s = SyntheticData.parse(v.equals("synthetic") ? "" : v.substring(10));
      return new DatasetSpec("synthetic", s.toString().substring(10));
    }
    if (v.startsWith("libsvm:") && v.length() > 7) {
      return new DatasetSpec("libsvm", v.substring(7));
    }
    throw new IllegalArgumentException(
        "--dataset: unknown value '" + value + "'; allowed: " + ALLOWED);
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
    if (isSparse()) {
      return; // generated, nothing to read
    }
    Set<DatasetSpec> fetchable = FETCHABLE.get();
    if (fetchable != null && fetchable.contains(this)) {
      return; // deferred: fetched after the validation (see deferFetchable)
    }
    if (isIdx()) {
      MnistSource.checkPresent(path, conf, kind);
      return;
    }
    if (kind.equals("cifar10")) {
      CifarSource.checkPresent(path, conf);
      return;
    }
    Path p = new Path(path);
    Path test = new Path(path + ".t");
    boolean hasTest;
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.isFile(p)) {
        throw new IllegalArgumentException("--dataset: LIBSVM file " + path + " not found");
      }
      hasTest = fs.isFile(test);
    } catch (IOException e) {
      throw new IllegalArgumentException("--dataset: cannot read " + path + ": " + e.getMessage());
    }
    // Malformed lines, non-finite values and labels are reported here, with their line number.
    LibsvmFile.Summary train = LibsvmFile.check(path, null, conf, regression);
    if (hasTest) {
      LibsvmFile.check(test.toString(), train, conf, regression);
    }
  }

  /** Whether the data are sparse (only models with {@code takesSparse()} can train on them). */
  public boolean isSparse() {
    return kind.equals("synthetic");
  }

  /** The generator of a {@code synthetic} spec. */
  public SyntheticData synthetic() {
    if (!isSparse()) {
      throw new IllegalStateException(this + " is not synthetic");
    }
    return SyntheticData.parse(path);
  }

  /**
   * The dataset's directory on the local file system (a path without scheme or a file: URI), for
   * the IDX datasets; else null.
   */
  public java.nio.file.Path localDir() {
    if (!isIdx()) {
      return null;
    }
    java.net.URI uri = new Path(path).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return null;
    }
    return java.nio.file.Path.of(uri.getPath()).toAbsolutePath().normalize();
  }

  /**
   * Whether every one of the four IDX files is in {@link #localDir} (present, not checked: {@link
   * #checkPresent} reads the headers).
   */
  public boolean localFilesPresent() {
    java.nio.file.Path dir = localDir();
    return dir != null
        && MnistSource.requiredFiles().stream()
            .allMatch(f -> java.nio.file.Files.isRegularFile(dir.resolve(f)));
  }

  private boolean isIdx() {
    return kind.equals("mnist") || kind.equals("fashion-mnist");
  }

  /** Features per example when the kind fixes it (784 for the IDX datasets), else −1. */
  public int knownDim() {
    if (isSparse()) {
      return synthetic().dim();
    }
    return isIdx() ? 784 : kind.equals("cifar10") ? CifarSource.PIXELS : -1;
  }

  /** Classes when the kind fixes it (10 for the IDX datasets), else −1. */
  public int knownClasses() {
    return isIdx() || kind.equals("cifar10") ? 10 : isSparse() ? 2 : -1;
  }

  /**
   * The training augmentation of the dataset: random horizontal flips for Fashion-MNIST and
   * CIFAR-10 (RESAM D.2), else null.
   */
  public HorizontalFlip augmentation() {
    return switch (kind) {
      case "fashion-mnist" -> new HorizontalFlip(1, 28, 28);
      case "cifar10" -> new HorizontalFlip(3, CifarSource.SIDE, CifarSource.SIDE);
      default -> null;
    };
  }

  @Override
  public String toString() {
    return kind + ":" + path;
  }
}
