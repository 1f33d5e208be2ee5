// ByzSpark's estimator from spark-shell (Scala), the steps of
// examples/java/org/byzspark/examples/EstimatorExample.java:
// a Parquet table in, a Pipeline (VectorAssembler, StandardScaler, ByzantineClassifier) trained
// with 2 of 7 workers Byzantine, evaluated, two rules compared by CrossValidator, saved, loaded,
// used to predict.
//
//   spark-shell --jars target/byzspark-0.1.0-SNAPSHOT.jar \
//     --conf spark.byzspark.input=data.parquet --conf spark.byzspark.modelDir=out/model \
//     -i examples/scala/estimator.scala
//
// The table: numeric feature columns and a `label` column of class indices 0..C-1.

import org.apache.spark.ml.{Pipeline, PipelineModel}
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator
import org.apache.spark.ml.feature.{StandardScaler, VectorAssembler}
import org.apache.spark.ml.tuning.{CrossValidator, CrossValidatorModel, ParamGridBuilder}
import org.byzspark.ml.{ByzantineClassificationModel, ByzantineClassifier}

val input = spark.conf.get("spark.byzspark.input")
val modelDir = spark.conf.get("spark.byzspark.modelDir")

val data = spark.read.parquet(input)
val columns = data.columns.filter(_ != "label")
val Array(train, test) = data.randomSplit(Array(0.8, 0.2), 42)

// the estimator: every option of `byzspark train` is a Param
val clf = new ByzantineClassifier()
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
  .setSeed(1L)
val pipeline = new Pipeline().setStages(Array(
  new VectorAssembler().setInputCols(columns).setOutputCol("raw"),
  new StandardScaler().setInputCol("raw").setOutputCol("features"),
  clf))

// fit and evaluate
val model = pipeline.fit(train)
val scored = model.transform(test)
val accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
println(f"test accuracy ${accuracy.evaluate(scored)}%.4f")
val trained = model.stages(2).asInstanceOf[ByzantineClassificationModel]
trained.summary.metrics(spark).show(5)
println(trained.summary.configuration)

// cross-validate two robust rules
val grid = new ParamGridBuilder().addGrid(clf.aggregator, Seq("cwtm", "average")).build()
val cv = new CrossValidator()
  .setEstimator(pipeline)
  .setEstimatorParamMaps(grid)
  .setEvaluator(accuracy)
  .setNumFolds(2)
  .setSeed(7L)
  .fit(train)
println(f"cross-validated accuracy: cwtm ${cv.avgMetrics(0)}%.4f, average ${cv.avgMetrics(1)}%.4f")
val best = cv.bestModel.asInstanceOf[PipelineModel].stages(2).asInstanceOf[ByzantineClassificationModel]
println(s"best ${best.getAggregator}")

// save, load, predict
model.write.overwrite().save(modelDir)
val loaded = PipelineModel.load(modelDir)
val before = scored.select("prediction", "probability").collect().toSeq
val after = loaded.transform(test).select("prediction", "probability").collect().toSeq
println(s"same predictions after load ${before == after}")
loaded.transform(test).select("label", "prediction", "probability").show(5, truncate = false)

System.exit(0)
