package org.byzspark.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.byzspark.util.Params;

/**
 * Test helpers: naive reference implementations (full sort per coordinate, written from the paper
 * definitions, independent of the production selection code) and input generators.
 */
final class CoordTestSupport {
  private CoordTestSupport() {}

  static final List<String> RULES = List.of("average", "cwtm", "cwmed", "meamed");
  static final List<String> ROBUST = List.of("cwtm", "cwmed", "meamed");

  static Aggregator rule(String name) {
    return Aggregators.create(name, Params.empty());
  }

  static double[][] deepCopy(double[][] x) {
    double[][] c = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i].clone();
    }
    return c;
  }

  static double[] column(double[][] x, int k) {
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i][k];
    }
    return c;
  }

  /** Full-sort median: Arrays.sort orders -Inf &lt; ... &lt; +Inf &lt; NaN, like Double.compare. */
  static double refMedian(double[] col) {
    double[] s = col.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double[] reference(String rule, double[][] x, int f) {
    int n = x.length;
    int d = x[0].length;
    double[] out = new double[d];
    for (int k = 0; k < d; k++) {
      double[] col = column(x, k);
      switch (rule) {
        case "average" -> {
          double s = 0;
          for (double v : col) {
            s += v;
          }
          out[k] = s / n;
        }
        case "cwtm" -> {
          double[] s = col.clone();
          Arrays.sort(s);
          double t = 0;
          for (int j = f; j < n - f; j++) {
            t += s[j];
          }
          out[k] = t / (n - 2 * f);
        }
        case "cwmed" -> out[k] = refMedian(col);
        case "meamed" -> {
          double m = refMedian(col);
          Integer[] order = new Integer[n];
          double[] dist = new double[n];
          for (int i = 0; i < n; i++) {
            order[i] = i;
            double g = Math.abs(col[i] - m);
            dist[i] = Double.isNaN(g) ? Double.POSITIVE_INFINITY : g;
          }
          // stable sort by distance: equal distances keep increasing worker index
          Arrays.sort(order, Comparator.comparingDouble(i -> dist[i]));
          double t = 0;
          for (int j = 0; j < n - f; j++) {
            t += col[order[j]];
          }
          out[k] = t / (n - f);
        }
        default -> throw new IllegalArgumentException(rule);
      }
    }
    return out;
  }

  static double[][] gaussian(SplittableRandom r, int n, int d, double scale, double center) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int k = 0; k < d; k++) {
        row[k] = center + scale * gaussian(r);
      }
    }
    return x;
  }

  static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  /** One of several adversarial rows: far, huge, NaN, ±Inf, or a mixture per coordinate. */
  static double[] adversarialRow(SplittableRandom r, int d, double scale) {
    double[] row = new double[d];
    int kind = r.nextInt(7);
    for (int k = 0; k < d; k++) {
      row[k] =
          switch (kind == 6 ? r.nextInt(6) : kind) {
            case 0 -> 1e6 * scale * (r.nextBoolean() ? 1 : -1) * (1 + r.nextDouble());
            case 1 -> Double.NaN;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> Double.NEGATIVE_INFINITY;
            case 4 -> r.nextBoolean() ? 1e300 : -1e300;
            default -> scale * 3 * gaussian(r); // plausible-looking
          };
    }
    return row;
  }

  /** Places {@code f} adversarial rows at random positions; returns their positions. */
  static List<Integer> corrupt(SplittableRandom r, double[][] x, int f, double scale) {
    List<Integer> pos = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      pos.add(i);
    }
    for (int i = pos.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Integer t = pos.get(i);
      pos.set(i, pos.get(j));
      pos.set(j, t);
    }
    List<Integer> bad = new ArrayList<>(pos.subList(0, f));
    for (int i : bad) {
      x[i] = adversarialRow(r, x[i].length, scale);
    }
    return bad;
  }

  static double norm(double[] v) {
    double s = 0;
    for (double a : v) {
      s += a * a;
    }
    return Math.sqrt(s);
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      double t = a[k] - b[k];
      s += t * t;
    }
    return Math.sqrt(s);
  }

  static boolean finite(double[] v) {
    for (double a : v) {
      if (!Double.isFinite(a)) {
        return false;
      }
    }
    return true;
  }

  /** |a - b| &lt;= tol, also true when both are the same non-finite value. */
  static boolean close(double a, double b, double tol) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return a == b;
    }
    return Math.abs(a - b) <= tol;
  }

  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    if (expected.length != actual.length) {
      throw new AssertionError(what + ": length " + actual.length + " != " + expected.length);
    }
    for (int k = 0; k < expected.length; k++) {
      double t = tol * Math.max(1, Math.abs(expected[k]));
      if (!close(expected[k], actual[k], t)) {
        throw new AssertionError(
            what
                + ": coordinate "
                + k
                + " expected "
                + expected[k]
                + " got "
                + actual[k]
                + "\nexpected "
                + Arrays.toString(expected)
                + "\nactual   "
                + Arrays.toString(actual));
      }
    }
  }
}
