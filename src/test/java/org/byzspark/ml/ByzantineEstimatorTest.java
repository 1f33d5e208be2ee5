package org.byzspark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.byzspark.io.SavedModel;
import org.byzspark.options.TrainOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The estimators on Spark local with small generated tables: in a Pipeline after VectorAssembler
 * and StandardScaler, under CrossValidator over two aggregators, save and load, the regressor, the
 * checks between Params.
 */
class ByzantineEstimatorTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("ByzantineEstimatorTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Three Gaussian blobs in four columns x0..x3, centres 4 apart, unit noise. */
  static Dataset<Row> blobs(int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] centres = {{4, 0, 0, 0}, {0, 4, 0, 0}, {0, 0, 4, 0}};
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int c = i % 3;
      Object[] v = new Object[5];
      for (int j = 0; j < 4; j++) {
        v[j] = centres[c][j] + gaussian(rng);
      }
      v[4] = (double) c;
      out.add(RowFactory.create(v));
    }
    List<StructField> fields = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      fields.add(DataTypes.createStructField("x" + j, DataTypes.DoubleType, false));
    }
    fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
    return spark.createDataFrame(out, new StructType(fields.toArray(StructField[]::new)));
  }

  static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
        * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  /** A quick run: 5 workers, 1 Byzantine sign-flipper, 40 steps of softmax. */
  static ByzantineClassifier quick() {
    return new ByzantineClassifier()
        .setModel("softmax")
        .setNumWorkers(5)
        .setNumByzantine(1)
        .setAttack("signflip")
        .setAggregator("cwtm")
        .setMomentum(0.9)
        .setMaxIter(40)
        .setBatchSize(10)
        .setStepSize(0.2)
        .setEvalEvery(20)
        .setSeed(3);
  }

  static Pipeline pipeline(ByzantineClassifier clf) {
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(new String[] {"x0", "x1", "x2", "x3"})
            .setOutputCol("raw");
    StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features");
    return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, clf});
  }

  static double accuracy(Dataset<Row> scored) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
  }

  @Test
  void pipelineTrainsAndTransformsAndSummarises() {
    Dataset<Row> train = blobs(300, 1);
    Dataset<Row> test = blobs(150, 2);
    PipelineModel pm = pipeline(quick()).fit(train);
    Dataset<Row> scored = pm.transform(test);
    assertTrue(
        List.of(scored.columns())
            .containsAll(List.of("rawPrediction", "probability", "prediction")));
    double acc = accuracy(scored);
    assertTrue(acc > 0.9, "accuracy on well-separated blobs " + acc);
    for (Row r : scored.select("rawPrediction", "probability", "prediction").collectAsList()) {
      Vector raw = r.getAs(0);
      Vector p = r.getAs(1);
      double sum = 0;
      for (double x : p.toArray()) {
        assertTrue(x >= 0 && x <= 1);
        sum += x;
      }
      assertEquals(1.0, sum, 1e-9);
      assertEquals(raw.argmax(), p.argmax());
      assertEquals((double) p.argmax(), r.getDouble(2));
      // softmax of the logits: log-ratios of probabilities are differences of scores
      assertEquals(
          raw.apply(0) - raw.apply(1),
          Math.log(p.apply(0) / p.apply(1)),
          1e-6 * (1 + Math.abs(raw.apply(0))));
    }
    ByzantineClassificationModel m = (ByzantineClassificationModel) pm.stages()[2];
    assertEquals(3, m.numClasses());
    assertEquals(4, m.numFeatures());
    TrainingSummary s = m.summary();
    Dataset<Row> metrics = s.metrics(spark);
    assertEquals(40, metrics.count());
    assertTrue(List.of(metrics.columns()).containsAll(List.of("step", "train_loss")));
    assertEquals("cwtm", s.configuration().get("aggregator"));
    assertEquals(5, s.configuration().get("workers"));
    assertTrue(
        ((String) s.configuration().get("dataset")).startsWith("table:" + FitRun.VIEW_PREFIX));
    assertTrue(s.finalAccuracy() > 0.9, "training accuracy " + s.finalAccuracy());
    assertEquals(null, s.outputDir());
    // the model carries the Params it was trained with
    assertEquals("signflip", m.getAttack());
    assertEquals(40, m.getMaxIter());
  }

  @Test
  void crossValidatorPicksAmongTwoAggregators() {
    Dataset<Row> train = blobs(240, 5);
    ByzantineClassifier clf = quick().setMaxIter(20);
    ParamMap[] grid =
        new ParamGridBuilder()
            .addGrid(clf.aggregator(), CollectionConverters.asScala(List.of("cwtm", "average")))
            .build();
    // two of five send −10 times the honest mean (empire): the average then points uphill,
    // cwtm (the median of five here) does not
    clf.setNumByzantine(2).setAttack("empire").setAttackParams("zeta=10");
    CrossValidator cv =
        new CrossValidator()
            .setEstimator(pipeline(clf))
            .setEstimatorParamMaps(grid)
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
            .setNumFolds(2)
            .setParallelism(2) // the fits queue (one checkpoint directory per context)
            .setSeed(7);
    CrossValidatorModel cvm = cv.fit(train);
    double[] avg = cvm.avgMetrics();
    assertEquals(2, avg.length);
    int best = avg[0] >= avg[1] ? 0 : 1;
    String bestRule = (String) grid[best].apply(clf.aggregator());
    ByzantineClassificationModel m =
        (ByzantineClassificationModel) ((PipelineModel) cvm.bestModel()).stages()[2];
    assertEquals(bestRule, m.getAggregator());
    assertEquals(bestRule, m.summary().configuration().get("aggregator"));
    assertTrue(avg[0] > avg[1], "cwtm beats average under empire: " + List.of(avg[0], avg[1]));
  }

  @Test
  void saveThenLoadGivesTheSamePredictions(@TempDir Path dir) throws Exception {
    Dataset<Row> train = blobs(150, 9);
    PipelineModel pm = pipeline(quick().setMaxIter(10)).fit(train);
    ByzantineClassificationModel m = (ByzantineClassificationModel) pm.stages()[2];
    String path = dir.resolve("clf").toString();
    m.write().save(path);
    assertTrue(Files.exists(dir.resolve("clf/model/model.json")));
    assertTrue(Files.exists(dir.resolve("clf/model/parameters.bin")));
    ByzantineClassificationModel back = ByzantineClassificationModel.load(path);
    assertEquals(m.uid(), back.uid());
    assertEquals("cwtm", back.getAggregator());
    assertEquals(10, back.getMaxIter());
    assertFalse(back.hasSummary());
    assertArrayEquals(m.savedModel().parameters(), back.savedModel().parameters());
    Dataset<Row> test = pipelineFeatures(pm, blobs(60, 10));
    assertEquals(predictions(m.transform(test)), predictions(back.transform(test)));
    // the whole Pipeline through Spark's own persistence (which finds read() by reflection)
    String ppath = dir.resolve("pipeline").toString();
    pm.write().save(ppath);
    PipelineModel pback = PipelineModel.load(ppath);
    Dataset<Row> raw = blobs(60, 11);
    assertEquals(predictions(pm.transform(raw)), predictions(pback.transform(raw)));
    // the estimator with its Params
    ByzantineClassifier clf = quick().setAggregator("krum");
    clf.write().save(dir.resolve("estimator").toString());
    ByzantineClassifier cback = ByzantineClassifier.load(dir.resolve("estimator").toString());
    assertEquals("krum", cback.getAggregator());
    assertEquals(clf.uid(), cback.uid());
  }

  @Test
  void loadsAModelDirectoryInTheCommandLinesFormat(@TempDir Path dir) throws Exception {
    // a softmax for 4 features and 3 classes, θ made by hand, written as train --out writes it
    double[] theta = new double[15];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = Math.sin(i + 1.0);
    }
    SavedModel saved =
        SavedModel.of(
            "softmax",
            Map.of(),
            4,
            3,
            new SavedModel.Data("libsvm:x", null, 5),
            new SavedModel.Training(12, 0.5, Double.NaN),
            theta);
    saved.write(
        new org.apache.hadoop.fs.Path(dir.resolve("run").resolve(SavedModel.DIR).toString()),
        spark.sparkContext().hadoopConfiguration());
    Dataset<Row> rows = pipelineTrain(blobs(30, 14));
    List<Row> in = rows.select("features").collectAsList();
    for (String path :
        List.of(dir.resolve("run").toString(), dir.resolve("run/model").toString())) {
      ByzantineClassificationModel m = ByzantineClassificationModel.load(path);
      assertFalse(m.hasSummary());
      assertEquals("softmax", m.getModel());
      assertEquals(5L, m.getSeed());
      assertEquals(12, m.getMaxIter());
      List<Row> out =
          m.transform(rows).select("rawPrediction", "probability", "prediction").collectAsList();
      for (int r = 0; r < in.size(); r++) {
        double[] x = ((Vector) in.get(r).getAs(0)).toArray();
        for (int j = 0; j < x.length; j++) {
          x[j] = (float) x[j];
        }
        SavedModel.Predictions p = saved.predict(new double[][] {x});
        assertArrayEquals(p.scoresOf(0), ((Vector) out.get(r).getAs(0)).toArray(), 0.0);
        assertArrayEquals(p.probabilitiesOf(0), ((Vector) out.get(r).getAs(1)).toArray(), 1e-12);
        assertEquals(p.prediction(0), out.get(r).getDouble(2));
      }
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ByzantineRegressionModel.load(dir.resolve("run").toString()));
    assertTrue(e.getMessage().contains("is a classifier"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ByzantineClassificationModel.load(dir.resolve("nothing").toString()));
    assertTrue(e.getMessage().contains("no model here"), e.getMessage());
  }

  static Dataset<Row> pipelineFeatures(PipelineModel pm, Dataset<Row> df) {
    return pm.stages()[1].transform(pm.stages()[0].transform(df));
  }

  static List<String> predictions(Dataset<Row> scored) {
    List<String> out = new ArrayList<>();
    for (Row r : scored.select("rawPrediction", "probability", "prediction").collectAsList()) {
      out.add(r.get(0) + "|" + r.get(1) + "|" + r.get(2));
    }
    return out;
  }

  @Test
  void outputDirHoldsTheRun(@TempDir Path dir) {
    Dataset<Row> train = pipelineTrain(blobs(90, 12));
    String out = dir.resolve("run").toString();
    ByzantineClassificationModel m = quick().setMaxIter(5).setOutputDir(out).fit(train);
    assertTrue(Files.exists(dir.resolve("run/metrics.csv")));
    assertTrue(Files.exists(dir.resolve("run/run.json")));
    assertEquals(out, m.summary().outputDir());
    // the run directory is a model directory for load
    ByzantineClassificationModel again =
        quick().setMaxIter(5).setOutputDir(out).setOverwrite(true).fit(train);
    assertArrayEquals(m.savedModel().parameters(), again.savedModel().parameters(), "same seed");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> quick().setMaxIter(5).setOutputDir(out).fit(train));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
  }

  @Test
  void testDataIsEvaluatedAsTransformScoresIt() {
    Dataset<Row> train = pipelineTrain(blobs(120, 15));
    Dataset<Row> test = pipelineTrain(blobs(45, 16));
    test.createOrReplaceTempView("estimator_test_rows");
    ByzantineClassificationModel m =
        quick().setMaxIter(6).setParam("testData", "table:estimator_test_rows").fit(train);
    double transformed = accuracy(m.transform(test));
    assertEquals(transformed, m.summary().finalAccuracy(), 1e-12);
    assertEquals("table:estimator_test_rows", m.summary().configuration().get("test-data"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> quick().setParam("testData", "mnist").fit(train));
    assertTrue(e.getMessage().startsWith("--test-data: 'mnist' is not allowed"), e.getMessage());
  }

  static Dataset<Row> pipelineTrain(Dataset<Row> df) {
    return new VectorAssembler()
        .setInputCols(new String[] {"x0", "x1", "x2", "x3"})
        .setOutputCol("features")
        .transform(df);
  }

  @Test
  void checksBetweenParamsFailAsTheCommandLinesDo() {
    Dataset<Row> train = pipelineTrain(blobs(60, 13));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> quick().setNumWorkers(3).setNumByzantine(3).fit(train));
    assertEquals(
        "--byzantine: 3 is not allowed with --workers 3; allowed: 0 <= f < n", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> quick().setModel("linear").fit(train));
    assertTrue(e.getMessage().startsWith("--model: linear is a regression model"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> quick().setAggregator("krum").setNumWorkers(4).setNumByzantine(1).fit(train));
    assertTrue(
        e.getMessage().startsWith("--aggregator") || e.getMessage().contains("krum"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> quick().setAggregator("nosuchrule").fit(train));
    assertTrue(e.getMessage().contains("nosuchrule"), e.getMessage());
    assertEquals(
        TrainOptions.ALL.size(), TrainOptions.ALL.stream().map(s -> s.name()).distinct().count());
  }

  @Test
  void regressorFitsALine() {
    SplittableRandom rng = new SplittableRandom(21);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double a = rng.nextDouble() * 2 - 1;
      double b = rng.nextDouble() * 2 - 1;
      rows.add(RowFactory.create(a, b, 2 * a - b + 0.5 + 0.01 * gaussian(rng)));
    }
    StructType schema =
        new StructType()
            .add("a", DataTypes.DoubleType)
            .add("b", DataTypes.DoubleType)
            .add("label", DataTypes.DoubleType);
    Dataset<Row> df =
        new VectorAssembler()
            .setInputCols(new String[] {"a", "b"})
            .setOutputCol("features")
            .transform(spark.createDataFrame(rows, schema));
    ByzantineRegressor reg =
        new ByzantineRegressor()
            .setNumWorkers(5)
            .setNumByzantine(1)
            .setAttack("signflip")
            .setAggregator("cwmed")
            .setMomentum(0.9)
            .setMaxIter(150)
            .setBatchSize(20)
            .setStepSize(0.1)
            .setEvalEvery(50)
            .setWeightDecay(0)
            .setClip(Double.POSITIVE_INFINITY);
    ByzantineRegressionModel m = reg.fit(df);
    double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(m.transform(df));
    assertTrue(rmse < 0.1, "rmse " + rmse + " against a label sd of about 1.3");
    assertEquals(2, m.numFeatures());
    assertTrue(m.summary().finalMse() < 0.01, "training mse " + m.summary().finalMse());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> reg.copy(ParamMap.empty()).setModel("softmax").fit(df));
    assertTrue(e.getMessage().startsWith("--model: softmax is a classifier"), e.getMessage());
  }
}
