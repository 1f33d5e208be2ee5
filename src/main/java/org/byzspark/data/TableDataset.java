package org.byzspark.data;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark table as the dataset: {@code parquet:PATH}, {@code orc:PATH}, {@code csv:PATH} (a header
 * line, numeric columns), {@code json:PATH} (one JSON object per line), read through Spark's data
 * sources (so any Hadoop path: a file or a directory of files, on HDFS, {@code file:} or an object
 * store), or {@code table:NAME}, a table or view of the Spark catalog. The columns are {@code
 * --features-col} and {@code --label-col}; {@code --test-data} names another table as the test set,
 * else 10% is held out. Rows become examples through {@link TableData} (validation, the
 * deterministic order); classes or real-valued targets; no augmentation.
 */
public final class TableDataset implements DatasetSource {
  public static final TableDataset PARQUET =
      new TableDataset("parquet", "parquet", "a Parquet file or directory");
  public static final TableDataset ORC = new TableDataset("orc", "orc", "an ORC file or directory");
  public static final TableDataset CSV =
      new TableDataset("csv", "csv", "CSV files with a header line and numeric columns");
  public static final TableDataset JSON =
      new TableDataset("json", "json", "JSON-lines files (one object per line)");
  public static final TableDataset TABLE =
      new TableDataset("table", null, "a table or view of the Spark catalog");

  /** Every table source, in registration order. */
  public static final List<TableDataset> ALL = List.of(PARQUET, ORC, CSV, JSON, TABLE);

  private final String name;
  private final String format;
  private final String what;

  private TableDataset(String name, String format, String what) {
    this.name = name;
    this.format = format;
    this.what = what;
  }

  /** The forms of the table datasets: {@code parquet:PATH, ..., table:NAME}. */
  public static String usages() {
    StringBuilder sb = new StringBuilder();
    for (TableDataset t : ALL) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(t.usage());
    }
    return sb.toString();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return what
        + " as a table: --features-col, --label-col, --test-data (else 10% held out); classes"
        + " or real-valued targets";
  }

  @Override
  public String usage() {
    return name + (format == null ? ":NAME" : ":PATH");
  }

  @Override
  public String parse(String argument, String dataDir) {
    return argument == null || argument.isBlank() ? null : argument.strip();
  }

  @Override
  public boolean regressionTargets() {
    return true;
  }

  /**
   * A path must exist: a file, or a directory holding at least one data file (names starting with
   * {@code _} or {@code .} are Spark's and Hadoop's bookkeeping). A catalog table is looked up when
   * Spark runs.
   */
  @Override
  public void checkPresent(String path, Configuration conf, boolean regression) {
    if (format == null) {
      return;
    }
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new IllegalArgumentException(
            "--dataset: "
                + name
                + ":"
                + path
                + " not found; allowed: an existing file or directory");
      }
      if (fs.getFileStatus(p).isDirectory()) {
        for (FileStatus s : fs.listStatus(p)) {
          String n = s.getPath().getName();
          if (!n.startsWith("_") && !n.startsWith(".")) {
            return;
          }
        }
        throw new IllegalArgumentException(
            "--dataset: directory "
                + path
                + " holds no data file; allowed: a directory of "
                + what);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--dataset: cannot read " + path + ": " + firstLine(e.getMessage()));
    }
  }

  /** The table of {@code path}: the files read by this source's format, or the catalog table. */
  public Dataset<Row> frame(SparkSession spark, String path) {
    try {
      if (format == null) {
        return spark.table(path);
      }
      if (format.equals("csv")) {
        return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
      }
      return spark.read().format(format).load(path);
    } catch (Exception e) {
      if (format == null) {
        throw new IllegalArgumentException(
            "--dataset: table:"
                + path
                + " is not a table or view of the Spark catalog; allowed: a name that"
                + " spark.catalog().tableExists() knows ("
                + firstLine(e.getMessage())
                + ")");
      }
      throw new IllegalArgumentException(
          "--dataset: cannot read " + name + ":" + path + ": " + firstLine(e.getMessage()));
    }
  }

  @Override
  public TrainingData load(JavaSparkContext sc, String path, long seed) {
    return load(sc, path, seed, false, TableRead.DEFAULT, null);
  }

  @Override
  public TrainingData loadRegression(JavaSparkContext sc, String path, long seed) {
    return load(sc, path, seed, true, TableRead.DEFAULT, null);
  }

  /**
   * The table of {@code path} with the columns of {@code read}; the test set is {@code test} (a
   * table dataset) when given, else 10% of the rows are held out.
   */
  public TrainingData load(
      JavaSparkContext sc,
      String path,
      long seed,
      boolean regression,
      TableRead read,
      DatasetSpec test) {
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    Dataset<Row> train = frame(spark, path);
    Dataset<Row> testDf = null;
    String testName = null;
    if (test != null) {
      testDf = ((TableDataset) test.source()).frame(spark, test.path());
      testName = test.toString();
    }
    return TableData.read(
        train, name + ":" + path, testDf, testName, read.columns(), regression, 0, seed);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
