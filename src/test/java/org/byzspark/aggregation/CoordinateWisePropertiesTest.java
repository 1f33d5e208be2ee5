package org.byzspark.aggregation;

import static org.byzspark.aggregation.CoordTestSupport.rule;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** RESAM Definition 2 and the invariances, as properties over random and adversarial inputs. */
class CoordinateWisePropertiesTest {
  private static final Round R = Round.offline(1);

  @Provide
  Arbitrary<String> robust() {
    return Arbitraries.of(CoordTestSupport.ROBUST);
  }

  @Provide
  Arbitrary<String> all() {
    return Arbitraries.of(CoordTestSupport.RULES);
  }

  /**
   * ‖F(x) − x̄_S‖ ≤ λ·diam(S) + 1e-9·scale for EVERY S ⊆ [n] of size n−f whose rows are finite (for
   * S with non-finite rows the bound is vacuous), with λ from {@link Aggregator#theory}.
   */
  @Property(tries = 400)
  void resilientAveraging(
      @ForAll("robust") String name,
      @ForAll @IntRange(min = 1, max = 9) int n,
      @ForAll @IntRange(min = 0, max = 4) int fRaw,
      @ForAll @IntRange(min = 1, max = 6) int d,
      @ForAll boolean adversarial,
      @ForAll long seed) {
    int f = fRaw % ((n + 1) / 2); // f < n/2
    SplittableRandom r = new SplittableRandom(seed);
    double scale = Math.pow(10, r.nextInt(7) - 3);
    double[][] x = CoordTestSupport.gaussian(r, n, d, scale, scale * r.nextInt(5));
    if (adversarial) {
      CoordTestSupport.corrupt(r, x, f, scale);
    }
    Aggregator a = rule(name);
    double lambda = a.theory(n, f, d).lambda().getAsDouble();
    double[] out = a.aggregate(x, f, R);
    int checked = 0;
    for (int mask = 0; mask < (1 << n); mask++) {
      if (Integer.bitCount(mask) != n - f) {
        continue;
      }
      double[] mean = new double[d];
      double diam = 0;
      double big = 0;
      boolean ok = true;
      for (int i = 0; i < n && ok; i++) {
        if ((mask >> i & 1) == 0) {
          continue;
        }
        ok = CoordTestSupport.finite(x[i]);
        for (int k = 0; k < d; k++) {
          mean[k] += x[i][k] / (n - f);
          big = Math.max(big, Math.abs(x[i][k]));
        }
        for (int j = 0; j < i; j++) {
          if ((mask >> j & 1) == 1) {
            diam = Math.max(diam, CoordTestSupport.distance(x[i], x[j]));
          }
        }
      }
      if (!ok || !CoordTestSupport.finite(mean) || !Double.isFinite(diam)) {
        continue;
      }
      checked++;
      double err = CoordTestSupport.distance(out, mean);
      double bound = lambda * diam + 1e-9 * big;
      if (!(err <= bound)) {
        throw new AssertionError(
            name
                + " violates Definition 2: n="
                + n
                + " f="
                + f
                + " S="
                + Integer.toBinaryString(mask)
                + " err="
                + err
                + " bound="
                + bound
                + " lambda="
                + lambda
                + " diam="
                + diam
                + "\nx="
                + Arrays.deepToString(x)
                + "\nF="
                + Arrays.toString(out));
      }
    }
    if (checked == 0) {
      throw new AssertionError("no finite honest subset; generator bug");
    }
  }

  /** Output is finite whenever at least n−f rows are finite. */
  @Property(tries = 300)
  void finiteWhenMajorityFinite(
      @ForAll("robust") String name,
      @ForAll @IntRange(min = 1, max = 30) int n,
      @ForAll @IntRange(min = 0, max = 14) int fRaw,
      @ForAll long seed) {
    int f = fRaw % ((n + 1) / 2);
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = CoordTestSupport.gaussian(r, n, 8, 1, 0);
    CoordTestSupport.corrupt(r, x, f, 1);
    double[] out = rule(name).aggregate(x, f, R);
    for (double v : out) {
      if (!Double.isFinite(v) || Math.abs(v) > 1e6) {
        // |v| <= max honest |x| ~ a few units; 1e6 catches a leaked far Byzantine value
        throw new AssertionError(name + " n=" + n + " f=" + f + " gave " + Arrays.toString(out));
      }
    }
  }

  @Property(tries = 300)
  void permutationInvariant(
      @ForAll("all") String name,
      @ForAll @IntRange(min = 1, max = 20) int n,
      @ForAll @IntRange(min = 0, max = 9) int fRaw,
      @ForAll long seed) {
    int f = fRaw % ((n + 1) / 2);
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = CoordTestSupport.gaussian(r, n, 5, 1, 0);
    double[][] p = CoordTestSupport.deepCopy(x);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      double[] t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    Aggregator a = rule(name);
    CoordTestSupport.assertClose(a.aggregate(x, f, R), a.aggregate(p, f, R), 1e-12, name);
  }

  @Property(tries = 300)
  void translationEquivariant(
      @ForAll("all") String name,
      @ForAll @IntRange(min = 1, max = 20) int n,
      @ForAll @IntRange(min = 0, max = 9) int fRaw,
      @ForAll long seed) {
    int f = fRaw % ((n + 1) / 2);
    SplittableRandom r = new SplittableRandom(seed);
    int d = 5;
    double[][] x = CoordTestSupport.gaussian(r, n, d, 1, 0);
    double[] c = CoordTestSupport.gaussian(r, 1, d, 100, 0)[0];
    double[][] y = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        y[i][k] = x[i][k] + c[k];
      }
    }
    Aggregator a = rule(name);
    double[] fx = a.aggregate(x, f, R);
    double[] fy = a.aggregate(y, f, R);
    double[] shifted = new double[d];
    for (int k = 0; k < d; k++) {
      shifted[k] = fx[k] + c[k];
    }
    // absolute tolerance relative to |c| ~ 100: rounding of x + c
    CoordTestSupport.assertClose(shifted, fy, 1e-10 * 100, name);
  }
}
