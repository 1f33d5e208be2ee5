package org.byzspark.aggregation;

import static org.byzspark.aggregation.CoordTestSupport.assertClose;
import static org.byzspark.aggregation.CoordTestSupport.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vectorised (sorting-network) path of the coordinate-wise rules against the naive full-sort
 * reference and against the exact per-coordinate path ({@link CoordinateReducer#reduce}), on inputs
 * wide enough to fill several lane blocks.
 */
class CoordinateWiseFastPathTest {
  private static final Round R = Round.offline(3);

  private static int randomN(SplittableRandom r) {
    return r.nextInt(5) == 0 ? 90 + r.nextInt(21) : 1 + r.nextInt(40);
  }

  /** The exact path, one coordinate at a time, on the column in worker order. */
  private static double[] exact(CoordinateWiseRule rule, double[][] x, int f) {
    int n = x.length;
    CoordinateReducer reducer = rule.reducer(n, f);
    CoordinateReducer.Workspace ws = new CoordinateReducer.Workspace(n);
    double[] out = new double[x[0].length];
    for (int k = 0; k < out.length; k++) {
      out[k] = reducer.reduce(CoordTestSupport.column(x, k), 0, n, ws);
    }
    return out;
  }

  /**
   * Small integers (many exact ties, including mirror ties around the median for meamed): every sum
   * is exact, so any difference in the kept value set changes the bits.
   */
  @ParameterizedTest
  @ValueSource(strings = {"cwtm", "cwmed", "meamed"})
  void tiesKeepTheExactValueSet(String name) {
    SplittableRandom r = new SplittableRandom(17);
    CoordinateWiseRule rule = (CoordinateWiseRule) rule(name);
    for (int trial = 0; trial < 300; trial++) {
      int n = randomN(r);
      int f = r.nextInt((n + 1) / 2);
      int d = 1 + r.nextInt(1500);
      int range = 1 + r.nextInt(9);
      double[][] x = new double[n][d];
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          row[k] = r.nextInt(range) - range / 2;
        }
      }
      double[] out = rule.aggregate(x, f, R);
      double[] ex = exact(rule, x, f);
      for (int k = 0; k < d; k++) {
        assertEquals(ex[k], out[k], 0, name + " n=" + n + " f=" + f + " k=" + k);
      }
      if (trial % 10 == 0) {
        assertClose(CoordTestSupport.reference(name, x, f), out, 1e-12, name + " n=" + n);
      }
    }
  }

  /** Gaussian, scaled and huge values, with non-finite values in some coordinates of a block. */
  @ParameterizedTest
  @ValueSource(strings = {"cwtm", "cwmed", "meamed"})
  void mixedFiniteAndNonFiniteBlocksMatchReference(String name) {
    SplittableRandom r = new SplittableRandom(29);
    Aggregator rule = rule(name);
    for (int trial = 0; trial < 150; trial++) {
      int n = randomN(r);
      int f = r.nextInt((n + 1) / 2);
      int d = 1 + r.nextInt(1200);
      double scale = Math.pow(10, r.nextInt(13) - 6);
      double[][] x = CoordTestSupport.gaussian(r, n, d, scale, scale * (r.nextInt(5) - 2));
      int kind = r.nextInt(4);
      for (int k = 0; k < d; k++) {
        if (kind == 0 || r.nextInt(8) != 0) {
          continue;
        }
        for (int c = 1 + r.nextInt(Math.max(1, f + 1)); c > 0; c--) {
          int i = r.nextInt(n);
          x[i][k] =
              switch (r.nextInt(5)) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> Double.NEGATIVE_INFINITY;
                case 3 -> r.nextBoolean() ? 1e308 : -1e308;
                default -> -0.0;
              };
        }
      }
      double[] out = rule.aggregate(x, f, R);
      double[] ref = CoordTestSupport.reference(name, x, f);
      for (int k = 0; k < d; k++) {
        // summation order differs from the reference's: allow rounding relative to the inputs'
        // scale (cancellation), not only to the result's
        double tol = 1e-12 * Math.max(Math.max(1, Math.abs(ref[k])), 10 * scale);
        assertTrue(
            CoordTestSupport.close(ref[k], out[k], tol),
            name + " n=" + n + " f=" + f + " k=" + k + ": " + ref[k] + " vs " + out[k]);
      }
      // lanes with a non-finite input take the exact path: same bits as reduce()
      double[] ex = exact((CoordinateWiseRule) rule, x, f);
      for (int k = 0; k < d; k++) {
        boolean finite = true;
        for (double[] row : x) {
          finite &= Double.isFinite(row[k]);
        }
        if (!finite) {
          assertEquals(
              Double.doubleToRawLongBits(ex[k]), Double.doubleToRawLongBits(out[k]), "k=" + k);
        }
      }
    }
  }

  /**
   * The Vector API network (order keys, integer min/max, groups of 32 lanes) and the double lane
   * loops give the same bits on every coordinate: Gaussian values with ties, signed zeros, ±Inf,
   * NaN and huge values, ranges that start anywhere and end in a partial group. Aksel's median is
   * the cwmed reducer with f = 0.
   */
  @ParameterizedTest
  @ValueSource(strings = {"cwtm", "cwmed", "meamed"})
  void vectorAndDoubleNetworksGiveTheSameBits(String name) {
    SplittableRandom r = new SplittableRandom(41);
    CoordinateWiseRule rule = (CoordinateWiseRule) rule(name);
    for (int trial = 0; trial < 120; trial++) {
      int n = trial < 8 ? new int[] {1, 2, 3, 4, 15, 25, 64, 100}[trial] : randomN(r);
      int f = r.nextInt((n + 1) / 2);
      int d = 1 + r.nextInt(700);
      double[][] x = CoordTestSupport.gaussian(r, n, d, 1, 0);
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          switch (r.nextInt(40)) {
            case 0 -> row[k] = 0.0;
            case 1 -> row[k] = -0.0;
            case 2 -> row[k] = Math.rint(row[k]); // ties
            case 3 -> row[k] = r.nextInt(60) == 0 ? Double.NaN : row[k];
            case 4 -> row[k] = r.nextInt(60) == 0 ? Double.NEGATIVE_INFINITY : row[k];
            case 5 -> row[k] = r.nextInt(60) == 0 ? 1e308 : row[k];
            default -> {}
          }
        }
      }
      CoordinateReducer reducer = rule.reducer(n, f);
      int[] net = reducer.cachedNetwork(n);
      if (net == null) {
        continue;
      }
      int from = r.nextInt(d);
      double[] vec = new double[d];
      double[] dbl = new double[d];
      int width = CoordinateKernel.laneWidth(n);
      CoordinateKernel.applyRange(reducer, net, x, from, d, width, vec, true);
      CoordinateKernel.applyRange(reducer, net, x, from, d, width, dbl, false);
      for (int k = from; k < d; k++) {
        assertEquals(
            Double.doubleToRawLongBits(dbl[k]),
            Double.doubleToRawLongBits(vec[k]),
            name + " n=" + n + " f=" + f + " k=" + k);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cwtm", "cwmed", "meamed"})
  void sameBitsWithOneOrFourThreadsLargeN(String name) throws Exception {
    SplittableRandom r = new SplittableRandom(8);
    for (int n : new int[] {2, 16, 25, 100}) {
      int d = 7_001;
      double[][] x = CoordTestSupport.gaussian(r, n, d, 1, 0.25);
      x[n - 1][123] = Double.NaN;
      int f = (n - 1) / 4;
      Aggregator a = rule(name);
      double[] seq = a.aggregate(x, f, R);
      ForkJoinPool one = new ForkJoinPool(1);
      ForkJoinPool four = new ForkJoinPool(4);
      try {
        double[] o1 = one.submit(() -> a.aggregate(x, f, R)).get();
        double[] o4 = four.submit(() -> a.aggregate(x, f, R)).get();
        double[] again = a.aggregate(x, f, R);
        for (int k = 0; k < d; k++) {
          long bits = Double.doubleToRawLongBits(seq[k]);
          assertEquals(bits, Double.doubleToRawLongBits(o1[k]), "k=" + k);
          assertEquals(bits, Double.doubleToRawLongBits(o4[k]), "k=" + k);
          assertEquals(bits, Double.doubleToRawLongBits(again[k]), "k=" + k);
        }
      } finally {
        one.shutdown();
        four.shutdown();
      }
      assertClose(CoordTestSupport.reference(name, x, f), seq, 1e-12, name + " n=" + n);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8, 15, 16, 17, 25, 32, 33, 64, 100, 128})
  void networksSortEveryZeroOnePattern(int n) {
    int[] net = SortNet.oddEvenMergeSort(n);
    SplittableRandom r = new SplittableRandom(n);
    int trials = n <= 16 ? 1 << n : 20_000;
    for (int t = 0; t < trials; t++) {
      double[][] v = new double[n][1];
      for (int i = 0; i < n; i++) {
        v[i][0] = n <= 16 ? (t >> i & 1) : r.nextInt(2);
      }
      SortNet.apply(net, v, 1);
      for (int i = 1; i < n; i++) {
        assertTrue(v[i - 1][0] <= v[i][0], "n=" + n + " pattern " + t);
      }
    }
  }

  /** aksel's blocked median (network on finite lanes) has the bits of CoordinateSelect.median. */
  @org.junit.jupiter.api.Test
  void medianReducerMatchesSelection() {
    SplittableRandom r = new SplittableRandom(41);
    for (int trial = 0; trial < 200; trial++) {
      int n = randomN(r);
      int d = 1 + r.nextInt(600);
      boolean ints = r.nextBoolean();
      double[][] x = new double[n][d];
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          int c = r.nextInt(60);
          row[k] =
              c == 0
                  ? Double.NaN
                  : c == 1
                      ? Double.POSITIVE_INFINITY
                      : c == 2
                          ? -0.0
                          : c == 3
                              ? 1e308 * (r.nextBoolean() ? 1 : -1)
                              : ints ? r.nextInt(5) - 2 : CoordTestSupport.gaussian(r) * 1e3;
        }
      }
      // the median Aksel, gm and cwmed use: network path on finite lanes, selection elsewhere
      double[] med = VectorSet.of(x).coordinateWise(new CoordinateWiseMedian.Reducer(0)).toArray();
      for (int k = 0; k < d; k++) {
        double[] col = CoordTestSupport.column(x, k);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
          keys[i] = CoordinateSelect.key(col[i]);
        }
        double expected = CoordinateSelect.median(keys, n);
        assertEquals(
            Double.doubleToRawLongBits(expected),
            Double.doubleToRawLongBits(med[k]),
            "n=" + n + " k=" + k + " " + expected + " vs " + med[k]);
      }
    }
  }
}
