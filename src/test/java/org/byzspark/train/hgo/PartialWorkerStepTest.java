package org.byzspark.train.hgo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.byzspark.data.DataBlock;
import org.byzspark.model.Batch;
import org.byzspark.model.LogisticRegression;
import org.byzspark.train.WorkerState;
import org.junit.jupiter.api.Test;

class PartialWorkerStepTest {
  static DataBlock block(int rows, int p, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[rows * p];
    int[] y = new int[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble(-1, 1);
    }
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(2);
    }
    return new DataBlock(x, y, p);
  }

  @Test
  void momentumMovesOnlyOnTheComputedCoordinates() {
    LogisticRegression model = new LogisticRegression(3);
    DataBlock data = block(5, 3, 1); // 5 rows ≤ s = 8: the batch is the whole block
    double[] theta = {0.3, -0.2, 0.1, 0.05};
    double beta = 0.5;
    PartialWorkerStep step =
        new PartialWorkerStep(model, new int[] {8}, 0, Double.POSITIVE_INFINITY, beta, 9);
    double[] prevM = {1, 2, 3, 4};
    WorkerState prev = new WorkerState(0, 1, prevM, Double.NaN);
    WorkerState next =
        step.apply(data, theta, prev, 2, new int[] {0, 2}, IntUnaryOperator.identity());
    double[] g = new double[4];
    Batch all = data.slice(0, 5);
    double loss = model.lossAndGradient(theta, all, g);
    assertEquals(loss, next.batchLoss(), 1e-15);
    double[] m = next.momentum();
    assertEquals(beta * 1 + (1 - beta) * g[0], m[0], 1e-15);
    assertEquals(2, m[1]);
    assertEquals(beta * 3 + (1 - beta) * g[2], m[2], 1e-15);
    assertEquals(4, m[3]);
    assertArrayEquals(new double[] {1, 2, 3, 4}, prevM, "the previous state is never written");
    WorkerState idle = step.apply(data, theta, prev, 2, null, IntUnaryOperator.identity());
    assertSame(prevM, idle.momentum());
    assertTrue(Double.isNaN(idle.batchLoss()));
    // β = 0 and every coordinate: the message is the gradient itself (HGO's setting)
    PartialWorkerStep plain =
        new PartialWorkerStep(model, new int[] {8}, 0, Double.POSITIVE_INFINITY, 0, 9);
    WorkerState first =
        plain.apply(
            data,
            theta,
            WorkerState.initial(0),
            1,
            new int[] {0, 1, 2, 3},
            IntUnaryOperator.identity());
    assertArrayEquals(g, first.momentum(), 1e-15);
  }

  @Test
  void gradientSumOverChunksEqualsTheFullBatchGradientTimesRows() {
    LogisticRegression model = new LogisticRegression(4);
    DataBlock data = block(1300, 4, 2); // three chunks of at most 512 rows
    double[] theta = {0.1, -0.4, 0.2, 0.3, -0.1};
    double[] sum = GradientNorm.sum(data, theta, model);
    double[] g = new double[5];
    model.lossAndGradient(theta, data.slice(0, 1300), g);
    assertEquals(1300, sum[5]);
    for (int i = 0; i < 5; i++) {
      assertEquals(g[i] * 1300, sum[i], 1e-9);
    }
  }
}
