package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

/** The in-memory algebra's primitives on hand-computed cases, and their fixed summation orders. */
class VectorSetTest {
  private static final double[][] X = {{1, 2}, {3, 4}, {5, 9}};

  @Test
  void combineAndMeanHandComputed() {
    VectorSet x = VectorSet.of(X);
    assertArrayEquals(new double[] {3, 5}, x.mean().toArray(), 0.0);
    assertArrayEquals(new double[] {4, 6.5}, x.mean(new int[] {1, 2}).toArray(), 0.0);
    // (2·(1,2) − 1·(5,9)) / 4 = (−3, −5)/4
    assertArrayEquals(
        new double[] {-0.75, -1.25}, x.combine(new double[] {2, 0, -1}, null, 4).toArray(), 0.0);
    // centred at (1,1): (1·(0,1) + 1·(2,3)) / 2 = (1, 2)
    Point c = x.point(new double[] {1, 1});
    assertArrayEquals(new double[] {1, 2}, x.combine(new double[] {1, 1, 0}, c, 2).toArray(), 0.0);
    assertArrayEquals(new double[] {2, 3}, x.add(c, x.row(0)).toArray(), 0.0);
    // a non-finite row of weight 0 does not poison the sum
    VectorSet y = VectorSet.of(new double[][] {{1, 1}, {Double.NaN, Double.POSITIVE_INFINITY}});
    assertArrayEquals(new double[] {1, 1}, y.combine(new double[] {1, 0}, null, 1).toArray(), 0.0);
  }

  @Test
  void mixSubsetConcatRepeat() {
    VectorSet x = VectorSet.of(X);
    VectorSet m = x.mix(new double[][] {{1, 1, 0}, {0, 0, 3}}, new double[] {2, 1});
    assertArrayEquals(new double[][] {{2, 3}, {15, 27}}, m.toArrays());
    assertArrayEquals(new double[][] {{5, 9}, {1, 2}}, x.subset(new int[] {2, 0}).toArrays());
    VectorSet both = x.subset(new int[] {1}).concat(x.repeat(x.row(0), 2));
    assertArrayEquals(new double[][] {{3, 4}, {1, 2}, {1, 2}}, both.toArrays());
    assertEquals(0, x.constant(7, 0).size());
    assertEquals(2, x.constant(7, 0).dimension());
    assertArrayEquals(
        new double[][] {{1, 2}, {5, 9}}, x.rows(List.of(x.row(0), x.row(2))).toArrays());
    assertThrows(
        IllegalArgumentException.class, () -> x.concat(VectorSet.of(new double[][] {{1, 2, 3}})));
  }

  @Test
  void rowStatisticsAndNonFiniteRows() {
    VectorSet x =
        VectorSet.of(
            new double[][] {
              {3, 4}, {1e200, 1e200}, {Double.NaN, 0}, {Double.NEGATIVE_INFINITY, 1}, {0, 0}
            });
    double[] norms = x.norms();
    assertEquals(5, norms[0], 0.0);
    assertEquals(Math.sqrt(2) * 1e200, norms[1], 1e186);
    assertTrue(Double.isNaN(norms[2]));
    assertEquals(Double.POSITIVE_INFINITY, norms[3], 0.0);
    assertArrayEquals(new boolean[] {true, true, false, false, true}, x.finiteRows());
    double[] d = x.distancesTo(x.point(new double[] {0, 0}));
    assertArrayEquals(
        new double[] {
          5, Math.sqrt(2) * 1e200, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0
        },
        d,
        1e186);
    assertEquals(25, x.squaredDistancesTo(x.point(new double[] {0, 0}))[0], 0.0);
    // clipping to 1: a direction, a huge row's direction, NaN → 0, −Inf → its limit direction
    double[][] c = x.clip(new double[] {1, 1, 1, 1, 1}).toArrays();
    assertArrayEquals(new double[] {0.6, 0.8}, c[0], 1e-15);
    assertArrayEquals(new double[] {Math.sqrt(0.5), Math.sqrt(0.5)}, c[1], 1e-15);
    assertArrayEquals(new double[] {0, 0}, c[2], 0.0);
    assertArrayEquals(new double[] {-1, 0}, c[3], 0.0);
  }

  /** Per-row sums over d run chunk by chunk, the chunk sums added in order (not sequentially). */
  @Test
  void rowReductionsFollowTheChunkOrder() {
    SplittableRandom r = new SplittableRandom(3);
    int d = 3 * VectorSet.CHUNK + 17;
    double[] a = new double[d];
    for (int k = 0; k < d; k++) {
      a[k] = r.nextDouble() * Math.pow(10, r.nextInt(12) - 6);
    }
    double expected = 0;
    for (int lo = 0; lo < d; lo += VectorSet.CHUNK) {
      double c = 0;
      for (int k = lo; k < Math.min(d, lo + VectorSet.CHUNK); k++) {
        c += a[k] * a[k];
      }
      expected += c;
    }
    VectorSet x = VectorSet.of(new double[][] {a});
    double got = x.squaredDistancesTo(x.point(new double[d]))[0];
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got));
    assertEquals(
        Double.doubleToLongBits(Math.sqrt(expected)), Double.doubleToLongBits(x.norms()[0]));
  }

  /**
   * A coordinate-wise result does not depend on how the coordinates are cut into ranges: what a
   * block of a sharded set computes equals the in-memory result bit for bit, for every
   * coordinate-wise rule, with non-finite values mixed in.
   */
  @Test
  void coordinateRangesGiveTheSameBitsAsTheWholeSet() {
    SplittableRandom r = new SplittableRandom(8);
    for (String name : List.of("cwtm", "cwmed", "meamed")) {
      CoordinateWiseRule rule = (CoordinateWiseRule) Aggregators.create(name, Params.empty());
      for (int trial = 0; trial < 20; trial++) {
        int n = 3 + r.nextInt(30);
        int f = r.nextInt((n - 1) / 2 + 1);
        int d = 1 + r.nextInt(3000);
        double[][] x = new double[n][d];
        for (double[] row : x) {
          for (int k = 0; k < d; k++) {
            int c = r.nextInt(50);
            row[k] = c == 0 ? Double.NaN : c == 1 ? Double.NEGATIVE_INFINITY : r.nextGaussian();
          }
        }
        CoordinateReducer red = rule.reducer(n, f);
        double[] whole = VectorSet.of(x).coordinateWise(red).toArray();
        double[] pieces = new double[d];
        int lo = 0;
        while (lo < d) {
          int hi = Math.min(d, lo + 1 + r.nextInt(700));
          CoordinateKernel.applyRange(red, x, lo, hi, pieces);
          lo = hi;
        }
        for (int k = 0; k < d; k++) {
          assertEquals(
              Double.doubleToLongBits(whole[k]),
              Double.doubleToLongBits(pieces[k]),
              name + " n=" + n + " f=" + f + " k=" + k);
        }
      }
    }
  }

  @Test
  void ruleStateIsAValue() {
    Aggregator cc = Aggregators.create("cc", Params.parse(List.of("tau=1")));
    VectorSet x = VectorSet.of(new double[][] {{0.5}, {3}, {-4}});
    Aggregation first = cc.aggregate(x, 1, new Round(1, 1), cc.initialState());
    // the same call from the same state gives the same bits: no hidden state in the rule
    Aggregation again = cc.aggregate(x, 1, new Round(1, 1), cc.initialState());
    assertArrayEquals(first.value().toArray(), again.value().toArray(), 0.0);
    assertEquals(first.state(), again.state());
    assertArrayEquals(new double[] {1.0 / 6}, first.state().get("previous"), 1e-15);
    Aggregation second = cc.aggregate(x, 1, new Round(2, 1), first.state());
    assertArrayEquals(new double[] {5.0 / 18}, second.value().toArray(), 1e-15);
    assertEquals("clipped=2", second.report());
  }
}
