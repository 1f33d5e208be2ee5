package org.byzspark.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.PairwiseDistances;
import org.byzspark.aggregation.Round;
import org.byzspark.util.Params;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one aggregation on the driver, for every registered rule (default parameters).
 *
 * <p>Input: n i.i.d. N(0, 1) vectors of dimension d, row i drawn from {@code SplittableRandom(SEED
 * + i)} (the same bits for every rule and every run). f = ⌊(n−3)/4⌋ for every rule, the largest f
 * that Bulyan and AggregaThor (n ≥ 4f+3) accept, so that all rules see the same (n, f): n=15 → f=3,
 * n=25 → f=5, n=100 → f=24. A rule whose {@link Aggregator#check} refuses (n, f, d) — mda at n=100,
 * C(100, 76) subsets — fails its setup with a message starting {@code REFUSED}; JMH then moves on
 * and the report script lists it as refused.
 *
 * <p>pkrum is measured on its Krum branch (the expensive one): the round is the first step ≥ 2
 * whose coin selects Krum. cc keeps its state across calls (start=previous), as in training.
 * clippedclustering and foolsgold are measured from their initial state, i.e. on a run's first step
 * (foolsgold's later steps also read and write its n·d histories; clippedclustering's median runs
 * over a history that grows by n norms per step). smea searches C(n, f) subsets: at n=100, f=24 it
 * is refused (above its max-subsets), at n=25, f=5 it visits C(25, 5) = 53,130.
 *
 * <p>References: {@link #gram} is one Gram matrix G = XᵀX of the same rows with the pure-Java BLAS
 * {@code dsyrk("U","T")} over packed column-major blocks (what {@link PairwiseDistances} called
 * before its own tiled kernel, which has the same bits), {@link #pairwise} the full {@link
 * PairwiseDistances#of} (finiteness and centring passes, packing, Gram, guard), {@link #plainsum}
 * the mean of the rows in a plain single-threaded loop.
 *
 * <p>Mode: sample time (each call timed); the report uses the median (p50) of the samples.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms6g",
      "-Xmx6g",
      // A young generation small enough to be touched in the first second of warm-up: on this
      // machine (a VM) the first write to a heap page costs tens of microseconds, so a call that
      // allocates its output in a fresh 2 GB eden is measured at page-fault speed (average at
      // n = 25, d = 10^4: 0.74 ms instead of 0.06 ms) until the eden has been used once.
      "-Xmn128m",
      "-XX:+UseParallelGC",
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-modules=jdk.incubator.vector",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
    })
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class AggregatorBenchmark {
  static final long SEED = 20240601L;

  /** Target size of the packed block, in doubles (as in PairwiseDistances). */
  private static final int BUFFER = 1 << 19;

  private static final BLAS BLAS_INSTANCE = JavaBLAS.getInstance();

  /** f used for n inputs: the largest f with n ≥ 4f+3. */
  public static int f(int n) {
    return Math.max(0, (n - 3) / 4);
  }

  /** The benchmark input: n seeded Gaussian rows of length d. */
  @State(Scope.Benchmark)
  public static class Input {
    @Param({"15", "25", "100"})
    public int n;

    @Param({"10000", "1000000"})
    public int d;

    public double[][] x;
    public int f;

    @Setup(Level.Trial)
    public void setup() {
      x = gaussian(n, d);
      f = f(n);
    }
  }

  /** n rows of N(0, 1), row i from SplittableRandom(SEED + i); generated in parallel. */
  public static double[][] gaussian(int n, int d) {
    double[][] x = new double[n][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              SplittableRandom r = new SplittableRandom(SEED + i);
              double[] row = new double[d];
              for (int k = 0; k < d; k++) {
                row[k] = r.nextGaussian();
              }
              x[i] = row;
            });
    return x;
  }

  /** The rule under test. */
  @State(Scope.Benchmark)
  public static class Rule {
    @Param({
      "average",
      "cwtm",
      "cwmed",
      "meamed",
      "krum",
      "multikrum",
      "krumstar",
      "multikrumstar",
      "medoid",
      "pkrum",
      "bulyan",
      "aggregathor",
      "mda",
      "gm",
      "cc",
      "cge",
      "aksel",
      "caf",
      "smea",
      "dnc",
      "monna",
      "phocas",
      "rfa",
      "signguard",
      "clippedclustering",
      "foolsgold",
      "fltrust"
    })
    public String rule;

    public Aggregator agg;
    public Round round;
    public org.byzspark.aggregation.RuleState state;

    @Setup(Level.Trial)
    public void setup(Input in) {
      agg = Aggregators.create(rule, Params.empty());
      String why = refusal(agg, in.n, in.f, in.d);
      if (why != null) {
        System.out.println(
            "REFUSED " + rule + " n=" + in.n + " f=" + in.f + " d=" + in.d + ": " + why);
        throw new IllegalStateException("REFUSED " + rule + ": " + why);
      }
      round = roundFor(rule);
      state = stateFor(agg, in.d);
    }
  }

  /**
   * The rule's initial state; for a rule that uses the server's gradient (fltrust), with one more
   * N(0, 1) vector as g₀ (from SplittableRandom(SEED − 1), not one of the inputs).
   */
  public static org.byzspark.aggregation.RuleState stateFor(Aggregator agg, int d) {
    if (!agg.usesServerGradient()) {
      return agg.initialState();
    }
    SplittableRandom r = new SplittableRandom(SEED - 1);
    double[] g0 = new double[d];
    for (int k = 0; k < d; k++) {
      g0[k] = r.nextGaussian();
    }
    return agg.initialState().with(org.byzspark.aggregation.RuleState.SERVER_GRADIENT, g0);
  }

  /** The check() message if the rule refuses (n, f, d), else null. */
  public static String refusal(Aggregator agg, int n, int f, int d) {
    try {
      agg.check(n, f, d);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Round(1, SEED) except for pkrum: the first step ≥ 2 that takes the Krum branch. */
  static Round roundFor(String rule) {
    if (!rule.equals("pkrum")) {
      return new Round(1, SEED);
    }
    double[][] tiny = gaussian(7, 4);
    Aggregator probe = Aggregators.create("pkrum", Params.empty());
    for (long step = 2; step < 10_000; step++) {
      Round r = new Round(step, SEED);
      String report =
          probe
              .aggregate(org.byzspark.aggregation.VectorSet.of(tiny), 1, r, probe.initialState())
              .report();
      if (report.startsWith("branch=krum")) {
        return r;
      }
    }
    throw new IllegalStateException("no Krum step found for pkrum");
  }

  @Benchmark
  public double[] aggregate(Input in, Rule r) {
    return r.agg
        .aggregate(org.byzspark.aggregation.VectorSet.of(in.x), in.f, r.round, r.state)
        .value()
        .toArray();
  }

  /** One Gram matrix XᵀX (upper triangle) with the pure-Java dsyrk, rows packed block by block. */
  @Benchmark
  public double[] gram(Input in) {
    return gram(in.x);
  }

  /** PairwiseDistances.of (all squared distances, as the Krum family computes them). */
  @Benchmark
  public PairwiseDistances pairwise(Input in) {
    return PairwiseDistances.of(in.x);
  }

  /**
   * The mean of the rows in a plain single-threaded loop, row after row (the reference of {@code
   * average} on small inputs: a rule's fixed cost is its time beyond this loop's).
   */
  @Benchmark
  public double[] plainsum(Input in) {
    return plainMean(in.x);
  }

  /** Row 0 copied, rows 1..n−1 added in order, divided by n: one thread, no other allocation. */
  static double[] plainMean(double[][] x) {
    int n = x.length;
    double[] out = x[0].clone();
    for (int i = 1; i < n; i++) {
      double[] r = x[i];
      for (int k = 0; k < out.length; k++) {
        out[k] += r[k];
      }
    }
    for (int k = 0; k < out.length; k++) {
      out[k] /= n;
    }
    return out;
  }

  static double[] gram(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[] g = new double[n * n];
    int block = Math.min(d, Math.max(64, BUFFER / n));
    double[] buf = new double[block * n];
    for (int k0 = 0; k0 < d; k0 += block) {
      int b = Math.min(block, d - k0);
      for (int j = 0; j < n; j++) {
        System.arraycopy(x[j], k0, buf, j * b, b);
      }
      BLAS_INSTANCE.dsyrk("U", "T", n, b, 1.0, buf, b, k0 == 0 ? 0.0 : 1.0, g, n);
    }
    return g;
  }

  /**
   * Prints, one per line, {@code rule} or {@code rule n d REFUSED message} for the registry's rules
   * over the given n and d lists (used by scripts/bench-aggregators.sh to build the -p list).
   * Arguments: {@code names} | {@code refusals n1,n2 d1,d2}.
   */
  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("names")) {
      System.out.println(String.join(",", Aggregators.names()));
      return;
    }
    String[] ns = args[1].split(",");
    String[] ds = args[2].split(",");
    String[] rules =
        args.length > 3 ? args[3].split(",") : Aggregators.names().toArray(new String[0]);
    for (String rule : rules) {
      for (String sn : ns) {
        for (String sd : ds) {
          int n = Integer.parseInt(sn);
          int d = Integer.parseInt(sd);
          String why = refusal(Aggregators.create(rule, Params.empty()), n, f(n), d);
          if (why != null) {
            System.out.println(rule + "\t" + n + "\t" + d + "\t" + why);
          }
        }
      }
    }
  }
}
