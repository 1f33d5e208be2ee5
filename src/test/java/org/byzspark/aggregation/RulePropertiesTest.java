package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.byzspark.util.Params;

/** Properties of the distance-based rules (RESAM Definition 2, sanity, invariances, robustness). */
class RulePropertiesTest {
  static final Round R = Round.offline(3);

  static Aggregator create(String spec) {
    Map.Entry<String, Params> e = Params.parseNamed(spec);
    return Aggregators.create(e.getKey(), e.getValue());
  }

  @Provide
  Arbitrary<String> lambdaRules() {
    return Arbitraries.of(
        "mda",
        "krum",
        "multikrum",
        "multikrum:m=1",
        "multikrum:m=2",
        "krumstar",
        "multikrumstar",
        "multikrumstar:m=2",
        "multikrumstar:m=1",
        "gm:max-iter=3000,tol=1e-15",
        "aksel",
        "aksel:mode=n-f",
        "smea",
        "phocas");
  }

  @Provide
  Arbitrary<String> sanityRules() {
    return Arbitraries.of(
        "mda",
        "krum",
        "multikrum",
        "krumstar",
        "multikrumstar",
        "medoid",
        "bulyan",
        "aggregathor",
        "gm",
        "aksel",
        "aksel:mode=n-f",
        "smea",
        "phocas");
  }

  @Provide
  Arbitrary<String> allRules() {
    return Arbitraries.of(
        "mda",
        "krum",
        "multikrum",
        "krumstar",
        "multikrumstar",
        "medoid",
        "bulyan",
        "aggregathor",
        "gm:max-iter=2000,tol=1e-14",
        "aksel",
        "aksel:mode=n-f",
        "cge",
        "cc:start=zero,tau=2,iters=3",
        "pkrum");
  }

  /** A valid (n, f) for the rule with n &lt;= 9, or null. */
  static int[] shape(Aggregator a, Random r, int d) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int n = 3 + r.nextInt(7);
      int f = r.nextInt(n / 2 + 1);
      try {
        a.check(n, f, d);
        return new int[] {n, f};
      } catch (IllegalArgumentException e) {
        // try another
      }
    }
    return null;
  }

  /**
   * Inputs of several kinds: 0 gaussian; 1 honest cluster + far outliers; 2 cluster + Byzantine
   * rows just outside the cluster on one side; 3 small integer lattice (ties); 4 identical
   * Byzantine rows; 5 cluster with large common offset.
   */
  static double[][] inputs(Random r, int n, int f, int d, int kind) {
    double[][] x = TestUtil.gaussian(r, n, d, 1.0);
    switch (kind) {
      case 1 -> {
        for (int i = 0; i < f; i++) {
          for (int k = 0; k < d; k++) {
            x[n - 1 - i][k] = 50 * r.nextGaussian();
          }
        }
      }
      case 2 -> {
        double[] dir = TestUtil.gaussian(r, 1, d, 1.0)[0];
        double nr = Math.sqrt(TestUtil.naiveSq(dir, new double[d]));
        for (int i = 0; i < f; i++) {
          double t = 1.5 + r.nextDouble() * 2;
          for (int k = 0; k < d; k++) {
            x[r.nextInt(n)][k] = t * dir[k] / nr;
          }
        }
      }
      case 3 -> {
        for (double[] row : x) {
          for (int k = 0; k < d; k++) {
            row[k] = r.nextInt(3);
          }
        }
      }
      case 4 -> {
        double[] b = TestUtil.gaussian(r, 1, d, 3.0)[0];
        for (int i = 0; i < f; i++) {
          x[i] = b.clone();
        }
      }
      case 5 -> {
        for (double[] row : x) {
          for (int k = 0; k < d; k++) {
            row[k] = 1e6 + 1e-3 * row[k];
          }
        }
      }
      default -> {}
    }
    return x;
  }

  @Property(tries = 400)
  void resilientAveraging(
      @ForAll("lambdaRules") String spec,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 5) int kind,
      @ForAll @IntRange(min = 1, max = 4) int d) {
    Aggregator a = create(spec);
    Random r = new Random(seed);
    int[] nf = shape(a, r, d);
    int n = nf[0];
    int f = nf[1];
    double[][] x = inputs(r, n, f, d, kind);
    double[] out = a.aggregate(x, f, R);
    double lambda = a.theory(n, f, d).lambda().getAsDouble();
    double scale = 0;
    for (double[] row : x) {
      for (double v : row) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    double tol = (spec.startsWith("gm") ? 1e-7 : 1e-10) * Math.max(scale, 1);
    for (int[] s : TestUtil.subsets(n, n - f)) {
      double lhs = TestUtil.dist(out, TestUtil.meanOf(x, s));
      double rhs = lambda * TestUtil.diam(x, s);
      assertTrue(
          lhs <= rhs + tol,
          spec
              + " n="
              + n
              + " f="
              + f
              + " S="
              + java.util.Arrays.toString(s)
              + ": "
              + lhs
              + " > "
              + rhs);
    }
  }

  @Property(tries = 300)
  void sanityIdenticalHonestInputs(
      @ForAll("sanityRules") String spec,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 6) int byzKind,
      @ForAll @IntRange(min = 1, max = 4) int d) {
    Aggregator a = create(spec);
    Random r = new Random(seed);
    int[] nf = shape(a, r, d);
    int n = nf[0];
    int f = nf[1];
    double[] h = TestUtil.gaussian(r, 1, d, 2.0)[0];
    double[][] x = new double[n][];
    // Byzantine positions at random indices
    boolean[] byz = new boolean[n];
    for (int c = 0; c < f; ) {
      int i = r.nextInt(n);
      if (!byz[i]) {
        byz[i] = true;
        c++;
      }
    }
    double[] shared = TestUtil.gaussian(r, 1, d, 1.0)[0];
    for (int i = 0; i < n; i++) {
      if (!byz[i]) {
        x[i] = h.clone();
        continue;
      }
      double[] b = new double[d];
      for (int k = 0; k < d; k++) {
        b[k] =
            switch (byzKind) {
              case 0 -> r.nextGaussian() * 10;
              case 1 -> Double.NaN;
              case 2 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
              case 3 -> r.nextBoolean() ? 1e300 : -1e300;
              case 4 -> shared[k]; // identical Byzantine rows
              case 5 -> h[k] + 1e-3 * r.nextGaussian(); // close to the honest value
              default -> r.nextInt(3) == 0 ? Double.NaN : 1e300 * r.nextGaussian();
            };
      }
      x[i] = b;
    }
    double[] out = a.aggregate(x, f, R);
    for (int k = 0; k < d; k++) {
      assertEquals(h[k], out[k], 1e-12 * Math.max(1, Math.abs(h[k])), spec + " n=" + n + " f=" + f);
    }
  }

  @Property(tries = 300)
  void robustToNonFiniteInputs(
      @ForAll("allRules") String spec,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int d) {
    Aggregator a = create(spec);
    Random r = new Random(seed);
    int[] nf = shape(a, r, d);
    int n = nf[0];
    int f = nf[1];
    double[][] x = TestUtil.gaussian(r, n, d, 1.0);
    double[][] before = TestUtil.copy(x);
    for (int c = 0; c < f; c++) {
      int i = r.nextInt(n);
      int k = r.nextInt(d);
      double[] bad = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e308
      };
      x[i][k] = bad[r.nextInt(bad.length)];
      before[i][k] = x[i][k];
    }
    // pkrum's average branch is not robust by design: use a step on the Krum branch
    Round round = R;
    if (spec.equals("pkrum")) {
      long t = 2;
      while (PKrum.averages(new Round(t, 3))) {
        t++;
      }
      round = new Round(t, 3);
    }
    double[] out = a.aggregate(x, f, round);
    assertEquals(d, out.length);
    assertTrue(TestUtil.allFinite(out), spec + " " + java.util.Arrays.toString(out));
    for (int i = 0; i < n; i++) {
      assertArrayEquals(before[i], x[i], 0.0, "input modified");
    }
  }

  @Property(tries = 300)
  void permutationInvariance(
      @ForAll("allRules") String spec,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int d) {
    Random r = new Random(seed);
    Aggregator a = create(spec);
    int[] nf = shape(a, r, d);
    int n = nf[0];
    int f = nf[1];
    double[][] x = TestUtil.gaussian(r, n, d, 1.0); // continuous: no ties of scores or norms
    // With a single neighbour (k = 1) two mutual nearest neighbours always tie, and Bulyan /
    // AggregaThor run Krum with k = 1 in their last iterations: such ties are structural, not
    // accidental, and the lowest-index rule then depends on the order. Only tie-free cases here.
    net.jqwik.api.Assume.that(!spec.equals("bulyan") && !spec.equals("aggregathor"));
    if (spec.contains("krum") && !spec.contains("star")) {
      net.jqwik.api.Assume.that(n - f - 2 >= 2);
    }
    if (spec.contains("krumstar")) {
      net.jqwik.api.Assume.that(n - f - 1 >= 2);
    }
    // in 1-D every point between the two middle ones minimises the sum of distances: structural tie
    net.jqwik.api.Assume.that(!(spec.equals("medoid") && d == 1));
    if (spec.equals("mda")) {
      // the diameter is set by a single pair, so distinct subsets often tie: only tie-free cases
      int best = 0;
      double bd = Double.POSITIVE_INFINITY;
      for (int[] s : TestUtil.subsets(n, n - f)) {
        double dm = TestUtil.diam(x, s);
        if (dm < bd) {
          bd = dm;
          best = 1;
        } else if (dm == bd) {
          best++;
        }
      }
      net.jqwik.api.Assume.that(best == 1);
    }
    int[] perm = DistanceSupport.range(n);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = x[perm[i]];
    }
    double[] ox = create(spec).aggregate(x, f, R);
    double[] oy = create(spec).aggregate(y, f, R);
    assertArrayEquals(ox, oy, tolerance(spec), spec);
  }

  @Property(tries = 300)
  void translationEquivariance(
      @ForAll("allRules") String spec,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int d) {
    if (spec.startsWith("cc") || spec.equals("cge")) {
      return; // cc from zero and cge (norm-based) are not translation equivariant
    }
    if (spec.equals("medoid") && d == 1) {
      return; // 1-D: two middle points tie structurally (see permutationInvariance)
    }
    Random r = new Random(seed);
    Aggregator a = create(spec);
    int[] nf = shape(a, r, d);
    int n = nf[0];
    int f = nf[1];
    double[][] x = TestUtil.gaussian(r, n, d, 1.0);
    double[] c = TestUtil.gaussian(r, 1, d, 5.0)[0];
    double[][] y = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        y[i][k] = x[i][k] + c[k];
      }
    }
    double[] ox = create(spec).aggregate(x, f, R);
    double[] oy = create(spec).aggregate(y, f, R);
    for (int k = 0; k < d; k++) {
      assertEquals(ox[k] + c[k], oy[k], spec.startsWith("gm") ? tolerance(spec) : 1e-10, spec);
    }
  }

  /**
   * Exact rules agree to rounding; the geometric median is an iterative approximation whose answer
   * is only as good as its smoothing ν = 1e-6 (relative to inputs of scale ~1-5 here), and
   * Weiszfeld converges slowly when the median sits near an input point, so two equivalent inputs
   * may stop at points ~1e-7 apart.
   */
  private static double tolerance(String spec) {
    return spec.startsWith("gm") ? 1e-6 : 1e-12;
  }

  @Property(tries = 50)
  void deterministic(@ForAll("allRules") String spec, @ForAll long seed) {
    Random r = new Random(seed);
    Aggregator a = create(spec);
    int[] nf = shape(a, r, 3);
    double[][] x = TestUtil.gaussian(r, nf[0], 3, 1.0);
    assertArrayEquals(
        create(spec).aggregate(x, nf[1], R), create(spec).aggregate(x, nf[1], R), 0.0);
  }
}
