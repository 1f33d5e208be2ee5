package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.byzspark.io.RunOutput;
import org.byzspark.options.TrainOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table datasets train to the same bits as the same rows given as LIBSVM: a Parquet file with a
 * Vector column, one with numeric columns, a CSV file, a catalog table saved as Parquet; a view
 * (content order) trains the same whatever its partitioning; every model that fits the data's shape
 * trains on a table.
 */
class TableTrainingTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @TempDir static Path tmp;

  private static final int N = 160;
  private static final int D = 4;
  private static final int C = 3;
  private static final double[][] X = new double[N][D];
  private static final double[] Y = new double[N];
  private static final double[] TARGET = new double[N];

  @BeforeAll
  static void start() throws Exception {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("table-training-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
            .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // three Gaussian blobs in 4 dimensions; every value non-zero, so LIBSVM keeps all 4 indices
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < N; i++) {
      Y[i] = i % C;
      for (int j = 0; j < D; j++) {
        double v = (j == Y[i] ? 2.0 : 0.0) + rnd.nextGaussian() * 0.5;
        X[i][j] = Math.abs(v) < 1e-3 ? 1e-3 : v;
      }
      TARGET[i] = 0.5 * X[i][0] - X[i][1] + 0.25 + rnd.nextGaussian() * 0.01;
    }
    StringBuilder svm = new StringBuilder();
    StringBuilder reg = new StringBuilder();
    StringBuilder csv = new StringBuilder("y,a,b,c,d\n");
    StringBuilder json = new StringBuilder();
    List<Row> vectors = new ArrayList<>();
    List<Row> columns = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      StringBuilder feats = new StringBuilder();
      for (int j = 0; j < D; j++) {
        feats.append(' ').append(j + 1).append(':').append(X[i][j]);
      }
      svm.append((int) Y[i]).append(feats).append('\n');
      reg.append(TARGET[i]).append(feats).append('\n');
      csv.append((int) Y[i]);
      for (int j = 0; j < D; j++) {
        csv.append(',').append(X[i][j]);
      }
      csv.append('\n');
      json.append("{\"label\":").append((int) Y[i]).append(",\"features\":[");
      for (int j = 0; j < D; j++) {
        json.append(j == 0 ? "" : ",").append(X[i][j]);
      }
      json.append("]}\n");
      vectors.add(RowFactory.create(Y[i], TARGET[i], Vectors.dense(X[i])));
      columns.add(RowFactory.create((int) Y[i], X[i][0], X[i][1], X[i][2], X[i][3]));
    }
    Files.writeString(tmp.resolve("blobs.svm"), svm.toString());
    Files.writeString(tmp.resolve("reg.svm"), reg.toString());
    Files.writeString(tmp.resolve("blobs.csv"), csv.toString());
    Files.writeString(tmp.resolve("blobs.json"), json.toString());
    StructType vs =
        new StructType()
            .add("label", DataTypes.DoubleType)
            .add("target", DataTypes.DoubleType)
            .add("features", SQLDataTypes.VectorType());
    spark
        .createDataFrame(vectors, vs)
        .coalesce(1)
        .write()
        .parquet(tmp.resolve("vectors.parquet").toString());
    StructType cs =
        new StructType()
            .add("y", DataTypes.IntegerType)
            .add("a", DataTypes.DoubleType)
            .add("b", DataTypes.DoubleType)
            .add("c", DataTypes.DoubleType)
            .add("d", DataTypes.DoubleType);
    Dataset<Row> cols = spark.createDataFrame(columns, cs).coalesce(1);
    cols.write().parquet(tmp.resolve("columns.parquet").toString());
    cols.write().orc(tmp.resolve("columns.orc").toString());
    // a separate test table: the first 40 rows
    cols.limit(40).write().option("header", "true").csv(tmp.resolve("head.csv").toString());
    Files.writeString(tmp.resolve("bad-test.csv"), "y,a,b,c,d\n7,1,2,3,4\n");
    Files.writeString(tmp.resolve("narrow-test.csv"), "y,a,b,c\n1,1,2,3\n");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static TrainConfig.Builder config(String dataset, String model, String out) {
    return TrainConfig.builder()
        .set(TrainOptions.DATASET, dataset)
        .set(TrainOptions.DATA_DIR, tmp.toString())
        .set(TrainOptions.MODEL, model)
        .set(TrainOptions.WORKERS, 4)
        .set(TrainOptions.BYZANTINE, 1)
        .set(TrainOptions.ATTACK, "signflip")
        .set(TrainOptions.AGGREGATOR, "cwtm")
        .set(TrainOptions.MOMENTUM, 0.9)
        .set(TrainOptions.STEPS, 12)
        .set(TrainOptions.BATCH_SIZE, 8)
        .set(TrainOptions.LR, 0.2)
        .set(TrainOptions.EVAL_EVERY, 6)
        .set(TrainOptions.CHECKPOINT_EVERY, 50)
        .set(TrainOptions.SEED, 3L)
        .set(TrainOptions.OUT, tmp.resolve(out).toString())
        .set(TrainOptions.MASTER, "local[2]");
  }

  private static Trainer.Result run(TrainConfig cfg) {
    return new Trainer(cfg, sc, new RunOutput(cfg.out(), new Configuration()), line -> {})
        .useContextCheckpointDir()
        .run();
  }

  /** The metrics without their timing columns: step, loss, accuracy or MSE. */
  private static List<String> metrics(Trainer.Result r) {
    return r.metrics()
        .toCsv()
        .lines()
        .map(l -> String.join(",", List.of(l.split(",")).subList(0, 3)))
        .toList();
  }

  private static void assertSameRun(Trainer.Result expected, Trainer.Result actual, String what) {
    assertArrayEquals(expected.theta(), actual.theta(), what + ": final θ");
    assertEquals(metrics(expected), metrics(actual), what + ": metrics");
  }

  @Test
  void tablesTrainToTheBitsOfTheSameRowsAsLibsvm() {
    sc.setCheckpointDir(tmp.resolve("cp").toString());
    Trainer.Result libsvm =
        run(config("libsvm:" + tmp.resolve("blobs.svm"), "softmax", "l").build());
    assertTrue(libsvm.finalAccuracy() > 0.6, "accuracy " + libsvm.finalAccuracy());
    Trainer.Result vectors =
        run(config("parquet:" + tmp.resolve("vectors.parquet"), "softmax", "p").build());
    assertSameRun(libsvm, vectors, "parquet vectors");
    Trainer.Result columns =
        run(
            config("parquet:" + tmp.resolve("columns.parquet"), "softmax", "c")
                .set(TrainOptions.FEATURES_COL, "a,b,c,d")
                .set(TrainOptions.LABEL_COL, "y")
                .build());
    assertSameRun(libsvm, columns, "parquet columns");
    Trainer.Result csv =
        run(
            config("csv:" + tmp.resolve("blobs.csv"), "softmax", "csv")
                .set(TrainOptions.FEATURES_COL, "a,b,c,d")
                .set(TrainOptions.LABEL_COL, "y")
                .build());
    assertSameRun(libsvm, csv, "csv");
    Trainer.Result orc =
        run(
            config("orc:" + tmp.resolve("columns.orc"), "softmax", "orc")
                .set(TrainOptions.FEATURES_COL, "a,b,c,d")
                .set(TrainOptions.LABEL_COL, "y")
                .build());
    assertSameRun(libsvm, orc, "orc");
    Trainer.Result json =
        run(config("json:" + tmp.resolve("blobs.json"), "softmax", "json").build());
    assertSameRun(libsvm, json, "json arrays");
    // a catalog table saved as files keeps the file order
    spark.read().parquet(tmp.resolve("vectors.parquet").toString()).write().saveAsTable("saved");
    assertSameRun(libsvm, run(config("table:saved", "softmax", "s").build()), "saved table");
  }

  private static TrainConfig.Builder columns(String test) {
    return config("parquet:" + tmp.resolve("columns.parquet"), "softmax", "td")
        .set(TrainOptions.FEATURES_COL, "a,b,c,d")
        .set(TrainOptions.LABEL_COL, "y")
        .set(TrainOptions.TEST_DATA, "csv:" + tmp.resolve(test));
  }

  @Test
  void aSeparateTestTableReplacesTheHeldOutRows() {
    WorkerData data =
        WorkerData.load(
            sc, columns("head.csv").build(), org.byzspark.train.hgo.HgoOptions.defaults());
    try {
      assertEquals(N, data.trainCount());
      assertEquals(40, data.test().map(b -> b.rows()).reduce(Integer::sum));
      assertEquals(C, data.numClasses());
    } finally {
      data.release();
    }
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                WorkerData.load(
                    sc,
                    columns("bad-test.csv").build(),
                    org.byzspark.train.hgo.HgoOptions.defaults()));
    assertEquals(
        "--test-data: csv:"
            + tmp.resolve("bad-test.csv")
            + " has label 7 in column 'y'; allowed:"
            + " 0..2, the training table's classes",
        e.getMessage());
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                WorkerData.load(
                    sc,
                    columns("narrow-test.csv").build(),
                    org.byzspark.train.hgo.HgoOptions.defaults()));
    assertEquals(
        "--features-col: csv:"
            + tmp.resolve("narrow-test.csv")
            + " has no column 'd'; allowed: a"
            + " Vector or array column, or numeric columns, of y int, a int, b int, c int",
        e.getMessage());
  }

  @Test
  void aRegressionTableTrainsAsItsLibsvmFile() {
    sc.setCheckpointDir(tmp.resolve("cp").toString());
    Trainer.Result libsvm =
        run(
            config("libsvm:" + tmp.resolve("reg.svm"), "linear", "rl")
                .set(TrainOptions.ATTACK, "little")
                .build());
    Trainer.Result table =
        run(
            config("parquet:" + tmp.resolve("vectors.parquet"), "linear", "rp")
                .set(TrainOptions.ATTACK, "little")
                .set(TrainOptions.LABEL_COL, "target")
                .build());
    assertSameRun(libsvm, table, "linear");
    assertTrue(Double.isFinite(table.finalMse()), "mse " + table.finalMse());
  }

  @Test
  void aViewOfAnInMemoryTableTrainsTheSameWhateverItsPartitioning() {
    sc.setCheckpointDir(tmp.resolve("cp").toString());
    Dataset<Row> df = spark.read().parquet(tmp.resolve("vectors.parquet").toString());
    // in memory: no file metadata left once the rows are collected and re-created
    Dataset<Row> memory = spark.createDataFrame(df.collectAsList(), df.schema());
    memory.repartition(1).createOrReplaceTempView("m1");
    memory.repartition(3).createOrReplaceTempView("m3");
    Trainer.Result one = run(config("table:m1", "softmax", "m1").build());
    Trainer.Result three = run(config("table:m3", "softmax", "m3").build());
    assertSameRun(one, three, "1 vs 3 partitions");
    // a temporary view exposes no file metadata: the order is the content's, so a view of the
    // file trains as the in-memory copy of its rows
    assertSameRun(one, run(config("table:pv", "softmax", "pv").build(), df, "pv"), "view");
    // the file order is another order, hence other workers' data and other bits
    Trainer.Result file =
        run(config("parquet:" + tmp.resolve("vectors.parquet"), "softmax", "pf").build());
    assertNotEquals(metrics(file), metrics(one));
  }

  /** The last metrics row is step 2 with a finite training loss. */
  private static void assertTrainedTwoSteps(Trainer.Result r, String model) {
    List<String> m = metrics(r);
    String[] last = m.get(m.size() - 1).split(",");
    assertEquals("2", last[0], model + ": " + m);
    assertTrue(Double.isFinite(Double.parseDouble(last[1])), model + ": " + m);
  }

  private static Trainer.Result run(TrainConfig cfg, Dataset<Row> view, String name) {
    view.createOrReplaceTempView(name);
    return run(cfg);
  }

  @Test
  void everyModelThatFitsTheShapeTrainsOnATable() {
    sc.setCheckpointDir(tmp.resolve("cp").toString());
    String vectors = "parquet:" + tmp.resolve("vectors.parquet");
    for (String model : List.of("mlp", "logistic", "svm")) {
      TrainConfig.Builder b = config(vectors, model, "m-" + model).set(TrainOptions.STEPS, 2);
      if (!model.equals("mlp")) {
        // binary models: labels 0/1 only
        spark
            .read()
            .parquet(tmp.resolve("vectors.parquet").toString())
            .selectExpr("CAST(label > 0 AS DOUBLE) AS label", "features")
            .createOrReplaceTempView("binary");
        b.set(TrainOptions.DATASET, "table:binary");
      }
      assertTrainedTwoSteps(run(b.build()), model);
    }
    // the CNN: 16×16 single-channel images as 256 numeric features
    List<Row> images = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 40; i++) {
      double[] px = new double[256];
      for (int p = 0; p < px.length; p++) {
        px[p] = (i % 2 == 0 ? (p % 16 < 8 ? 1 : 0) : (p / 16 < 8 ? 1 : 0)) + rnd.nextDouble() * 0.1;
      }
      images.add(RowFactory.create((double) (i % 2), Vectors.dense(px)));
    }
    spark
        .createDataFrame(
            images,
            new StructType()
                .add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType()))
        .createOrReplaceTempView("images");
    Trainer.Result cnn =
        run(config("table:images", "cnn", "cnn").set(TrainOptions.STEPS, 2).build());
    assertTrainedTwoSteps(cnn, "cnn");
    assertTrue(cnn.theta().length > 256, "cnn parameters " + cnn.theta().length);
  }
}
