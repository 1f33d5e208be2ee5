package org.byzspark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.byzspark.cli.Main;
import org.byzspark.data.Synthetic;
import org.byzspark.io.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that {@code byzspark train} wrote, loaded as a Spark ML model: the same predictions as
 * the run's model directory gives, on the training file read by Spark's own LIBSVM reader.
 */
class CliModelIT {
  @Test
  void loadsWhatTrainWrote(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("lin.svm");
    Synthetic.writeLibsvm(file, 400, 6, 4);
    Path out = tmp.resolve("run");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {
              "train",
              "--dataset",
              "libsvm:" + file,
              "--model",
              "logistic",
              "--workers",
              "5",
              "--byzantine",
              "1",
              "--attack",
              "signflip",
              "--aggregator",
              "cwmed",
              "--steps",
              "40",
              "--batch-size",
              "10",
              "--lr",
              "0.5",
              "--momentum",
              "0.5",
              "--eval-every",
              "20",
              "--out",
              out.toString(),
              "--master",
              "local[2]"
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("CliModelIT")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      Dataset<Row> rows = spark.read().format("libsvm").load(file.toString());
      SavedModel saved =
          SavedModel.read(
              new org.apache.hadoop.fs.Path(out.resolve(SavedModel.DIR).toString()),
              spark.sparkContext().hadoopConfiguration());
      for (String path : List.of(out.toString(), out.resolve(SavedModel.DIR).toString())) {
        ByzantineClassificationModel m = ByzantineClassificationModel.load(path);
        assertEquals("logistic", m.getModel());
        assertEquals(40, m.getMaxIter());
        List<Row> scored =
            m.transform(rows)
                .select("features", "label", "rawPrediction", "probability", "prediction")
                .collectAsList();
        int right = 0;
        for (Row r : scored) {
          double[] x = ((Vector) r.getAs(0)).toArray();
          for (int j = 0; j < x.length; j++) {
            x[j] = (float) x[j];
          }
          SavedModel.Predictions p = saved.predict(new double[][] {x});
          assertArrayEquals(p.scoresOf(0), ((Vector) r.getAs(2)).toArray(), 0.0);
          assertArrayEquals(p.probabilitiesOf(0), ((Vector) r.getAs(3)).toArray(), 1e-12);
          assertEquals(p.prediction(0), r.getDouble(4));
          right += (r.getDouble(4) == 1.0) == (r.getDouble(1) > 0) ? 1 : 0;
        }
        double acc = right / (double) scored.size();
        assertTrue(acc > 0.85, "a linear rule learnt by the run, accuracy " + acc);
      }
    } finally {
      spark.stop();
    }
  }
}
