package org.byzspark.train.hgo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.byzspark.data.DataBlock;
import org.byzspark.model.Batch;
import org.byzspark.model.CifarCnn;
import org.byzspark.model.LogisticRegression;
import org.byzspark.train.WorkerState;
import org.byzspark.train.WorkerStep;
import org.byzspark.util.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The worker update on a coordinate mask (HGO's partial gradients), a worker that is not contacted,
 * seeded dropout per (step, worker), and the chunked full gradient of {@link GradientNorm}.
 */
class MaskedWorkerStepTest {
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
    WorkerStep step = new WorkerStep(model, new int[] {8}, 0, Double.POSITIVE_INFINITY, beta, 9);
    double[] prevM = {1, 2, 3, 4};
    WorkerState prev = new WorkerState(0, 1, prevM, Double.NaN);
    WorkerState next =
        step.apply(data, theta, prev, 2, true, new int[] {0, 2}, IntUnaryOperator.identity());
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
    WorkerState idle = step.apply(data, theta, prev, 2, false, null, IntUnaryOperator.identity());
    assertSame(prevM, idle.momentum());
    assertTrue(Double.isNaN(idle.batchLoss()));
    // β = 0 and every coordinate: the message is the gradient itself (HGO's setting)
    WorkerStep plain = new WorkerStep(model, new int[] {8}, 0, Double.POSITIVE_INFINITY, 0, 9);
    WorkerState first =
        plain.apply(
            data,
            theta,
            WorkerState.initial(0),
            1,
            true,
            new int[] {0, 1, 2, 3},
            IntUnaryOperator.identity());
    assertArrayEquals(g, first.momentum(), 1e-15);
    // a mask of every coordinate gives the bits of the whole-vector step, from any state
    WorkerState whole = step.apply(data, theta, prev, 2, IntUnaryOperator.identity());
    WorkerState masked =
        step.apply(data, theta, prev, 2, true, new int[] {3, 1, 0, 2}, IntUnaryOperator.identity());
    assertArrayEquals(whole.momentum(), masked.momentum(), 0.0);
    assertEquals(whole.batchLoss(), masked.batchLoss(), 0.0);
    // contacted with an empty mask (SGD past its deadline): a loss, the momentum unchanged
    WorkerState late = step.apply(data, theta, prev, 2, true, new int[0], x -> x);
    assertEquals(loss, late.batchLoss(), 1e-15);
    assertArrayEquals(prevM, late.momentum(), 0.0);
  }

  @Test
  void gradientSumOverChunksEqualsTheFullBatchGradientTimesRows() {
    LogisticRegression model = new LogisticRegression(4);
    DataBlock data = block(1300, 4, 2); // three chunks of at most 512 rows
    double[] theta = {0.1, -0.4, 0.2, 0.3, -0.1};
    double[] sum = GradientNorm.sum(data, theta, model, 5);
    double[] g = new double[5];
    model.lossAndGradient(theta, data.slice(0, 1300), g);
    assertEquals(1300, sum[5]);
    for (int i = 0; i < 5; i++) {
      assertEquals(g[i] * 1300, sum[i], 1e-9);
    }
  }

  /** A small CIFAR-shaped block (3×8×8 images) for the dropout model. */
  static DataBlock imageBlock(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int p = 3 * 8 * 8;
    float[] x = new float[rows * p];
    int[] y = new int[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble(-1, 1);
    }
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(3);
    }
    return new DataBlock(x, y, p);
  }

  @Test
  void dropoutMasksAreSeededPerStepAndWorker() {
    CifarCnn model = new CifarCnn(8, 3, 2, 3, 4, 3); // dropout after both blocks and fc1
    DataBlock data = imageBlock(6, 3); // 6 rows ≤ s = 8: the batch is the whole block
    double[] theta = model.init(4);
    int d = model.dimension();
    int[] all = new int[d];
    for (int j = 0; j < d; j++) {
      all[j] = j;
    }
    long seed = 11;
    WorkerStep step = new WorkerStep(model, new int[] {8, 8}, 0, Double.POSITIVE_INFINITY, 0, seed);
    Batch batch = data.slice(0, 6);
    for (int worker = 0; worker < 2; worker++) {
      for (long t = 1; t <= 2; t++) {
        WorkerState s = step.apply(data, theta, WorkerState.initial(worker), t, true, all, x -> x);
        double[] g = new double[d];
        double loss =
            model.lossAndGradient(
                theta, batch, g, Seeds.derive(seed, Seeds.Purpose.DROPOUT, t, worker));
        assertEquals(loss, s.batchLoss(), "worker " + worker + " step " + t);
        assertArrayEquals(g, s.momentum(), "β = 0: the message is the seeded gradient");
      }
    }
    // the masks differ between steps and between workers (the seedless call would repeat them)
    double[] a = step.apply(data, theta, WorkerState.initial(0), 1, true, all, x -> x).momentum();
    double[] b = step.apply(data, theta, WorkerState.initial(0), 2, true, all, x -> x).momentum();
    double[] c = step.apply(data, theta, WorkerState.initial(1), 1, true, all, x -> x).momentum();
    assertFalse(java.util.Arrays.equals(a, b));
    assertFalse(java.util.Arrays.equals(a, c));
  }

  @Test
  void gradientNormChunksDrawTheirOwnSeededMasks() {
    CifarCnn model = new CifarCnn(8, 3, 2, 3, 4, 3);
    DataBlock data = imageBlock(600, 5); // chunks of 512 and 88 rows
    double[] theta = model.init(6);
    int d = model.dimension();
    long noise = GradientNorm.noiseSeed(11, 50, 2, 0);
    double[] sum = GradientNorm.sum(data, theta, model, noise);
    double[] expect = new double[d];
    double[] g = new double[d];
    int[][] chunks = {{0, 512}, {512, 600}};
    for (int c = 0; c < 2; c++) {
      int from = chunks[c][0];
      int to = chunks[c][1];
      model.lossAndGradient(
          theta, data.slice(from, to), g, Seeds.derive(noise, Seeds.Purpose.DROPOUT, c));
      for (int i = 0; i < d; i++) {
        expect[i] += g[i] * (to - from);
      }
    }
    for (int i = 0; i < d; i++) {
      assertEquals(expect[i], sum[i], 0.0, "coordinate " + i);
    }
    assertEquals(600, sum[d]);
    assertArrayEquals(sum, GradientNorm.sum(data, theta, model, noise), "same seed, same bits");
    assertFalse(
        java.util.Arrays.equals(
            sum, GradientNorm.sum(data, theta, model, GradientNorm.noiseSeed(11, 51, 2, 0))),
        "another evaluation step draws other masks");
    assertFalse(
        GradientNorm.noiseSeed(11, 50, 2, 0) == Seeds.derive(11, Seeds.Purpose.DROPOUT, 50, 2),
        "not the stream of worker 2's training masks at that step");
  }
}
