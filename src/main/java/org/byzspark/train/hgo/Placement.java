package org.byzspark.train.hgo;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.byzspark.util.Seeds;

/**
 * Which workers are Byzantine, and which q workers the server contacts, at each step.
 *
 * <p>Placement ({@code --byzantine-placement}):
 *
 * <ul>
 *   <li>{@code last}: workers n−f..n−1, for the whole run (ByzSpark's RESAM default);
 *   <li>{@code fixed-random}: a seeded uniform f-subset of the n, drawn once for the run;
 *   <li>{@code per-step}: a fresh seeded uniform f-subset at every step (BRSGD's adversary may
 *       change which nodes it controls at every iteration).
 * </ul>
 *
 * <p>Selection of the q contacted workers ({@code --byzantine-sampling}, only when q &lt; n):
 * {@code exact} draws min(f, q) of them from the step's Byzantine set and the rest from the honest
 * workers (HGO's figures: exactly f Byzantine workers among the q at every step); {@code uniform}
 * draws q of the n uniformly, so the number of Byzantine workers contacted varies. Both are seeded
 * by (seed, step); the selection is returned in increasing worker order.
 */
public final class Placement implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String ALLOWED = "last, fixed-random, per-step";

  private final String mode;
  private final boolean exact;
  private final int n;
  private final int f;
  private final int q;
  private final long seed;

  public Placement(String mode, String sampling, int n, int f, int q, long seed) {
    if (!mode.equals("last") && !mode.equals("fixed-random") && !mode.equals("per-step")) {
      throw new IllegalArgumentException(
          "--byzantine-placement: " + mode + " is not allowed; allowed: " + ALLOWED);
    }
    if (!sampling.equals("exact") && !sampling.equals("uniform")) {
      throw new IllegalArgumentException(
          "--byzantine-sampling: " + sampling + " is not allowed; allowed: exact, uniform");
    }
    if (q < 1 || q > n) {
      throw new IllegalArgumentException(
          "--quorum-size: " + q + " is not allowed with --workers " + n + "; allowed: 1 <= q <= n");
    }
    this.mode = mode;
    this.exact = sampling.equals("exact");
    this.n = n;
    this.f = f;
    this.q = q;
    this.seed = seed;
  }

  public String mode() {
    return mode;
  }

  /** Draws k distinct values of {@code from} (partial Fisher–Yates on a copy). */
  static int[] draw(int[] from, int k, SplittableRandom rng) {
    int[] a = from.clone();
    for (int i = 0; i < k; i++) {
      int r = i + rng.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[r];
      a[r] = t;
    }
    int[] out = Arrays.copyOf(a, k);
    Arrays.sort(out);
    return out;
  }

  private static int[] range(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** The step's Byzantine flags, indexed by worker. */
  public boolean[] byzantine(long step) {
    boolean[] b = new boolean[n];
    switch (mode) {
      case "last" -> {
        for (int i = n - f; i < n; i++) {
          b[i] = true;
        }
      }
      case "fixed-random" -> {
        for (int i : draw(range(n), f, Seeds.rng(seed, Seeds.Purpose.PLACEMENT))) {
          b[i] = true;
        }
      }
      default -> {
        for (int i : draw(range(n), f, Seeds.rng(seed, Seeds.Purpose.PLACEMENT, step))) {
          b[i] = true;
        }
      }
    }
    return b;
  }

  /** The q workers contacted at the step, ascending. */
  public int[] selected(long step, boolean[] byzantine) {
    if (q == n) {
      return range(n);
    }
    SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.SAMPLING, step);
    if (!exact) {
      return draw(range(n), q, rng);
    }
    int[] byz = new int[f];
    int[] honest = new int[n - f];
    int bi = 0;
    int hi = 0;
    for (int i = 0; i < n; i++) {
      if (byzantine[i]) {
        byz[bi++] = i;
      } else {
        honest[hi++] = i;
      }
    }
    int fb = Math.min(f, q);
    int[] a = draw(byz, fb, rng);
    int[] h = draw(honest, q - fb, rng);
    int[] out = new int[q];
    System.arraycopy(a, 0, out, 0, fb);
    System.arraycopy(h, 0, out, fb, q - fb);
    Arrays.sort(out);
    return out;
  }
}
