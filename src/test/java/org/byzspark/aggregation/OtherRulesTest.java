package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

/** Hand-computed cases and check() messages of the non-Krum distance-based rules. */
class OtherRulesTest {
  static final Round R = Round.offline(11);

  static Aggregator rule(String name, String... kv) {
    return KrumTest.rule(name, kv);
  }

  @Test
  void medoid() {
    // sums of |x_i - x_j| over 0,1,2,3,10,100: 116, 112, 110, 110, 124, ... -> tie 2,3 -> row 2
    double[][] x = {{0}, {1}, {2}, {3}, {10}, {100}};
    assertArrayEquals(new double[] {2}, rule("medoid").aggregate(x, 1, R), 0.0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("medoid").check(4, 2, 1));
    assertEquals("medoid needs n > 2f, got n=4 f=2", e.getMessage());
  }

  @Test
  void bulyan() {
    // honest (0,0),(1,10),(2,-1),(10,3),(3,2) and far Byzantine (1000,0),(-1000,0); n=7 f=1:
    // the theta=5 Krum picks are the honest rows (the last pick has R = {honest, b1, b2} with k=1:
    // honest nearest ~1000 vs 2000 between b1 and b2). beta = 3:
    // x: 0,1,2,10,3 median 2, closest 2,1,3 -> 2; y: 0,10,-1,3,2 median 2, closest 2,3,0 -> 5/3
    double[][] x = {{0, 0}, {1, 10}, {2, -1}, {10, 3}, {3, 2}, {1000, 0}, {-1000, 0}};
    RuleSession b = new RuleSession(rule("bulyan"));
    assertArrayEquals(new double[] {2, 5.0 / 3}, b.aggregate(x, 1, R), 1e-12);
    assertEquals("selected=0,1,2,3,4", b.lastReport());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.check(10, 2, 1));
    assertEquals("bulyan needs n >= 4f+3, got n=10 f=2", e.getMessage());
  }

  @Test
  void aggregathor() {
    // f=0, n=4, m=2, x = 0,1,3,7. theta = 4, beta = 4 (plain mean of the 4 selected vectors).
    // it0: k=2: scores 0:1+9=10, 1:1+4=5, 3:4+9=13, 7:16+36=52; mean of best 2 = (0+1)/2 = 0.5;
    //      remove row 1
    // it1: R={0,3,7}, k=1, m=1: 0:9, 3:9, 7:16 -> row 0 (tie, lowest index): 0; remove row 0
    // it2: R={3,7}, k=1: tie 16/16 -> row 2: 3
    // it3: R={7}: 7.  Result (0.5+0+3+7)/4 = 2.625
    double[][] x = {{0}, {1}, {3}, {7}};
    assertArrayEquals(
        new double[] {2.625}, rule("aggregathor", "m", "2").aggregate(x, 0, R), 1e-15);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> rule("aggregathor", "m", "4").check(7, 1, 1));
    assertEquals("aggregathor parameter m=4 must be in [1, n-2f-2] = [1, 3]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> rule("aggregathor").check(6, 1, 1));
    assertEquals("aggregathor needs n >= 4f+3, got n=6 f=1", e.getMessage());
    // eta with m = n-2f-2 = 3 for n=7, f=1: sqrt(2*(6 + (3 + 4)/3))
    assertEquals(
        Math.sqrt(2 * (6 + 7.0 / 3)),
        rule("aggregathor").theory(7, 1, 1).eta().getAsDouble(),
        1e-12);
  }

  @Test
  void mda() {
    // subsets of size 3 of 0,1,3,10: {0,1,3} diam 3, {0,1,10} 10, {0,3,10} 10, {1,3,10} 9
    double[][] x = {{0}, {1}, {3}, {10}};
    assertArrayEquals(new double[] {4.0 / 3}, rule("mda").aggregate(x, 1, R), 1e-15);
    // unit square, f=1: every 3-subset has diameter sqrt 2 -> lexicographically first {0,1,2}
    double[][] sq = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    RuleSession m = new RuleSession(rule("mda"));
    assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3}, m.aggregate(sq, 1, R), 1e-15);
    assertEquals("selected=0,1,2", m.lastReport());
    assertEquals(4.0 / 5, m.theory(7, 2, 3).lambda().getAsDouble(), 1e-15); // 2f/(n-f)
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> rule("mda", "max-subsets", "10").check(7, 3, 1));
    assertEquals(
        "mda would search C(n, n-f) = C(7, 4) = 35 subsets, above max-subsets=10;"
            + " raise max-subsets or use another rule",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> rule("mda", "max-subsets", "10").aggregate(new double[7][1], 3, R));
    e = assertThrows(IllegalArgumentException.class, () -> rule("mda", "max-subsets", "0"));
    assertEquals(
        "mda parameter max-subsets=0 is invalid; allowed: an integer >= 1", e.getMessage());
  }

  @Test
  void mdaAgreesWithExhaustiveSearch() {
    java.util.Random r = new java.util.Random(8);
    for (int trial = 0; trial < 50; trial++) {
      int n = 3 + r.nextInt(7);
      int f = r.nextInt((n + 1) / 2);
      if (2 * f >= n) {
        continue;
      }
      double[][] x = TestUtil.gaussian(r, n, 1 + r.nextInt(3), 1);
      int[] best = null;
      double bd = Double.POSITIVE_INFINITY;
      for (int[] s : TestUtil.subsets(n, n - f)) {
        double dm = TestUtil.diam(x, s);
        if (dm < bd) {
          bd = dm;
          best = s;
        }
      }
      assertArrayEquals(TestUtil.meanOf(x, best), rule("mda").aggregate(x, f, R), 1e-12);
    }
  }

  @Test
  void geometricMedian() {
    // 1-D: the median 1 of {0,1,5}; Vardi-Zhang at 1: |(-1) + (+1)| = 0 <= 1 -> exactly 1
    assertArrayEquals(
        new double[] {1}, rule("gm").aggregate(new double[][] {{0}, {1}, {5}}, 1, R), 0.0);
    // equilateral triangle: the Fermat point is the centroid (1, sqrt(3)/3)
    double s3 = Math.sqrt(3);
    RuleSession gm = new RuleSession(rule("gm", "max-iter", "5000", "tol", "1e-15"));
    double[] out = gm.aggregate(new double[][] {{0, 0}, {2, 0}, {1, s3}}, 1, R);
    assertArrayEquals(new double[] {1, s3 / 3}, out, 1e-7);
    assertTrue(gm.lastReport().startsWith("iterations="));
    assertEquals(1 + 5 / Math.sqrt(3 * 7), gm.theory(7, 2, 1).lambda().getAsDouble(), 1e-12);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("gm", "nu", "-1"));
    assertEquals("gm parameter nu=-1 is invalid; allowed: a finite number > 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> rule("gm", "max-iter", "0"));
    assertEquals("gm parameter max-iter=0 is invalid; allowed: an integer >= 1", e.getMessage());
  }

  @Test
  void centeredClipping() {
    // tau=1, L=1, v0=0: steps 0.5, clip(3)=1, clip(-4)=-1 -> v = 0.5/3 = 1/6
    double[][] x = {{0.5}, {3}, {-4}};
    RuleSession cc = new RuleSession(rule("cc", "tau", "1", "iters", "1"));
    assertArrayEquals(new double[] {1.0 / 6}, cc.aggregate(x, 1, R), 1e-15);
    // second call starts from 1/6: steps 1/3, 1, -1 -> v = 1/6 + (1/3)/3 = 5/18
    assertArrayEquals(new double[] {5.0 / 18}, cc.aggregate(x, 1, R), 1e-15);
    RuleSession zero = new RuleSession(rule("cc", "tau", "1", "start", "zero"));
    zero.aggregate(x, 1, R);
    assertArrayEquals(new double[] {1.0 / 6}, zero.aggregate(x, 1, R), 1e-15);
    // L=2 from zero: v1 = 1/6, v2 = 5/18
    assertArrayEquals(
        new double[] {5.0 / 18},
        rule("cc", "tau", "1", "iters", "2", "start", "zero").aggregate(x, 1, R),
        1e-15);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("cc", "start", "mean"));
    assertEquals("cc parameter start=mean is invalid; allowed: previous, zero", e.getMessage());
    assertTrue(cc.theory(5, 1, 1).lambda().isEmpty());
    assertEquals("not resilient averaging", cc.theory(5, 1, 1).note());
  }

  @Test
  void cge() {
    // norms 5, 1, 2, 10: f=1 drops (-6,8): mean of (3,4),(1,0),(0,2) = (4/3, 2)
    double[][] x = {{3, 4}, {1, 0}, {0, 2}, {-6, 8}};
    assertArrayEquals(new double[] {4.0 / 3, 2}, rule("cge").aggregate(x, 1, R), 1e-15);
    assertArrayEquals(new double[] {0.5, 1}, rule("cge").aggregate(x, 2, R), 1e-15);
    assertEquals("not resilient averaging", rule("cge").theory(4, 1, 2).note());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("cge").check(3, 3, 1));
    assertEquals("cge needs 0 <= f < n, got n=3 f=3", e.getMessage());
  }

  @Test
  void aksel() {
    // median per coordinate: x 0,1,2,10 -> 1.5; y 0,5,1,2 -> 1.5.
    // squared distances: 4.5, 12.5, 0.5, 72.5
    double[][] x = {{0, 0}, {1, 5}, {2, 1}, {10, 2}};
    // mid: c = 2 -> rows 2,0 -> (1, 0.5); n-f (f=1): c = 3 -> rows 0,1,2 -> (1, 2)
    assertArrayEquals(new double[] {1, 0.5}, rule("aksel").aggregate(x, 1, R), 1e-15);
    assertArrayEquals(new double[] {1, 2}, rule("aksel", "mode", "n-f").aggregate(x, 1, R), 1e-15);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("aksel", "mode", "all"));
    assertEquals("aksel parameter mode=all is invalid; allowed: mid, n-f", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> rule("aksel").check(4, 2, 1));
    assertEquals("aksel needs n > 2f, got n=4 f=2", e.getMessage());
  }

  @Test
  void pkrumBranches() {
    double[][] x = {{0}, {1}, {2}, {3}, {10}, {100}};
    RuleSession p = new RuleSession(rule("pkrum"));
    // step 1: p = 1, always the average (0+1+2+3+10+100)/6 = 19.333...
    assertArrayEquals(new double[] {116.0 / 6}, p.aggregate(x, 1, new Round(1, 5)), 1e-12);
    assertEquals("branch=average", p.lastReport());
    Set<String> branches = new HashSet<>();
    for (long t = 2; t <= 200; t++) {
      Round round = new Round(t, 42);
      double[] a = p.aggregate(x, 1, round);
      String br = p.lastReport().split(" ")[0];
      branches.add(br);
      double[] b = rule("pkrum").aggregate(x, 1, round);
      assertArrayEquals(a, b, 0.0); // reproducible for the same Round
      assertEquals(br, p.lastReport().split(" ")[0]);
      if (br.equals("branch=krum")) {
        assertArrayEquals(new double[] {1}, a, 0.0); // Krum's choice, see KrumTest
      } else {
        assertArrayEquals(new double[] {116.0 / 6}, a, 1e-12);
      }
    }
    assertEquals(Set.of("branch=average", "branch=krum"), branches);
    // the seed matters
    int differ = 0;
    for (long t = 2; t <= 100; t++) {
      if (PKrum.averages(new Round(t, 1)) != PKrum.averages(new Round(t, 2))) {
        differ++;
      }
    }
    assertNotEquals(0, differ);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.check(6, 2, 1));
    assertEquals("pkrum needs n > 2f+2, got n=6 f=2", e.getMessage());
  }

  /**
   * One median for the whole package: the coordinate-wise median that seeds gm and Bulyan's phase
   * two equals cwmed's, including an even count whose middle values are ±1e308 (their midpoint is
   * 0, where lower + (upper − lower)/2 would overflow to +Inf).
   */
  @Test
  void distanceRulesUseTheSameMedianAsCwmed() {
    double[][] x = {{-1e308, 1}, {1e308, 2}, {-1e308, 3}, {1e308, 4}};
    double[] med = VectorSet.of(x).coordinateWise(new CoordinateWiseMedian.Reducer(0)).toArray();
    assertEquals(0.0, med[0], 0.0);
    assertEquals(2.5, med[1], 0.0);
    double[] cwmed = new CoordinateWiseMedian(Params.empty()).aggregate(x, 1, new Round(1, 1));
    assertEquals(Double.doubleToRawLongBits(cwmed[0]), Double.doubleToRawLongBits(med[0]));
    assertEquals(Double.doubleToRawLongBits(cwmed[1]), Double.doubleToRawLongBits(med[1]));
  }

  @Test
  void medianSelection() {
    java.util.Random r = new java.util.Random(9);
    for (int trial = 0; trial < 500; trial++) {
      int len = 1 + r.nextInt(12);
      double[] a = new double[len];
      for (int i = 0; i < len; i++) {
        a[i] = r.nextInt(5) - 2; // many ties
      }
      double[] s = a.clone();
      java.util.Arrays.sort(s);
      double want = len % 2 == 1 ? s[len / 2] : (s[len / 2 - 1] + s[len / 2]) / 2;
      long[] keys = new long[len];
      for (int i = 0; i < len; i++) {
        keys[i] = CoordinateSelect.key(a[i]);
      }
      assertEquals(want, CoordinateSelect.median(keys.clone(), len), 0.0);
      int k = r.nextInt(len);
      CoordinateSelect.select(keys, 0, len - 1, k);
      assertEquals(s[k], CoordinateSelect.value(keys[k]), 0.0);
    }
  }
}
