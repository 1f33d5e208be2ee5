package org.byzspark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.byzspark.util.Permutation;
import org.byzspark.util.Seeds;

/**
 * How the N training examples are dealt to the n workers ({@code --split}), as a pure function of
 * the labels and the seed: {@link #assign} gives each example's worker.
 *
 * <ul>
 *   <li>{@code iid}: ⌊π(i)·n/N⌋ for a seeded permutation π ({@link Permutation}), the same as
 *       {@link WorkerPartitioner#iid}: shares of ⌊N/n⌋ or ⌈N/n⌉ uniformly drawn examples.
 *   <li>{@code classes:k}: each worker holds k classes (HGO C.2, "a random sample containing only a
 *       few classes"): the classes are shuffled (seeded) into a cycle c_0..c_{C−1} and worker i
 *       gets c_{(ik + j) mod C}, j &lt; k, so that every class is held when nk ≥ C; the examples of
 *       a class, in seeded random order, are cut into equal contiguous shares among its holders.
 *       Needs 1 ≤ k ≤ C.
 *   <li>{@code dirichlet:alpha}: for each class c, proportions p_c ~ Dirichlet(α, ..., α) over the
 *       n workers (seeded per class); the class's examples, in seeded random order, are cut at the
 *       rounded cumulative proportions (Hsu et al. 2019, as in ByzFL and Blades). Needs α &gt; 0;
 *       small α is very unbalanced.
 *   <li>{@code extreme}: examples sorted by (label, seeded random order) and cut into n contiguous
 *       shards of ⌊N/n⌋ or ⌈N/n⌉: each worker sees one or two classes.
 *   <li>{@code gamma:γ}: γ-similarity as ByzFL defines it (Allouah et al. 2023): the examples in
 *       seeded random order, the first ⌊γN⌋ cut into n contiguous equal shares (dealt IID), the
 *       other N − ⌊γN⌋ sorted by (label, that order) and cut into n contiguous shares (as {@code
 *       extreme}); worker i gets share i of both. γ = 1 is IID, γ = 0 is {@code extreme}'s
 *       heterogeneity. Needs 0 ≤ γ ≤ 1.
 * </ul>
 *
 * A worker left with no example is an error naming the split and n.
 *
 * <p>Streams: {@code Seeds.Purpose.SPLIT} with one negative coordinate (−1 extreme order, −2 class
 * cycle, −4−c Dirichlet draw of class c), (−3, c) for the order of class c's examples or (−2, −5)
 * for γ-similarity's order, so they never meet a per-worker (worker ≥ 0) stream of the same
 * purpose.
 */
public final class LabelSplit implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String ALLOWED =
      "iid, classes:k, dirichlet:alpha, extreme, gamma:g (0 <= g <= 1)";

  private final String spec;
  private final String kind;
  private final int k;
  private final double alpha; // dirichlet's α, or gamma's γ

  private LabelSplit(String spec, String kind, int k, double alpha) {
    this.spec = spec;
    this.kind = kind;
    this.k = k;
    this.alpha = alpha;
  }

  public static LabelSplit parse(String spec) {
    String s = spec == null ? "" : spec.strip();
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String arg = colon < 0 ? null : s.substring(colon + 1).strip();
    switch (kind) {
      case "iid", "extreme" -> {
        if (arg != null) {
          throw bad(s, kind + " takes no argument");
        }
        return new LabelSplit(s, kind, 0, 0);
      }
      case "classes" -> {
        int k;
        try {
          k = Integer.parseInt(arg == null ? "" : arg);
        } catch (NumberFormatException e) {
          throw bad(s, "k must be an integer >= 1");
        }
        if (k < 1) {
          throw bad(s, "k must be an integer >= 1");
        }
        return new LabelSplit(s, kind, k, 0);
      }
      case "dirichlet" -> {
        double a;
        try {
          a = Double.parseDouble(arg == null ? "" : arg);
        } catch (NumberFormatException e) {
          a = Double.NaN;
        }
        if (!(a > 0) || Double.isInfinite(a)) {
          throw bad(s, "alpha must be a finite number > 0");
        }
        return new LabelSplit(s, kind, 0, a);
      }
      case "gamma" -> {
        double g;
        try {
          g = Double.parseDouble(arg == null ? "" : arg);
        } catch (NumberFormatException e) {
          g = Double.NaN;
        }
        if (!(g >= 0 && g <= 1)) {
          throw bad(s, "gamma must be a number in [0, 1]");
        }
        return new LabelSplit(s, kind, 0, g);
      }
      default -> throw bad(s, "unknown split '" + kind + "'");
    }
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException(
        "--split: " + spec + " is not allowed (" + why + "); allowed: " + ALLOWED);
  }

  public String kind() {
    return kind;
  }

  public boolean isIid() {
    return kind.equals("iid");
  }

  @Override
  public String toString() {
    return spec;
  }

  /** Fails when k exceeds the number of classes. */
  public void check(int numClasses) {
    if (kind.equals("classes") && k > numClasses) {
      throw bad(spec, "k=" + k + " is more than the " + numClasses + " classes");
    }
  }

  /**
   * The worker of each example.
   *
   * @param labels the label of example i (indices 0..N−1), in 0..numClasses−1
   * @throws IllegalArgumentException when a worker gets no example
   */
  public int[] assign(int[] labels, int numClasses, int n, long seed) {
    check(numClasses);
    int count = labels.length;
    int[] out = new int[count];
    switch (kind) {
      case "iid" -> {
        Permutation perm = new Permutation(Math.max(1, count), seed);
        for (int i = 0; i < count; i++) {
          out[i] = (int) (perm.apply(i) * n / count);
        }
      }
      case "extreme" -> {
        Integer[] order = shuffled(count, Seeds.rng(seed, Seeds.Purpose.SPLIT, -1));
        Integer[] sorted = order.clone();
        int[] rank = new int[count];
        for (int r = 0; r < count; r++) {
          rank[order[r]] = r;
        }
        Arrays.sort(
            sorted,
            (a, b) ->
                labels[a] != labels[b]
                    ? Integer.compare(labels[a], labels[b])
                    : Integer.compare(rank[a], rank[b]));
        for (int r = 0; r < count; r++) {
          out[sorted[r]] = (int) ((long) r * n / count);
        }
      }
      case "classes" -> {
        Integer[] classes = shuffled(numClasses, Seeds.rng(seed, Seeds.Purpose.SPLIT, -2));
        List<List<Integer>> holders = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
          holders.add(new ArrayList<>());
        }
        for (int w = 0; w < n; w++) {
          for (int j = 0; j < k; j++) {
            holders.get(classes[(int) (((long) w * k + j) % numClasses)]).add(w);
          }
        }
        List<List<Integer>> byClass = byClass(labels, numClasses, seed);
        for (int c = 0; c < numClasses; c++) {
          List<Integer> ex = byClass.get(c);
          List<Integer> hs = holders.get(c);
          if (hs.isEmpty()) {
            // nk < C: classes nobody holds are dealt like the first class's holders would be
            hs = List.of(c % n);
          }
          int m = ex.size();
          for (int r = 0; r < m; r++) {
            out[ex.get(r)] = hs.get((int) ((long) r * hs.size() / m));
          }
        }
      }
      case "gamma" -> {
        Integer[] order = shuffled(count, Seeds.rng(seed, Seeds.Purpose.SPLIT, -2, -5));
        int iid = (int) Math.floor(alpha * count);
        for (int r = 0; r < iid; r++) {
          out[order[r]] = (int) ((long) r * n / iid);
        }
        int rest = count - iid;
        int[] rank = new int[count];
        for (int r = 0; r < count; r++) {
          rank[order[r]] = r;
        }
        Integer[] sorted = Arrays.copyOfRange(order, iid, count);
        Arrays.sort(
            sorted,
            (a, b) ->
                labels[a] != labels[b]
                    ? Integer.compare(labels[a], labels[b])
                    : Integer.compare(rank[a], rank[b]));
        for (int r = 0; r < rest; r++) {
          out[sorted[r]] = (int) ((long) r * n / rest);
        }
      }
      default -> { // dirichlet
        List<List<Integer>> byClass = byClass(labels, numClasses, seed);
        for (int c = 0; c < numClasses; c++) {
          double[] p = dirichlet(n, alpha, Seeds.rng(seed, Seeds.Purpose.SPLIT, -4 - c));
          List<Integer> ex = byClass.get(c);
          int m = ex.size();
          double cum = 0;
          int from = 0;
          for (int w = 0; w < n; w++) {
            cum += p[w];
            int to = w == n - 1 ? m : (int) Math.min(m, Math.round(cum * m));
            for (int r = from; r < to; r++) {
              out[ex.get(r)] = w;
            }
            from = Math.max(from, to);
          }
        }
      }
    }
    int[] sizes = new int[n];
    for (int w : out) {
      sizes[w]++;
    }
    for (int w = 0; w < n; w++) {
      if (sizes[w] == 0) {
        throw new IllegalArgumentException(
            "--split: "
                + spec
                + " leaves worker "
                + w
                + " of n="
                + n
                + " without data ("
                + count
                + " examples, "
                + numClasses
                + " classes); allowed: a split where every worker"
                + " gets data (fewer workers, larger k or alpha)");
      }
    }
    return out;
  }

  /** Per worker, the number of examples of each class. */
  public static int[][] histograms(int[] labels, int[] assignment, int numClasses, int n) {
    int[][] h = new int[n][numClasses];
    for (int i = 0; i < labels.length; i++) {
      h[assignment[i]][labels[i]]++;
    }
    return h;
  }

  private static Integer[] shuffled(int size, SplittableRandom rng) {
    Integer[] a = new Integer[size];
    for (int i = 0; i < size; i++) {
      a[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int r = rng.nextInt(i + 1);
      Integer t = a[i];
      a[i] = a[r];
      a[r] = t;
    }
    return a;
  }

  /** The example indices of each class, each list in seeded random order. */
  private static List<List<Integer>> byClass(int[] labels, int numClasses, long seed) {
    List<List<Integer>> out = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      out.get(labels[i]).add(i);
    }
    for (int c = 0; c < numClasses; c++) {
      List<Integer> l = out.get(c);
      SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.SPLIT, -3, c);
      for (int i = l.size() - 1; i > 0; i--) {
        int r = rng.nextInt(i + 1);
        Integer t = l.get(i);
        l.set(i, l.get(r));
        l.set(r, t);
      }
    }
    return out;
  }

  /** A Dirichlet(α, ..., α) draw of length n: normalised Gamma(α, 1) draws. */
  static double[] dirichlet(int n, double alpha, SplittableRandom rng) {
    double[] g = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      g[i] = gamma(alpha, rng);
      sum += g[i];
    }
    if (!(sum > 0)) { // every draw underflowed (tiny α): all mass on one seeded worker
      Arrays.fill(g, 0);
      g[rng.nextInt(n)] = 1;
      return g;
    }
    for (int i = 0; i < n; i++) {
      g[i] /= sum;
    }
    return g;
  }

  /** Gamma(shape, 1): Marsaglia–Tsang, with the U^{1/shape} boost for shape &lt; 1. */
  static double gamma(double shape, SplittableRandom rng) {
    if (shape < 1) {
      double u = rng.nextDouble();
      return gamma(shape + 1, rng) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private static double normal(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
