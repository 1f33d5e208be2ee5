package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.byzspark.data.DataBlock;
import org.byzspark.model.Batch;
import org.byzspark.model.SoftmaxRegression;
import org.byzspark.util.Seeds;
import org.junit.jupiter.api.Test;

/** FedAvg's local steps in the worker step: the pseudo-gradient and K = 1 = the one-step worker. */
class LocalStepsTest {
  private static final IntUnaryOperator ID = IntUnaryOperator.identity();

  /** 300 rows of 4 features in 3 classes, deterministic. */
  static DataBlock block() {
    int rows = 300;
    float[] x = new float[rows * 4];
    int[] y = new int[rows];
    java.util.SplittableRandom r = new java.util.SplittableRandom(42);
    for (int i = 0; i < rows; i++) {
      y[i] = i % 3;
      for (int j = 0; j < 4; j++) {
        x[4 * i + j] = (float) (r.nextGaussian() + (j == y[i] ? 2 : 0));
      }
    }
    return new DataBlock(x, y, 4);
  }

  @Test
  void twoLocalStepsByHand() {
    // Quadratic loss ½‖θ − x‖², θ = (1, 2), x = (3, 6), η = 0.5, no decay, no clipping, β = 0:
    // g0 = θ − x = (−2, −4); θ1 = θ − 0.5·g0 = (2, 4); g1 = θ1 − x = (−1, −2);
    // pseudo-gradient = (g0 + g1)/2 = (−1.5, −3) = (θ − θ2)/(η·2) with θ2 = θ1 − 0.5·g1 = (2.5, 5)
    WorkerStep step =
        new WorkerStep(new WorkerStepTest.Quadratic(2), 1, 0, Double.POSITIVE_INFINITY, 0, 7)
            .withLocalSteps(2, 0.5);
    DataBlock one = new DataBlock(new float[] {3, 6}, new int[] {0}, 2);
    WorkerState s = step.apply(one, new double[] {1, 2}, WorkerState.initial(0), 1, ID);
    assertArrayEquals(new double[] {-1.5, -3}, s.momentum(), 1e-15);
    // losses ½(4 + 16) = 10 and ½(1 + 4) = 2.5: the mean 6.25
    assertEquals(6.25, s.batchLoss(), 1e-15);
  }

  /** The worker step as it was before local steps, written out: the K = 1 reference. */
  private static double[] oneStepReference(
      SoftmaxRegression model,
      WorkerStep plain,
      DataBlock data,
      double[] theta,
      double[] prev,
      double wd,
      double clip,
      double beta,
      long seed,
      long t,
      int worker,
      int[] mask) {
    double[] g = new double[theta.length];
    model.lossAndGradient(
        theta,
        plain.batch(data, t, worker, ID),
        g,
        Seeds.derive(seed, Seeds.Purpose.DROPOUT, t, worker));
    for (int i = 0; i < g.length; i++) {
      g[i] += wd * theta[i];
    }
    WorkerStep.clipInPlace(g, clip);
    double[] m = prev == null ? new double[theta.length] : prev.clone();
    if (mask == null) {
      for (int i = 0; i < g.length; i++) {
        m[i] = (prev == null ? 0.0 : beta * prev[i]) + (1.0 - beta) * g[i];
      }
    } else {
      for (int j : mask) {
        m[j] = beta * m[j] + (1.0 - beta) * g[j];
      }
    }
    return m;
  }

  @Test
  void oneLocalStepIsBitIdenticalToTheOneStepWorker() {
    SoftmaxRegression model = new SoftmaxRegression(4, 3);
    DataBlock data = block();
    double[] theta = new double[model.dimension()];
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < theta.length; i++) {
      theta[i] = r.nextGaussian();
    }
    double[] prev = new double[theta.length];
    for (int i = 0; i < prev.length; i++) {
      prev[i] = r.nextGaussian() * 0.1;
    }
    for (double beta : new double[] {0, 0.9, 0.99}) {
      for (double clip : new double[] {Double.POSITIVE_INFINITY, 0.5}) {
        WorkerStep plain = new WorkerStep(model, 16, 1e-4, clip, beta, 11);
        WorkerStep k1 = plain.withLocalSteps(1, 0.3);
        for (int[] mask : new int[][] {null, {0, 3, 7}}) {
          WorkerState got =
              k1.apply(data, theta, new WorkerState(2, 4, prev, 0), 5, true, mask, ID);
          double[] want =
              oneStepReference(model, plain, data, theta, prev, 1e-4, clip, beta, 11, 5, 2, mask);
          assertArrayEquals(want, got.momentum(), 0.0, "beta " + beta + " clip " + clip);
          WorkerState fromZero = k1.apply(data, theta, WorkerState.initial(2), 5, ID);
          assertArrayEquals(
              oneStepReference(model, plain, data, theta, null, 1e-4, clip, beta, 11, 5, 2, null),
              fromZero.momentum(),
              0.0);
        }
      }
    }
  }

  @Test
  void pseudoGradientIsTheParameterChangeOverLocalLrTimesK() {
    SoftmaxRegression model = new SoftmaxRegression(4, 3);
    DataBlock data = block();
    double eta = 0.2;
    int k = 5;
    double wd = 1e-3;
    WorkerStep step = new WorkerStep(model, 8, wd, 1.0, 0, 9).withLocalSteps(k, eta);
    double[] theta = new double[model.dimension()];
    WorkerState s = step.apply(data, theta, WorkerState.initial(1), 3, ID);
    // θ_K by plain local SGD on the batches the step draws (batch k of (seed, t, worker, k))
    double[] at = theta.clone();
    java.util.Set<String> batches = new java.util.HashSet<>();
    for (int j = 0; j < k; j++) {
      Batch b = step.batch(data, 3, 1, j, ID);
      batches.add(Arrays.toString(b.x()));
      double[] g = new double[at.length];
      model.lossAndGradient(at, b, g);
      for (int i = 0; i < g.length; i++) {
        g[i] += wd * at[i];
      }
      WorkerStep.clipInPlace(g, 1.0);
      for (int i = 0; i < at.length; i++) {
        at[i] -= eta * g[i];
      }
    }
    assertEquals(k, batches.size(), "each local step draws its own batch");
    double[] want = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      want[i] = (theta[i] - at[i]) / (eta * k);
    }
    // the mean of the gradients and the parameter change divided by η·K round differently
    assertArrayEquals(want, s.momentum(), 1e-12);
    assertFalse(
        Arrays.equals(
            s.momentum(),
            new WorkerStep(model, 8, wd, 1.0, 0, 9)
                .apply(data, theta, WorkerState.initial(1), 3, ID)
                .momentum()));
    // a re-executed task gives the same bits
    assertArrayEquals(
        s.momentum(), step.apply(data, theta, WorkerState.initial(1), 3, ID).momentum(), 0.0);
  }

  @Test
  void badLocalStepsAreRefused() {
    WorkerStep plain = new WorkerStep(new SoftmaxRegression(4, 3), 8, 0, 1, 0, 1);
    assertEquals(
        "--local-steps: 0 is not allowed; allowed: >= 1",
        assertThrows(IllegalArgumentException.class, () -> plain.withLocalSteps(0, 0.1))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> plain.withLocalSteps(2, 0));
  }
}
