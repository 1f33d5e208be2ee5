package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Model#scores}: its row argmax is {@link Model#predict}'s class, for every model. */
class ScoresTest {
  private static Batch batch(int rows, int p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[rows * p];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    return new Batch(x, new int[rows], rows, p);
  }

  @ParameterizedTest
  @CsvSource({
    "softmax, 7, 4",
    "logistic, 7, 2",
    "svm, 7, 2",
    "mlp:hidden=5, 7, 3",
    "cnn, 784, 10",
    "cnn, 3072, 10"
  })
  void argmaxOfTheScoresIsThePrediction(String spec, int p, int classes) {
    Model m = Models.create(spec, p, classes);
    double[] theta = m.init(11);
    int rows = 130; // more than one evaluation chunk of the CNNs
    Batch b = batch(rows, p, 5);
    double[] s = m.scores(theta, b);
    int[] pred = m.predict(theta, b);
    assertEquals(rows * classes, s.length);
    for (int r = 0; r < rows; r++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (s[r * classes + c] > s[r * classes + best]) {
          best = c;
        }
      }
      assertEquals(pred[r], best, "row " + r);
    }
  }

  @Test
  void imageModelsGiveTheirInputShape() {
    assertArrayEquals(new int[] {1, 28, 28}, Models.create("cnn", 784, 10).inputShape());
    assertArrayEquals(new int[] {3, 32, 32}, Models.create("cnn", 3072, 10).inputShape());
    assertNull(Models.create("mlp", 784, 10).inputShape());
  }

  @Test
  void probabilisticModelsAreTheCrossEntropyOnes() {
    assertTrue(Models.create("softmax", 3, 3).probabilistic());
    assertTrue(Models.create("logistic", 3, 2).probabilistic());
    assertTrue(Models.create("mlp", 3, 3).probabilistic());
    assertFalse(Models.create("svm", 3, 2).probabilistic());
    assertFalse(Models.create("linear", 3, 1).probabilistic());
  }

  @Test
  void linearRegressionScoresAreItsValues() {
    LinearRegression m = new LinearRegression(2);
    double[] theta = {2, -1, 0.5};
    Batch b = new Batch(new double[] {1, 1, 9, 3, 2, 9}, new int[2], 2, 3);
    assertArrayEquals(new double[] {1.5, 4.5}, m.scores(theta, b));
  }

  @Test
  void theDefaultIsTheIndicatorOfThePredictedClass() {
    Model m = Models.create("softmax", 3, 3);
    Model plain =
        new Model() {
          @Override
          public String name() {
            return "plain";
          }

          @Override
          public int dimension() {
            return m.dimension();
          }

          @Override
          public int inputDim() {
            return 3;
          }

          @Override
          public int numClasses() {
            return 3;
          }

          @Override
          public double[] init(long seed) {
            return m.init(seed);
          }

          @Override
          public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
            return m.lossAndGradient(theta, batch, grad);
          }

          @Override
          public double loss(double[] theta, Batch batch) {
            return m.loss(theta, batch);
          }

          @Override
          public int[] predict(double[] theta, Batch batch) {
            return new int[] {2, 0};
          }
        };
    assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, plain.scores(new double[0], batch(2, 3, 1)));
  }
}
