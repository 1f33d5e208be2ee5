package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TableData}: a DataFrame becomes indexed, validated examples; the indices do not depend on
 * the partitioning (in memory) or on the file splits (files); bad tables are refused with one line.
 */
class TableDataTest {
  private static SparkSession spark;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("table-data-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "3")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static final StructType VECTOR_SCHEMA =
      new StructType()
          .add("label", DataTypes.DoubleType)
          .add("features", SQLDataTypes.VectorType());

  /**
   * Row i: label i % classes, features (i, −i/2, i % 7) as a dense or (every third) sparse vector.
   */
  static List<Row> rows(int n, int classes) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = {i, -i / 2.0, i % 7};
      out.add(
          RowFactory.create(
              (double) (i % classes), i % 3 == 0 ? Vectors.dense(x).toSparse() : Vectors.dense(x)));
    }
    return out;
  }

  /** index → "label|features" of the examples (train and test apart). */
  static Map<Long, String> byIndex(List<Example> examples) {
    Map<Long, String> m = new TreeMap<>();
    for (Example e : examples) {
      String prev = m.put(e.index(), e.label() + "|" + java.util.Arrays.toString(e.features()));
      assertEquals(null, prev, "index " + e.index() + " given twice");
    }
    return m;
  }

  @Test
  void aDataFrameBecomesIndexedExamplesWhateverItsPartitioning() {
    Dataset<Row> df = spark.createDataFrame(rows(200, 3), VECTOR_SCHEMA);
    TrainingData one = TableData.fromDataFrame(df.repartition(1), "features", "label", false, 5);
    TrainingData four = TableData.fromDataFrame(df.repartition(4), "features", "label", false, 5);
    assertEquals(3, one.numClasses());
    assertEquals(3, one.dim());
    // 10% held out (20 rows), the rest indexed 0..179
    assertEquals(180, one.trainCount());
    Map<Long, String> a = byIndex(one.train().collect());
    assertEquals(180, a.size());
    assertEquals(0L, a.keySet().iterator().next());
    assertEquals(179L, ((TreeMap<Long, String>) a).lastKey());
    assertEquals(20, one.test().count());
    assertEquals(a, byIndex(four.train().collect()));
    assertEquals(byIndex(one.test().collect()), byIndex(four.test().collect()));
    // every row is there once: the labels' histogram over train and test is the table's
    int[] hist = new int[3];
    one.train().collect().forEach(e -> hist[e.label()]++);
    one.test().collect().forEach(e -> hist[e.label()]++);
    assertArrayEquals(new int[] {67, 67, 66}, hist);
  }

  @Test
  void regressionPutsTheTargetLastAndNumericColumnsAssembleInOrder() {
    StructType schema =
        new StructType()
            .add("y", DataTypes.DoubleType)
            .add("a", DataTypes.IntegerType)
            .add("b", DataTypes.FloatType);
    List<Row> rs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rs.add(RowFactory.create(i * 0.25, i, (float) (-i)));
    }
    Dataset<Row> df = spark.createDataFrame(rs, schema);
    TrainingData d = TableData.fromDataFrames(df, df.limit(5), "b, a", "y", true, 0, 1);
    assertEquals(3, d.dim());
    assertEquals(1, d.numClasses());
    assertEquals(30, d.trainCount());
    for (Example e : d.train().collect()) {
      float[] f = e.features();
      assertEquals(0, e.label());
      assertEquals(0f, f[0] + f[1]); // b = −a
      assertEquals(f[1] * 0.25f, f[2]); // the target y = a/4, last
    }
    assertEquals(5, d.test().count());
  }

  @Test
  void filesAreIndexedInFileOrderWhateverTheSplitSize() {
    Dataset<Row> df = spark.createDataFrame(rows(1000, 4), VECTOR_SCHEMA);
    String dir = tmp.resolve("t.parquet").toString();
    // two files, several row groups each
    df.coalesce(2).write().option("parquet.block.size", 8192).parquet(dir);
    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    try {
      spark.conf().set("spark.sql.files.maxPartitionBytes", "134217728");
      TrainingData big = TableData.fromDataFrame(spark.read().parquet(dir), null, null, false, 7);
      spark.conf().set("spark.sql.files.maxPartitionBytes", "2000");
      Dataset<Row> small = spark.read().parquet(dir);
      assertTrue(
          small.javaRDD().getNumPartitions() > 4, "splits: " + small.rdd().getNumPartitions());
      TrainingData many = TableData.fromDataFrame(small, null, null, false, 7);
      assertEquals(byIndex(big.train().collect()), byIndex(many.train().collect()));
      assertEquals(byIndex(big.test().collect()), byIndex(many.test().collect()));
      // two of the classes, re-indexed: still independent of the splits
      Map<Long, String> binary = byIndex(SplitDealing.binary(big, 1, 0).train().collect());
      assertEquals(binary, byIndex(SplitDealing.binary(many, 1, 0).train().collect()));
      assertEquals(binary.size() - 1L, (long) ((TreeMap<Long, String>) binary).lastKey());
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }

  private static String error(Dataset<Row> df, String features, String label, boolean regression) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> TableData.fromDataFrame(df, features, label, regression, 1))
        .getMessage();
  }

  @Test
  void badTablesAreRefusedWithOneLine() {
    Dataset<Row> ok = spark.createDataFrame(rows(20, 2), VECTOR_SCHEMA);
    assertEquals(
        "--label-col: the training table has no column 'y'; allowed: a numeric column of label"
            + " double, features vector",
        error(ok, "features", "y", false));
    assertEquals(
        "--features-col: the training table has no column 'x'; allowed: a Vector or array column,"
            + " or numeric columns, of label double, features vector",
        error(ok, "x", "label", false));
    Dataset<Row> text = ok.selectExpr("label", "features", "'a' AS s");
    assertEquals(
        "--label-col: column 's' of the training table has type string; allowed: a numeric column",
        error(text, "features", "s", false));
    assertEquals(
        "--features-col: column 's' of the training table has type string; allowed: a Spark ML"
            + " Vector column, an array of numbers or a numeric column",
        error(text, "s", "label", false));
    assertEquals(
        "--dataset: the training table holds no rows; allowed: a table with at least one row",
        error(ok.limit(0), "features", "label", false));
    Dataset<Row> half = ok.selectExpr("label + 0.5 AS label", "features");
    assertEquals(
        "--label-col: the training table: a row has label 0.5 in column 'label'; allowed: a whole"
            + " number in 0..65535 (classes 0..C−1; real-valued targets need --model linear)",
        error(half.limit(1), "features", "label", false));
    Dataset<Row> negative = ok.selectExpr("label - 1 AS label", "features");
    assertTrue(error(negative, "features", "label", false).contains("a row has label -1.0"));
    Dataset<Row> zeros = ok.selectExpr("label * 0 AS label", "features");
    assertTrue(error(zeros, "features", "label", false).startsWith("--label-col: every label"));
    StructType cols =
        new StructType().add("label", DataTypes.DoubleType).add("a", DataTypes.DoubleType);
    Dataset<Row> nan =
        spark.createDataFrame(
            List.of(RowFactory.create(1.0, 2.0), RowFactory.create(0.0, Double.NaN)), cols);
    assertEquals(
        "--features-col: the training table: a row has NaN in column 'a'; allowed: finite numbers"
            + " (within the 32-bit float range)",
        error(nan, "a", "label", false));
    Dataset<Row> huge =
        spark.createDataFrame(
            List.of(RowFactory.create(1.0, 2.0), RowFactory.create(0.0, 1e300)), cols);
    assertTrue(error(huge, "a", "label", false).contains("a row has 1.0E300 in column 'a'"));
    Dataset<Row> ragged =
        spark.createDataFrame(
            List.of(
                RowFactory.create(1.0, Vectors.dense(1, 2)),
                RowFactory.create(0.0, Vectors.dense(1, 2, 3))),
            VECTOR_SCHEMA);
    assertEquals(
        "--features-col: rows of the training table have 2 and 3 features in 'features'; allowed:"
            + " the same number in every row",
        error(ragged, "features", "label", false));
    Dataset<Row> nullLabel =
        spark.createDataFrame(
            List.of(RowFactory.create(1.0, 2.0), RowFactory.create(null, 3.0)), cols);
    assertEquals(
        "--label-col: the training table: a row has no value (null) in label column 'label'",
        error(nullLabel, "a", "label", false));
    // a regression target may be any finite number, but not infinite
    Dataset<Row> inf =
        spark.createDataFrame(
            List.of(RowFactory.create(0.5, 2.0), RowFactory.create(Double.POSITIVE_INFINITY, 1.0)),
            cols);
    assertTrue(error(inf, "a", "label", true).contains("a row has target Infinity"));
    assertEquals(1, TableData.fromDataFrame(inf.limit(1), "a", "label", true, 1).numClasses());
  }
}
