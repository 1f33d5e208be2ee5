package org.byzspark.aggregation;

import java.util.Arrays;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * {@code signguard}: norm filter, sign-statistics clustering, clipped mean.
 *
 * <h2>Definition</h2>
 *
 * [SIGNGUARD]: with M the median of the norms ‖x_i‖,
 *
 * <ol>
 *   <li>S1 = {i : low·M ≤ ‖x_i‖ ≤ high·M};
 *   <li>on a random window of coordinates, each row's fractions of positive, zero and negative
 *       values, each divided by its largest value over the rows (plus 1e-8), are clustered into two
 *       groups; S2 is the larger group;
 *   <li>the output is the mean over S1 ∩ S2 of the rows clipped to norm M, x_i·min(1, M/‖x_i‖).
 * </ol>
 *
 * <h2>Requirement</h2>
 *
 * n &gt; f (the rule does not use f).
 *
 * <h2>Resilience</h2>
 *
 * Unknown: the paper gives no bound of this kind; no λ ({@link #theory} says so).
 *
 * <h2>Non-finite inputs</h2>
 *
 * A row with NaN/±Inf has a NaN or infinite norm and fails the norm filter (the authors' code sets
 * NaN entries to 0 first instead). In the median, NaN norms count as +Inf; if M is not finite no
 * row passes. A row of NaN counts in none of the three sign fractions. When S1 ∩ S2 is empty the
 * output is the zero vector.
 *
 * <h2>Parameters</h2>
 *
 * {@code low}, {@code high} (the norm band, 0.1 and 3 as in the paper) and {@code sample} (the
 * fraction of coordinates in the window, 0.1 as in the authors' code): see {@link #SPEC}. The
 * report gives {@code selected=...}.
 *
 * <h2>Implementation</h2>
 *
 * Norms by {@link VectorSet#norms}, the sign counts by {@link VectorSet#signCounts} (integers: the
 * same in memory and sharded), the output by {@link VectorSet#clip} and {@link VectorSet#mean}.
 * Choices where the paper leaves room:
 *
 * <ul>
 *   <li>The median of an even number of norms is the midpoint of the two middle ones; the band is
 *       closed (the authors' code uses strict inequalities).
 *   <li>The window is ⌊sample·d⌋ (at least 1) consecutive coordinates starting at a position drawn
 *       uniformly from (seed, {@code SIGNGUARD}, step), as the authors' code takes a random
 *       contiguous 10% slice.
 *   <li>Clustering: the authors' code uses mean shift; here a deterministic 2-means (Lloyd's
 *       algorithm, at most 100 iterations, until no assignment changes) started from the two
 *       feature points farthest apart (the first such pair in index order); a point at equal
 *       distance goes to the first centre. If all feature points coincide there is one group, S2 =
 *       all. Otherwise 2-means always splits, so without attack the smaller half of the honest rows
 *       is left out. Of two groups of equal size, the one holding the lowest index is taken.
 * </ul>
 */
public final class SignGuard implements Aggregator {
  private static final long serialVersionUID = 1L;
  private static final int MAX_LLOYD = 100;

  private final double low;
  private final double high;
  private final double sample;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          "signguard",
          "norm band around the median norm, 2-means on sign statistics, mean of the majority"
              + " clipped to the median norm (Xu et al. 2022)",
          ParamSpec.number("low", false, 0.1, "lower end of the norm band, times the median norm"),
          ParamSpec.number("high", true, 3.0, "upper end of the norm band, times the median norm"),
          ParamSpec.custom(
              "sample",
              "number",
              "a number in (0, 1]",
              "0.1",
              "fraction of the coordinates in the sign-statistics window",
              v -> {
                double s = ParamSpec.parseNumber(v);
                return s > 0 && s <= 1;
              }));

  public SignGuard(Params params) {
    Params p = SPEC.resolve(params);
    this.low = Double.parseDouble(p.getString("low", ""));
    this.high = Double.parseDouble(p.getString("high", ""));
    this.sample = Double.parseDouble(p.getString("sample", ""));
  }

  @Override
  public String name() {
    return "signguard";
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic("signguard", n, f, d);
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    int n = x.size();
    int d = x.dimension();
    check(n, f, d);
    double[] norms = x.norms();
    double m = median(norms);
    boolean[] inBand = new boolean[n];
    for (int i = 0; i < n; i++) {
      inBand[i] = Double.isFinite(m) && norms[i] >= low * m && norms[i] <= high * m;
    }
    int len = d == 0 ? 0 : Math.max(1, (int) Math.floor(sample * d));
    int start =
        d == 0
            ? 0
            : Seeds.rng(round.seed(), Seeds.Purpose.SIGNGUARD, round.step()).nextInt(d - len + 1);
    int[] window = new int[len];
    for (int q = 0; q < len; q++) {
      window[q] = start + q;
    }
    int[][] counts = x.signCounts(window);
    double[][] features = new double[n][3];
    for (int s = 0; s < 3; s++) {
      double max = 0;
      for (int i = 0; i < n; i++) {
        features[i][s] = len == 0 ? 0 : counts[s][i] / (double) len;
        max = Math.max(max, features[i][s]);
      }
      for (int i = 0; i < n; i++) {
        features[i][s] /= max + 1e-8;
      }
    }
    boolean[] majority = majority(features);
    int[] rows = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (inBand[i] && majority[i]) {
        rows[k++] = i;
      }
    }
    rows = Arrays.copyOf(rows, k);
    String report = "selected=" + DistanceSupport.joined(rows);
    if (k == 0) {
      return Aggregation.of(x.point(new double[d]), report);
    }
    double[] thresholds = new double[n];
    Arrays.fill(thresholds, m);
    return Aggregation.of(DistanceSupport.boundedMean(x.clip(thresholds), rows), report);
  }

  /** The median with NaN as +Inf; the midpoint of the two middle values for an even count. */
  static double median(double[] values) {
    double[] v = values.clone();
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        v[i] = Double.POSITIVE_INFINITY;
      }
    }
    Arrays.sort(v);
    int n = v.length;
    if (n % 2 == 1) {
      return v[n / 2];
    }
    double a = v[n / 2 - 1];
    double b = v[n / 2];
    return a == b ? a : a + (b - a) / 2;
  }

  /**
   * Membership of the larger group of a deterministic 2-means of the points (see the class
   * comment).
   */
  static boolean[] majority(double[][] p) {
    int n = p.length;
    boolean[] all = new boolean[n];
    Arrays.fill(all, true);
    int a = -1;
    int b = -1;
    double far = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = squared(p[i], p[j]);
        if (s > far) {
          far = s;
          a = i;
          b = j;
        }
      }
    }
    if (a < 0) {
      return all; // all points coincide: one group
    }
    double[][] centre = {p[a].clone(), p[b].clone()};
    int[] label = new int[n];
    Arrays.fill(label, -1);
    for (int it = 0; it < MAX_LLOYD; it++) {
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        int l = squared(p[i], centre[1]) < squared(p[i], centre[0]) ? 1 : 0;
        if (l != label[i]) {
          label[i] = l;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      for (int c = 0; c < 2; c++) {
        double[] sum = new double[p[0].length];
        int count = 0;
        for (int i = 0; i < n; i++) {
          if (label[i] == c) {
            for (int k = 0; k < sum.length; k++) {
              sum[k] += p[i][k];
            }
            count++;
          }
        }
        if (count > 0) {
          for (int k = 0; k < sum.length; k++) {
            centre[c][k] = sum[k] / count;
          }
        }
      }
    }
    int ones = 0;
    for (int l : label) {
      ones += l;
    }
    int winner = ones * 2 > n ? 1 : ones * 2 < n ? 0 : label[0];
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = label[i] == winner;
    }
    return out;
  }

  private static double squared(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      double t = a[k] - b[k];
      s += t * t;
    }
    return s;
  }

  @Override
  public Theory theory(int n, int f, int d) {
    return Theory.none("unknown: no resilience bound");
  }
}
