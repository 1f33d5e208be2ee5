package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.function.IntUnaryOperator;
import org.byzspark.data.DataBlock;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.model.SoftmaxRegression;
import org.junit.jupiter.api.Test;

class WorkerStepTest {
  /** loss = ½‖θ − x̄‖² over the batch rows, so ∇ = θ − x̄: easy to compute by hand. */
  static final class Quadratic implements Model {
    private final int p;

    Quadratic(int p) {
      this.p = p;
    }

    public String name() {
      return "quadratic";
    }

    public int dimension() {
      return p;
    }

    public int inputDim() {
      return p;
    }

    public int numClasses() {
      return 2;
    }

    public double[] init(long seed) {
      return new double[p];
    }

    public double lossAndGradient(double[] theta, Batch b, double[] grad) {
      double loss = 0;
      for (int j = 0; j < p; j++) {
        double mean = 0;
        for (int r = 0; r < b.rows(); r++) {
          mean += b.x()[r * p + j];
        }
        mean /= b.rows();
        grad[j] = theta[j] - mean;
        loss += 0.5 * grad[j] * grad[j];
      }
      return loss;
    }

    public double loss(double[] theta, Batch b) {
      return lossAndGradient(theta, b, new double[p]);
    }

    public int[] predict(double[] theta, Batch b) {
      return new int[b.rows()];
    }
  }

  private static DataBlock oneRow(float... x) {
    return new DataBlock(x, new int[] {0}, x.length);
  }

  @Test
  void momentumFollowsResamEquationFiveWithWeightDecay() {
    // θ = (1, 2), the only row x = (3, 6): g = θ − x = (−2, −4); wd·θ = 0.1·(1, 2) = (0.1, 0.2)
    // → g = (−1.9, −3.8), ‖g‖ = 4.2485 < C = 10: no clipping.
    // m_1 = β·0 + (1−β)·g with β = 0.9 → (−0.19, −0.38)
    WorkerStep step = new WorkerStep(new Quadratic(2), 1, 0.1, 10, 0.9, 7);
    WorkerState s1 =
        step.apply(
            oneRow(3, 6),
            new double[] {1, 2},
            WorkerState.initial(4),
            1,
            IntUnaryOperator.identity());
    assertEquals(4, s1.worker());
    assertEquals(1, s1.step());
    assertArrayEquals(new double[] {-0.19, -0.38}, s1.momentum(), 1e-12);
    // m_2 = 0.9·(−0.19, −0.38) + 0.1·(−1.9, −3.8) = (−0.361, −0.722)
    WorkerState s2 =
        step.apply(oneRow(3, 6), new double[] {1, 2}, s1, 2, IntUnaryOperator.identity());
    assertArrayEquals(new double[] {-0.361, -0.722}, s2.momentum(), 1e-12);
    // the previous state is untouched (cached partitions may be re-read)
    assertArrayEquals(new double[] {-0.19, -0.38}, s1.momentum(), 1e-12);
  }

  @Test
  void gradientIsClippedToNormC() {
    // θ = 0, x = (3, 4): g = (−3, −4), ‖g‖ = 5 > C = 1 → g = (−0.6, −0.8); β = 0 → m = g
    WorkerStep step = new WorkerStep(new Quadratic(2), 1, 0, 1, 0, 7);
    WorkerState s =
        step.apply(
            oneRow(3, 4), new double[2], WorkerState.initial(0), 1, IntUnaryOperator.identity());
    assertArrayEquals(new double[] {-0.6, -0.8}, s.momentum(), 1e-12);
    // C = +∞ disables clipping
    WorkerStep off = new WorkerStep(new Quadratic(2), 1, 0, Double.POSITIVE_INFINITY, 0, 7);
    WorkerState t =
        off.apply(
            oneRow(3, 4), new double[2], WorkerState.initial(0), 1, IntUnaryOperator.identity());
    assertArrayEquals(new double[] {-3, -4}, t.momentum(), 1e-12);
  }

  @Test
  void batchesDependOnlyOnSeedStepAndWorker() {
    float[] x = new float[200 * 3];
    int[] y = new int[200];
    for (int i = 0; i < 200; i++) {
      x[3 * i] = i;
      y[i] = i % 10;
    }
    DataBlock block = new DataBlock(x, y, 3);
    WorkerStep a = new WorkerStep(new SoftmaxRegression(3, 10), 16, 0, 2, 0.9, 1);
    WorkerStep b = new WorkerStep(new SoftmaxRegression(3, 10), 16, 0, 2, 0.9, 1);
    Batch b1 = a.batch(block, 5, 2, IntUnaryOperator.identity());
    assertArrayEquals(b1.x(), b.batch(block, 5, 2, IntUnaryOperator.identity()).x());
    assertNotEquals(
        java.util.Arrays.toString(b1.x()),
        java.util.Arrays.toString(a.batch(block, 6, 2, IntUnaryOperator.identity()).x()));
    assertNotEquals(
        java.util.Arrays.toString(b1.x()),
        java.util.Arrays.toString(a.batch(block, 5, 3, IntUnaryOperator.identity()).x()));
    // 16 distinct rows (the first feature of row i is i)
    assertEquals(16, distinctRows(b1));
  }

  private static long distinctRows(Batch b) {
    java.util.Set<Double> firsts = new java.util.HashSet<>();
    for (int r = 0; r < b.rows(); r++) {
      firsts.add(b.x()[r * b.inputDim()]);
    }
    return firsts.size();
  }

  @Test
  void poisonedLabelsReachTheBatch() {
    DataBlock block = new DataBlock(new float[] {1, 2}, new int[] {2, 7}, 1);
    WorkerStep s = new WorkerStep(new SoftmaxRegression(1, 10), 2, 0, 2, 0.9, 1);
    Batch b = s.batch(block, 1, 0, l -> 9 - l);
    int[] sorted = b.y().clone();
    java.util.Arrays.sort(sorted);
    assertArrayEquals(new int[] {2, 7}, sorted); // 9−2 = 7 and 9−7 = 2
    assertNull(WorkerState.initial(0).momentum());
  }

  @Test
  void flipAugmentationIsSeededPerStepAndWorker() {
    // rows of 1×1×3 "images" (i, 0, −i): a flip reverses them to (−i, 0, i)
    float[] x = new float[100 * 3];
    int[] y = new int[100];
    for (int i = 0; i < 100; i++) {
      x[3 * i] = i + 1;
      x[3 * i + 2] = -(i + 1);
    }
    DataBlock block = new DataBlock(x, y, 3);
    WorkerStep plain = new WorkerStep(new SoftmaxRegression(3, 10), 40, 0, 2, 0.9, 1);
    WorkerStep flip = plain.withAugmentation(new org.byzspark.data.HorizontalFlip(1, 1, 3));
    Batch p = plain.batch(block, 4, 1, IntUnaryOperator.identity());
    Batch f = flip.batch(block, 4, 1, IntUnaryOperator.identity());
    assertArrayEquals(f.x(), flip.batch(block, 4, 1, IntUnaryOperator.identity()).x());
    java.util.SplittableRandom coins =
        org.byzspark.util.Seeds.rng(1, org.byzspark.util.Seeds.Purpose.AUGMENT, 4, 1);
    int flipped = 0;
    for (int r = 0; r < 40; r++) {
      boolean coin = coins.nextBoolean();
      // same rows as without augmentation, mirrored exactly where the worker's coin says so
      assertEquals(coin ? -p.x()[3 * r] : p.x()[3 * r], f.x()[3 * r], 0.0);
      assertEquals(coin ? -p.x()[3 * r + 2] : p.x()[3 * r + 2], f.x()[3 * r + 2], 0.0);
      flipped += coin ? 1 : 0;
    }
    org.junit.jupiter.api.Assertions.assertTrue(flipped > 5 && flipped < 35, "flipped " + flipped);
  }
}
