package org.byzspark.data;

import java.io.Serializable;

/**
 * How a table dataset ({@link TableDataset}) is read: {@code --features-col}, {@code --label-col}
 * and {@code --test-data}. Other datasets accept only the defaults ({@link #check}).
 *
 * @param featuresCol a Vector or array column, or numeric columns separated by commas
 * @param labelCol a numeric column
 * @param testData a table dataset spec for the test set, or empty (10% of the table held out)
 */
public record TableRead(String featuresCol, String labelCol, String testData)
    implements Serializable {
  /** The defaults: columns {@code features} and {@code label}, 10% held out. */
  public static final TableRead DEFAULT =
      new TableRead(TableData.DEFAULT_FEATURES, TableData.DEFAULT_LABEL, "");

  public TableRead {
    testData = testData == null ? "" : testData.strip();
  }

  /** The columns, validated as names ({@link TableData.Columns}). */
  public TableData.Columns columns() {
    return new TableData.Columns(featuresCol, labelCol);
  }

  /** Whether every option is at its default. */
  public boolean isDefault() {
    return columns().equals(DEFAULT.columns()) && testData.isEmpty();
  }

  /** The test set's spec, or null when 10% of the training table is held out. */
  public DatasetSpec test(String dataDir) {
    if (testData.isEmpty()) {
      return null;
    }
    DatasetSpec spec;
    try {
      spec = DatasetSpec.parse(testData, dataDir);
    } catch (IllegalArgumentException e) {
      spec = null;
    }
    if (spec == null || !(spec.source() instanceof TableDataset)) {
      throw new IllegalArgumentException(
          "--test-data: '" + testData + "' is not allowed; allowed: " + TableDataset.usages());
    }
    return spec;
  }

  /**
   * Checks, before Spark starts, that the options fit the dataset: non-default values only with a
   * table dataset, a table spec as the test data.
   */
  public void check(DatasetSpec spec, String dataDir) {
    columns();
    if (!(spec.source() instanceof TableDataset)) {
      String option =
          !testData.isEmpty()
              ? "--test-data"
              : !columns().features().equals(TableData.DEFAULT_FEATURES)
                  ? "--features-col"
                  : !columns().label().equals(TableData.DEFAULT_LABEL) ? "--label-col" : null;
      if (option != null) {
        throw new IllegalArgumentException(
            option
                + ": not allowed with --dataset "
                + spec.kind()
                + "; allowed: only with a table dataset ("
                + TableDataset.usages()
                + ")");
      }
      return;
    }
    test(dataDir);
  }

  /** What the data depend on, for {@code WorkerData.key}. */
  public String key() {
    return "features=" + columns().features() + "|label=" + columns().label() + "|test=" + testData;
  }
}
