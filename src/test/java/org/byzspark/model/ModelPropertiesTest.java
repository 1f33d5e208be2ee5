package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks and loss consistency over random small shapes, batches and parameters. */
class ModelPropertiesTest {
  @Property(tries = 60)
  void softmaxGradientIsExact(
      @ForAll @IntRange(min = 1, max = 6) int p,
      @ForAll @IntRange(min = 2, max = 5) int classes,
      @ForAll @IntRange(min = 1, max = 7) int rows,
      @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Model m = new SoftmaxRegression(p, classes);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 1);
    Batch b = Ref.randomBatch(rnd, rows, p, classes);
    check(m, theta, b);
  }

  @Property(tries = 60)
  void logisticGradientIsExact(
      @ForAll @IntRange(min = 1, max = 8) int p,
      @ForAll @IntRange(min = 1, max = 7) int rows,
      @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Model m = new LogisticRegression(p);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 1);
    Batch b = Ref.randomBatch(rnd, rows, p, 2);
    check(m, theta, b);
  }

  @Property(tries = 60)
  void mlpGradientIsExact(
      @ForAll @IntRange(min = 1, max = 6) int p,
      @ForAll @IntRange(min = 1, max = 6) int hidden,
      @ForAll @IntRange(min = 2, max = 5) int classes,
      @ForAll @IntRange(min = 1, max = 6) int rows,
      @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Model m = new Mlp(p, hidden, classes);
    double[] theta = Ref.randomTheta(rnd, m.dimension(), 1);
    Batch b = MlpTest.batchAwayFromKinks(rnd, theta, rows, p, hidden, classes, 1e-3);
    check(m, theta, b);
  }

  private static void check(Model m, double[] theta, Batch b) {
    double[] grad = new double[m.dimension()];
    assertEquals(m.loss(theta, b), m.lossAndGradient(theta, b, grad), 1e-13);
    double worst = Ref.gradientCheck(m, theta, b, Ref.allCoords(m.dimension()), 1e-5, 1e-6, 1e-9);
    assertTrue(worst <= 1, m + ": finite-difference mismatch ratio " + worst);
  }
}
