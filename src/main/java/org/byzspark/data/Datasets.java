package org.byzspark.data;

import java.util.List;
import org.byzspark.util.Registry;

/**
 * The registry of datasets by the name that starts a {@code --dataset} value, a {@link Registry} of
 * {@link DatasetSource}s (the mechanism shared with rules, attacks and models): {@code mnist} and
 * {@code fashion-mnist} ({@link IdxDataset}), {@code cifar10} ({@link Cifar10Dataset}), {@code
 * libsvm} ({@link LibsvmDataset}) and {@code synthetic} ({@link SyntheticDataset}), and the tables
 * {@code parquet}, {@code orc}, {@code csv}, {@code json} and {@code table} ({@link TableDataset}).
 * A new dataset is its source class and one line below.
 */
public final class Datasets {
  private static final Registry<DatasetSource> SOURCES =
      Registry.<DatasetSource>builder("dataset", DatasetSource::name)
          .add(IdxDataset.MNIST)
          .add(IdxDataset.FASHION_MNIST)
          .add(new Cifar10Dataset())
          .add(new LibsvmDataset())
          .add(new SyntheticDataset())
          .add(TableDataset.PARQUET)
          .add(TableDataset.ORC)
          .add(TableDataset.CSV)
          .add(TableDataset.JSON)
          .add(TableDataset.TABLE)
          .build();

  private Datasets() {}

  /** The names, in registration order. */
  public static List<String> names() {
    return SOURCES.names();
  }

  /** Every source, in registration order. */
  public static List<DatasetSource> all() {
    return SOURCES.all();
  }

  /** The source named {@code name}, or null. */
  public static DatasetSource find(String name) {
    return SOURCES.find(name);
  }

  /** The source named {@code name}; fails with one line listing the known names. */
  public static DatasetSource get(String name) {
    return SOURCES.get(name);
  }

  /**
   * Adds {@code source} until the returned registration is closed (see {@link Registry}); fails
   * when its name is taken.
   */
  public static Registry<DatasetSource>.Registration register(DatasetSource source) {
    return SOURCES.register(source);
  }

  /** Every accepted form of {@code --dataset}: {@code a, b, c or d}. */
  public static String allowed() {
    return forms(SOURCES.all());
  }

  /** {@link #allowed()} of the built-in datasets only. */
  static String builtInAllowed() {
    return forms(SOURCES.builtIn());
  }

  /** The forms of the datasets with real-valued targets ({@code libsvm:PATH}). */
  public static String regressionUsages() {
    return forms(SOURCES.all().stream().filter(DatasetSource::regressionTargets).toList());
  }

  private static String forms(List<DatasetSource> sources) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sources.size(); i++) {
      if (i > 0) {
        sb.append(i == sources.size() - 1 ? " or " : ", ");
      }
      sb.append(sources.get(i).usage());
    }
    return sb.toString();
  }
}
