package org.byzspark.data;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.util.Seeds;

/**
 * The {@code synthetic:...} dataset: sparse binary logistic-regression data of up to d = 10⁷
 * features, generated on the executors from a seed and never materialised on the driver (this
 * object, a handful of numbers, is all a Spark closure carries).
 *
 * <h2>Specification</h2>
 *
 * {@code synthetic:d=D,examples=N,nnz=K[,test=M][,noise=P][,scale=S][,seed=Z]} with keys in any
 * order: D features (1 ≤ D ≤ 10⁸), N training rows (1 ≤ N ≤ 2³¹−1), K non-zeros per row (1 ≤ K ≤
 * min(D, 10⁴)), M test rows (default max(1, N/10); 1 ≤ M ≤ 2³¹−1), P the probability of flipping a
 * label (default 0, 0 ≤ P ≤ 0.5), S the signal scale (default 5, finite, ≥ 0), Z the dataset seed
 * (default 1; a fixed dataset whatever the run's {@code --seed}).
 *
 * <h2>The generator (exactly; a user can reproduce it)</h2>
 *
 * All streams are {@code Seeds.rng(Z, SYNTHETIC, kind, index)} (SplittableRandom seeded by the
 * SplitMix64 chain of {@link Seeds#derive}); every function below is {@code StrictMath}.
 *
 * <ul>
 *   <li><b>Hidden weights</b> w* ∈ ℝ^D, dense but never stored: w*_j = (S/√K)·g_j with g_j = √(−2
 *       ln u₁)·cos(2π u₂) (Box–Muller), where, from the stream (kind 1, index j), u₁ = ((nextLong()
 *       &gt;&gt;&gt; 11) + 1)·2⁻⁵³ ∈ (0, 1] and then u₂ = nextDouble(). Any task computes w*_j for
 *       the columns it meets in O(1) each.
 *   <li><b>Row i</b> (training rows i = 0..N−1, test rows i = N..N+M−1), from the stream (kind 0,
 *       index i), in this order: the K distinct columns by Floyd's algorithm (for j = D−K, ...,
 *       D−1: t = nextInt(j + 1); take t, or j if t was already taken), then sorted increasingly;
 *       one value per column in that order, x_ij = +1 if nextBoolean() else −1; then u =
 *       nextDouble() and v = nextDouble(). With z = Σ_j w*_j·x_ij summed in increasing column order
 *       (double), the clean label is 1 if u &lt; σ(z) = 1/(1 + exp(−z)), else 0 (the logistic model
 *       of w*·x); it is flipped if v &lt; P.
 * </ul>
 *
 * So z ~ N(0, S²) approximately, and with P = 0 the Bayes classifier sign(w*·x) has accuracy
 * E[σ(|z|)] (about 0.92 for S = 5). Which rows are learnable depends on N·K/D, the number of rows
 * that meet a column on average.
 *
 * <h2>Workers, partitions and determinism</h2>
 *
 * Row i depends on (Z, i) only. Worker w of n gets the training rows [⌊wN/n⌋, ⌊(w+1)N/n⌋), a
 * contiguous range (the rows are i.i.d., so this is an i.i.d. split), generated inside its task;
 * the test rows are cut into contiguous ranges, one per test partition. So the same seed gives the
 * same rows whatever the number of partitions or cores that compute them, and a retried task
 * regenerates the same block. Generating a row costs O(K log K) (Floyd's membership test is a scan
 * of the columns taken so far for K ≤ 32, a hash set above; then the sort); memory is about 8 bytes
 * per non-zero.
 */
public final class SyntheticData implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String USAGE =
      "synthetic:d=D,examples=N,nnz=K[,test=M,noise=P,scale=S,seed=Z]";

  /** Test rows per test partition (the test set is cut into ⌈M / this⌉ contiguous ranges). */
  static final int TEST_ROWS_PER_PARTITION = 20_000;

  private static final long KIND_ROW = 0;
  private static final long KIND_WEIGHT = 1;

  private final int d;
  private final long examples;
  private final int nnz;
  private final long test;
  private final double noise;
  private final double scale;
  private final long seed;

  public SyntheticData(
      int d, long examples, int nnz, long test, double noise, double scale, long seed) {
    check(d >= 1 && d <= 100_000_000, "d", d, "an integer in 1..100000000");
    check(
        examples >= 1 && examples <= Integer.MAX_VALUE,
        "examples",
        examples,
        "an integer in 1..2147483647");
    check(
        nnz >= 1 && nnz <= Math.min(d, 10_000),
        "nnz",
        nnz,
        "an integer in 1..min(d, 10000) = 1.." + Math.min(d, 10_000));
    check(test >= 1 && test <= Integer.MAX_VALUE, "test", test, "an integer in 1..2147483647");
    check(noise >= 0 && noise <= 0.5, "noise", noise, "a number in [0, 0.5]");
    check(scale >= 0 && Double.isFinite(scale), "scale", scale, "a finite number >= 0");
    this.d = d;
    this.examples = examples;
    this.nnz = nnz;
    this.test = test;
    this.noise = noise;
    this.scale = scale;
    this.seed = seed;
  }

  private static void check(boolean ok, String key, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(
          "--dataset: synthetic key " + key + "=" + value + " is not allowed; allowed: " + allowed);
    }
  }

  /**
   * Parses the part after {@code synthetic:}; one line naming the key and what is allowed on any
   * error (unknown, repeated or missing key, a value that is not a number or out of range).
   */
  public static SyntheticData parse(String params) {
    Map<String, String> kv = new LinkedHashMap<>();
    List<String> known = List.of("d", "examples", "nnz", "test", "noise", "scale", "seed");
    for (String item : params.split(",", -1)) {
      String it = item.strip();
      int eq = it.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--dataset: synthetic item '" + it + "' is not KEY=VALUE; allowed: " + USAGE);
      }
      String key = it.substring(0, eq).strip();
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "--dataset: synthetic key '"
                + key
                + "' is unknown; allowed keys: "
                + String.join(", ", known));
      }
      if (kv.put(key, it.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("--dataset: synthetic key " + key + " is given twice");
      }
    }
    for (String required : List.of("d", "examples", "nnz")) {
      if (!kv.containsKey(required)) {
        throw new IllegalArgumentException(
            "--dataset: synthetic key " + required + " is missing; allowed: " + USAGE);
      }
    }
    long d = integer(kv, "d", 0);
    long examples = integer(kv, "examples", 0);
    long nnz = integer(kv, "nnz", 0);
    check(d >= 1 && d <= 100_000_000, "d", d, "an integer in 1..100000000");
    check(
        nnz >= 1 && nnz <= Math.min(d, 10_000),
        "nnz",
        nnz,
        "an integer in 1..min(d, 10000) = 1.." + Math.min(d, 10_000));
    return new SyntheticData(
        (int) d,
        examples,
        (int) nnz,
        integer(kv, "test", Math.max(1, examples / 10)),
        number(kv, "noise", 0.0),
        number(kv, "scale", 5.0),
        integer(kv, "seed", 1));
  }

  private static long integer(Map<String, String> kv, String key, long dflt) {
    String v = kv.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      // 1e6 and the like, when they are whole numbers
      try {
        double x = Double.parseDouble(v);
        if (x == Math.rint(x) && Math.abs(x) < 9.0e15) {
          return (long) x;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException(
          "--dataset: synthetic key "
              + key
              + "="
              + v
              + " is not allowed; allowed: an integer (e.g. 1000000 or 1e6)");
    }
  }

  private static double number(Map<String, String> kv, String key, double dflt) {
    String v = kv.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--dataset: synthetic key " + key + "=" + v + " is not allowed; allowed: a number");
    }
  }

  /** Number of features D. */
  public int dim() {
    return d;
  }

  public long examples() {
    return examples;
  }

  public int nnz() {
    return nnz;
  }

  public long testExamples() {
    return test;
  }

  public long seed() {
    return seed;
  }

  /** The canonical spec, every key with its value (defaults filled in). */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "synthetic:d=%d,examples=%d,nnz=%d,test=%d,noise=%s,scale=%s,seed=%d",
        d,
        examples,
        nnz,
        test,
        noise,
        scale,
        seed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyntheticData s && s.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** w*_j, the hidden weight of column j (see the class comment). */
  public double weight(int j) {
    SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.SYNTHETIC, KIND_WEIGHT, j);
    double u1 = ((rng.nextLong() >>> 11) + 1) * 0x1.0p-53;
    double u2 = rng.nextDouble();
    double g = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    return scale / StrictMath.sqrt(nnz) * g;
  }

  /**
   * Rows [from, to) of the global row sequence (training rows, then test rows) as one sparse block.
   */
  public DataBlock rows(long from, long to) {
    if (from < 0 || to < from || to > examples + test || to - from > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("synthetic rows [" + from + ", " + to + ") out of range");
    }
    int rows = (int) (to - from);
    int[] ptr = new int[rows + 1];
    int[] cols = new int[Math.multiplyExact(rows, nnz)];
    float[] vals = new float[cols.length];
    int[] y = new int[rows];
    int[] taken = new int[nnz];
    java.util.HashSet<Integer> set = nnz > 32 ? new java.util.HashSet<>(2 * nnz) : null;
    for (int r = 0; r < rows; r++) {
      SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.SYNTHETIC, KIND_ROW, from + r);
      int count = 0;
      if (set != null) {
        set.clear();
      }
      for (int j = d - nnz; j < d; j++) {
        int t = rng.nextInt(j + 1);
        boolean seen = false;
        if (set != null) {
          seen = !set.add(t);
          if (seen) {
            set.add(j);
          }
        } else {
          for (int k = 0; k < count; k++) {
            if (taken[k] == t) {
              seen = true;
              break;
            }
          }
        }
        taken[count++] = seen ? j : t;
      }
      Arrays.sort(taken);
      int o = r * nnz;
      double z = 0;
      for (int k = 0; k < nnz; k++) {
        cols[o + k] = taken[k];
        vals[o + k] = rng.nextBoolean() ? 1f : -1f;
        z += weight(taken[k]) * vals[o + k];
      }
      double u = rng.nextDouble();
      double v = rng.nextDouble();
      int label = u < 1.0 / (1.0 + StrictMath.exp(-z)) ? 1 : 0;
      y[r] = v < noise ? 1 - label : label;
      ptr[r + 1] = o + nnz;
    }
    return DataBlock.sparse(ptr, cols, vals, y, d);
  }

  /** The first training row of worker w of n: ⌊wN/n⌋ (exact in 128-bit arithmetic). */
  public long workerStart(int w, int workers) {
    return floorFraction(w, examples, workers);
  }

  /** ⌊a·b/c⌋ without overflow. */
  static long floorFraction(long a, long b, long c) {
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(b))
        .divide(BigInteger.valueOf(c))
        .longValueExact();
  }

  /**
   * The n workers' training blocks, partition w generating worker w's rows inside its task; the
   * driver only parallelises the n worker indices.
   */
  public JavaRDD<DataBlock> workerBlocks(JavaSparkContext sc, int workers) {
    if (examples < workers) {
      throw new IllegalArgumentException(
          "--workers: "
              + workers
              + " workers need at least as many training examples, got "
              + examples);
    }
    List<Integer> ids = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      ids.add(w);
    }
    SyntheticData gen = this;
    return sc.parallelize(ids, workers)
        .mapPartitionsWithIndex(
            (p, it) ->
                List.of(gen.rows(gen.workerStart(p, workers), gen.workerStart(p + 1, workers)))
                    .iterator(),
            true);
  }

  /** The test rows N..N+M−1, in contiguous ranges of {@value #TEST_ROWS_PER_PARTITION}. */
  public JavaRDD<DataBlock> testBlocks(JavaSparkContext sc) {
    return testBlocks(sc, (int) ((test + TEST_ROWS_PER_PARTITION - 1) / TEST_ROWS_PER_PARTITION));
  }

  /** The test rows in {@code partitions} contiguous ranges (the rows do not depend on it). */
  public JavaRDD<DataBlock> testBlocks(JavaSparkContext sc, int partitions) {
    List<Integer> ids = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      ids.add(p);
    }
    SyntheticData gen = this;
    long n = examples;
    long m = test;
    return sc.parallelize(ids, partitions)
        .mapPartitionsWithIndex(
            (p, it) -> {
              long from = n + floorFraction(p, m, partitions);
              long to = n + floorFraction(p + 1L, m, partitions);
              return from == to
                  ? List.<DataBlock>of().iterator()
                  : List.of(gen.rows(from, to)).iterator();
            },
            true);
  }
}
