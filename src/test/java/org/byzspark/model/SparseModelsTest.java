package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.byzspark.data.DataBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sparse path of the linear models: finite differences, and the same bits as dense. */
class SparseModelsTest {

  /** A block of rows×p values, each non-zero with probability density, stored both ways. */
  static DataBlock[] block(int rows, int p, double density, long seed) {
    return block(rows, p, density, seed, 2);
  }

  static DataBlock[] block(int rows, int p, double density, long seed, int classes) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[rows * p];
    int[] y = new int[rows];
    int[] ptr = new int[rows + 1];
    int nnz = 0;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < p; j++) {
        if (rng.nextDouble() < density) {
          x[r * p + j] = (float) rng.nextDouble(-2, 2);
          nnz++;
        }
      }
      ptr[r + 1] = nnz;
      y[r] = rng.nextInt(classes);
    }
    int[] cols = new int[nnz];
    float[] vals = new float[nnz];
    for (int r = 0, k = 0; r < rows; r++) {
      for (int j = 0; j < p; j++) {
        if (x[r * p + j] != 0) {
          cols[k] = j;
          vals[k++] = x[r * p + j];
        }
      }
    }
    return new DataBlock[] {new DataBlock(x, y, p), DataBlock.sparse(ptr, cols, vals, y, p)};
  }

  @ParameterizedTest(name = "p={0}")
  @ValueSource(ints = {1, 3, 4, 23, 64, 301})
  void sparseAndDenseGiveTheSameBits(int p) {
    for (String name : Models.sparseNames()) {
      sameBits(Models.create(name, p, name.equals("softmax") ? 3 : 2), p);
    }
  }

  private static void sameBits(Model m, int p) {
    DataBlock[] blocks = block(40, p, 0.2, p, m.numClasses());
    double[] theta = m.init(7);
    for (int trial = 0; trial < 3; trial++) {
      Batch dense = blocks[0].sample(17, new SplittableRandom(trial), IntUnaryOperator.identity());
      SparseBatch sparse =
          blocks[1].sampleSparse(17, new SplittableRandom(trial), IntUnaryOperator.identity());
      // the dense block gives the same sparse batch as the sparse block
      SparseBatch fromDense =
          blocks[0].sampleSparse(17, new SplittableRandom(trial), IntUnaryOperator.identity());
      assertArrayEquals(sparse.cols(), fromDense.cols());
      assertArrayEquals(sparse.vals(), fromDense.vals());
      double[] gd = new double[m.dimension()];
      double[] gs = new double[m.dimension()];
      java.util.Arrays.fill(gs, 123.0); // overwritten, never accumulated
      double ld = m.lossAndGradient(theta, dense, gd);
      double ls = m.lossAndGradient(theta, sparse, gs);
      assertEquals(
          Double.doubleToRawLongBits(ld), Double.doubleToRawLongBits(ls), m + " loss bits");
      for (int i = 0; i < gd.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(gd[i]),
            Double.doubleToRawLongBits(gs[i]),
            m + " gradient bits at " + i);
      }
      assertEquals(
          Double.doubleToRawLongBits(m.loss(theta, dense)),
          Double.doubleToRawLongBits(m.loss(theta, sparse)));
      assertArrayEquals(m.predict(theta, dense), m.predict(theta, sparse));
      // a step away from the initialisation, so that the next trial uses other weights
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= 0.7 * gd[i];
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"logistic", "softmax"})
  void sparseGradientMatchesFiniteDifferences(String name) {
    int p = 37;
    Model m = Models.create(name, p, name.equals("softmax") ? 4 : 2);
    DataBlock sparseBlock = block(25, p, 0.15, 11, m.numClasses())[1];
    SparseBatch batch =
        sparseBlock.sampleSparse(25, new SplittableRandom(1), IntUnaryOperator.identity());
    SplittableRandom rng = new SplittableRandom(5);
    double[] theta = new double[m.dimension()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = rng.nextDouble(-1, 1);
    }
    double[] g = new double[m.dimension()];
    m.lossAndGradient(theta, batch, g);
    double h = 1e-6;
    double maxErr = 0;
    for (int i = 0; i < theta.length; i++) {
      double[] tp = theta.clone();
      double[] tm = theta.clone();
      tp[i] += h;
      tm[i] -= h;
      double fd = (m.loss(tp, batch) - m.loss(tm, batch)) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(fd - g[i]));
      assertEquals(fd, g[i], 1e-7 + 1e-6 * Math.abs(fd), "coordinate " + i);
    }
    assertTrue(maxErr < 1e-7, "max |fd - grad| = " + maxErr);
    // columns no row touches have a zero gradient (every class), and some column is touched
    boolean[] seen = new boolean[p];
    for (int c : batch.cols()) {
      seen[c] = true;
    }
    int touched = 0;
    int classes = m.dimension() / (p + 1);
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < p; j++) {
        if (!seen[j]) {
          assertEquals(0.0, g[c * p + j]);
        } else {
          touched++;
        }
      }
    }
    assertTrue(touched > 0);
  }

  @Test
  void handComputedCase() {
    // one row x = (0, 2, 0, 0, -1), w = (.., 0.5, .., .., 1), b = 0.25: z = 1 - 1 + 0.25 = 0.25
    LogisticRegression m = new LogisticRegression(5);
    double[] theta = {9, 0.5, 9, 9, 1, 0.25};
    SparseBatch b =
        new SparseBatch(
            new int[] {0, 2}, new int[] {1, 4}, new double[] {2, -1}, new int[] {1}, 1, 5);
    double[] g = new double[6];
    double loss = m.lossAndGradient(theta, b, g);
    double sigma = 1 / (1 + Math.exp(-0.25));
    assertEquals(Math.log1p(Math.exp(-0.25)), loss, 1e-15);
    assertArrayEquals(new double[] {0, 2 * (sigma - 1), 0, 0, -(sigma - 1), sigma - 1}, g, 1e-15);
  }

  @Test
  void denseModelsRefuseSparseBatchesWithOneLine() {
    SparseBatch b =
        new SparseBatch(new int[] {0, 1}, new int[] {0}, new double[] {1}, new int[] {0}, 1, 4);
    Model mlp = Models.create("mlp", 4, 2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> mlp.lossAndGradient(new double[mlp.dimension()], b, new double[mlp.dimension()]));
    assertEquals(
        "--model: mlp does not take sparse data (the synthetic dataset); allowed: softmax,"
            + " logistic, svm",
        e.getMessage());
    assertTrue(Models.create("logistic", 4, 2).takesSparse());
    for (String name : Models.names()) {
      Model model = Models.create(name, name.equals("cnn") ? 784 : 4, 2);
      assertEquals(Models.sparseNames().contains(name), model.takesSparse(), name);
    }
  }
}
