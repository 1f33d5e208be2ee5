package org.byzspark.train.hgo;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.byzspark.util.Params;
import org.byzspark.util.Seeds;

/**
 * The computation rates λ_i of the n workers (HGO section 2.2: coordinates of one example's
 * gradient per time unit), drawn once per run, written {@code --profile NAME[:key=value,...]}.
 *
 * <p>Each worker belongs to a category — weak, average or powerful — and its rate is drawn from a
 * normal distribution N(mean_c, (spread·mean_c)²) of its category (HGO 5.1), redrawn while it is
 * not positive (at most 100 times, then mean_c/100). Default means: weak 2·10^5, average 10^6,
 * powerful 4·10^6 (so that with b = 25 and τ = 1 a weak worker computes 8,000 coordinates, an
 * average one 40,000 and a powerful one 160,000); default spread 0.1. Keys {@code weak}, {@code
 * average}, {@code powerful}, {@code spread} change them.
 *
 * <p>Category counts: the scenario's proportions times n, rounded by largest remainder (ties to the
 * weaker category); the categories are then dealt to workers by a seeded shuffle. Named scenarios
 * (weak / average / powerful proportions), HGO Figure 8 — the paper names C_weak, C_min (weak with
 * 10 % powerful) and C_powerful; c1–c3 are our evenly spaced points between them:
 *
 * <pre>
 *   weak      100/0/0      c1   60/30/10     c3   10/30/60
 *   min        90/0/10     c2   30/40/30 (= default, HGO 5.1)      powerful  0/0/100
 * </pre>
 *
 * {@code rates:L1/L2/.../Ln} gives every worker's rate explicitly (n positive numbers).
 */
public final class ComputeProfile implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String ALLOWED =
      "weak, min, c1, c2, c3, powerful (keys weak, average, powerful, spread), rates:L1/.../Ln";
  private static final Map<String, double[]> SCENARIOS =
      Map.of(
          "weak", new double[] {1, 0, 0},
          "min", new double[] {0.9, 0, 0.1},
          "c1", new double[] {0.6, 0.3, 0.1},
          "c2", new double[] {0.3, 0.4, 0.3},
          "c3", new double[] {0.1, 0.3, 0.6},
          "powerful", new double[] {0, 0, 1});

  private final String spec;
  private final double[] proportions; // null for an explicit list
  private final double[] means;
  private final double spread;
  private final double[] explicit;

  private ComputeProfile(
      String spec, double[] proportions, double[] means, double spread, double[] explicit) {
    this.spec = spec;
    this.proportions = proportions;
    this.means = means;
    this.spread = spread;
    this.explicit = explicit;
  }

  public static ComputeProfile parse(String spec) {
    String s = spec == null ? "" : spec.strip();
    try {
      if (s.startsWith("rates:")) {
        String[] parts = s.substring("rates:".length()).split("/");
        double[] rates = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
          rates[i] = Double.parseDouble(parts[i].strip());
          if (!(rates[i] > 0) || Double.isInfinite(rates[i])) {
            throw new NumberFormatException();
          }
        }
        return new ComputeProfile(s, null, null, 0, rates);
      }
      Map.Entry<String, Params> e = Params.parseNamed(s);
      double[] prop = SCENARIOS.get(e.getKey());
      if (prop == null) {
        throw bad(spec, "unknown profile '" + e.getKey() + "'");
      }
      Params ps = e.getValue().requireOnly("profile", "weak", "average", "powerful", "spread");
      double[] means = {
        ps.getDouble("profile", "weak", 2e5),
        ps.getDouble("profile", "average", 1e6),
        ps.getDouble("profile", "powerful", 4e6)
      };
      double spread = ps.getDouble("profile", "spread", 0.1);
      for (double m : means) {
        if (!(m > 0) || Double.isInfinite(m)) {
          throw bad(spec, "category means must be finite numbers > 0");
        }
      }
      if (!(spread >= 0) || Double.isInfinite(spread)) {
        throw bad(spec, "spread must be a finite number >= 0");
      }
      return new ComputeProfile(s, prop, means, spread, null);
    } catch (NumberFormatException ex) {
      throw bad(spec, "rates must be finite numbers > 0 separated by /");
    } catch (IllegalArgumentException ex) {
      if (ex.getMessage().startsWith("--profile")) {
        throw ex;
      }
      throw bad(spec, ex.getMessage());
    }
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException(
        "--profile: " + spec + " is not allowed (" + why + "); allowed: " + ALLOWED);
  }

  /** Fails when an explicit list does not have n rates. */
  public void check(int n) {
    if (explicit != null && explicit.length != n) {
      throw bad(spec, "it lists " + explicit.length + " rates for --workers " + n);
    }
  }

  /** Number of workers of each category (weak, average, powerful) among n, largest remainder. */
  static int[] counts(double[] proportions, int n) {
    int[] c = new int[3];
    double[] rem = new double[3];
    int total = 0;
    for (int k = 0; k < 3; k++) {
      double x = proportions[k] * n;
      c[k] = (int) Math.floor(x + 1e-9);
      rem[k] = x - c[k];
      total += c[k];
    }
    while (total < n) {
      int best = 0;
      for (int k = 1; k < 3; k++) {
        if (rem[k] > rem[best] + 1e-12) {
          best = k;
        }
      }
      c[best]++;
      rem[best] = -1;
      total++;
    }
    return c;
  }

  /** The category (0 weak, 1 average, 2 powerful) of each of the n workers; −1 for explicit. */
  public int[] categories(int n, long seed) {
    int[] cat = new int[n];
    if (explicit != null) {
      Arrays.fill(cat, -1);
      return cat;
    }
    int[] c = counts(proportions, n);
    int i = 0;
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < c[k]; j++) {
        cat[i++] = k;
      }
    }
    SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.PROFILE);
    for (int j = n - 1; j > 0; j--) {
      int r = rng.nextInt(j + 1);
      int t = cat[j];
      cat[j] = cat[r];
      cat[r] = t;
    }
    return cat;
  }

  /** λ_1..λ_n, a deterministic function of (profile, n, seed). */
  public double[] rates(int n, long seed) {
    check(n);
    if (explicit != null) {
      return explicit.clone();
    }
    int[] cat = categories(n, seed);
    double[] rates = new double[n];
    for (int i = 0; i < n; i++) {
      SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.PROFILE, i);
      double mean = means[cat[i]];
      double r = 0;
      for (int tries = 0; tries < 100 && !(r > 0); tries++) {
        r = mean + spread * mean * gaussian(rng);
      }
      rates[i] = r > 0 ? r : mean / 100;
    }
    return rates;
  }

  /** A standard normal draw (Box–Muller, one value per call, two uniforms consumed). */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble(); // (0, 1]
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  @Override
  public String toString() {
    return spec;
  }
}
