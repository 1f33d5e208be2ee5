package org.byzspark.examples;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.byzspark.ml.ByzantineClassificationModel;
import org.byzspark.ml.ByzantineClassifier;
import scala.jdk.javaapi.CollectionConverters;

/**
 * ByzSpark's estimator from Java: a Parquet table of numeric columns and a {@code label} column in,
 * a Pipeline (VectorAssembler, StandardScaler, ByzantineClassifier) trained with 2 of 7 workers
 * Byzantine, evaluated, its two candidate rules compared by CrossValidator, saved, loaded and used
 * to predict. The same steps as {@code examples/scala/estimator.scala}.
 *
 * <pre>
 * mvn -q -DskipTests package
 * spark-submit --master local[*] --class org.byzspark.examples.EstimatorExample \
 *   --jars target/byzspark-0.1.0-SNAPSHOT.jar \
 *   target/examples/byzspark-0.1.0-SNAPSHOT-examples.jar data.parquet out/model
 * </pre>
 *
 * Arguments: the Parquet input, a directory for the saved model. Prints one line per result.
 */
public final class EstimatorExample {
  private EstimatorExample() {}

  /** What a run of the example measured (the IT checks it). */
  public record Outcome(
      double testAccuracy,
      String bestAggregator,
      double[] cvAccuracy,
      long trainingSteps,
      boolean samePredictionsAfterLoad) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: EstimatorExample INPUT.parquet MODEL_DIR");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("ByzSpark estimator example").getOrCreate();
    Outcome o = run(spark, args[0], args[1]);
    System.out.printf(Locale.ROOT, "test accuracy %.4f%n", o.testAccuracy());
    System.out.printf(
        Locale.ROOT,
        "cross-validated accuracy: cwtm %.4f, average %.4f; best %s%n",
        o.cvAccuracy()[0],
        o.cvAccuracy()[1],
        o.bestAggregator());
    System.out.println("training steps recorded " + o.trainingSteps());
    System.out.println("same predictions after load " + o.samePredictionsAfterLoad());
    spark.stop();
  }

  /** The example's steps on {@code spark}: read, fit, evaluate, cross-validate, save, load. */
  public static Outcome run(SparkSession spark, String input, String modelDir) throws IOException {
    Dataset<Row> data = spark.read().parquet(input);
    String[] columns =
        java.util.Arrays.stream(data.columns())
            .filter(c -> !c.equals("label"))
            .toArray(String[]::new);
    Dataset<Row>[] parts = data.randomSplit(new double[] {0.8, 0.2}, 42);
    Dataset<Row> train = parts[0];
    Dataset<Row> test = parts[1];

    // the estimator: every option of `byzspark train` is a Param
    ByzantineClassifier clf =
        new ByzantineClassifier()
            .setModel("softmax")
            .setNumWorkers(7)
            .setNumByzantine(2)
            .setAttack("empire")
            .setAttackParams("zeta=10")
            .setAggregator("cwtm")
            .setMomentum(0.9)
            .setMaxIter(40)
            .setBatchSize(16)
            .setStepSize(0.2)
            .setEvalEvery(20)
            .setSeed(1);
    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler().setInputCols(columns).setOutputCol("raw"),
                  new StandardScaler().setInputCol("raw").setOutputCol("features"),
                  clf
                });

    // fit and evaluate
    PipelineModel model = pipeline.fit(train);
    Dataset<Row> scored = model.transform(test);
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    double testAccuracy = accuracy.evaluate(scored);
    ByzantineClassificationModel trained = (ByzantineClassificationModel) model.stages()[2];
    long steps = trained.summary().metrics(spark).count();

    // cross-validate two robust rules
    ParamMap[] grid =
        new ParamGridBuilder()
            .addGrid(clf.aggregator(), CollectionConverters.asScala(List.of("cwtm", "average")))
            .build();
    CrossValidatorModel cv =
        new CrossValidator()
            .setEstimator(pipeline)
            .setEstimatorParamMaps(grid)
            .setEvaluator(accuracy)
            .setNumFolds(2)
            .setSeed(7)
            .fit(train);
    ByzantineClassificationModel best =
        (ByzantineClassificationModel) ((PipelineModel) cv.bestModel()).stages()[2];

    // save, load, predict
    model.write().overwrite().save(modelDir);
    PipelineModel loaded = PipelineModel.load(modelDir);
    List<Row> before = scored.select("prediction", "probability").collectAsList();
    List<Row> after = loaded.transform(test).select("prediction", "probability").collectAsList();
    return new Outcome(
        testAccuracy, best.getAggregator(), cv.avgMetrics(), steps, before.equals(after));
  }
}
