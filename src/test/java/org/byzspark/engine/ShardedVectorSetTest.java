package org.byzspark.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Distances;
import org.byzspark.aggregation.Point;
import org.byzspark.aggregation.PreAggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackContext;
import org.byzspark.attack.Attacks;
import org.byzspark.train.ByzantineStage;
import org.byzspark.util.LocalSpark;
import org.byzspark.util.Params;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sharded set against the in-memory set on local[2]: the same bits for every primitive (the
 * centred Gram matrices and sign counts of any coordinate list included) except the Gram-based
 * distances (within their tie tolerance, exact after refinement), for every rule, pre-aggregator
 * and attack, on random data with NaN, ±Inf, huge, tiny and zero rows and dimensions that are not a
 * multiple of the block, smaller than one block, or exactly one block.
 */
class ShardedVectorSetTest {
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = LocalSpark.start("ShardedVectorSetTest");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  /** n rows of dimension d: gaussian, then the awkward rows at the end. */
  static double[][] awkward(long seed, int n, int d) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i][k] = r.nextGaussian() + (i == 1 ? 3 : 0);
      }
    }
    x[2][r.nextInt(d)] = Double.NaN;
    x[3][r.nextInt(d)] = Double.POSITIVE_INFINITY;
    x[3][r.nextInt(d)] = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < d; k++) {
      x[4][k] *= 1e200; // finite, but its squares overflow: rescaled norm
      x[5][k] *= 1e-200; // finite, squares underflow
    }
    java.util.Arrays.fill(x[6], 0.0);
    System.arraycopy(x[0], 0, x[7], 0, d); // an exact duplicate: cancellation guard
    return x;
  }

  private static void sameBits(double[] a, double[] b, String what) {
    assertEquals(a.length, b.length, what);
    for (int k = 0; k < a.length; k++) {
      assertEquals(
          Double.doubleToRawLongBits(a[k]),
          Double.doubleToRawLongBits(b[k]),
          what + " at " + k + ": " + a[k] + " vs " + b[k]);
    }
  }

  private static void sameBits(double[][] a, double[][] b, String what) {
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++) {
      sameBits(a[i], b[i], what + " row " + i);
    }
  }

  @Test
  void primitivesAtAwkwardDimensions() {
    int[][] cases = {{1100, 512}, {300, 512}, {512, 512}, {2600, 1024}};
    for (int[] c : cases) {
      int d = c[0];
      String at = "d=" + d + " width=" + c[1];
      double[][] x = awkward(d, 10, d);
      try (ShardScope scope = new ShardScope(sc, d, c[1])) {
        VectorSet m = VectorSet.of(x);
        VectorSet s = ShardedVectorSet.fromRows(scope, x, 3);
        assertEquals((d + c[1] - 1) / c[1], scope.blocks(), at);
        sameBits(m.toArrays(), s.toArrays(), at + " toArrays");
        assertArrayEquals(m.finiteRows(), s.finiteRows(), at);
        sameBits(m.norms(), s.norms(), at + " norms");
        double[] p = new SplittableRandom(5).doubles(d).toArray();
        Point pm = m.point(p);
        Point ps = s.point(p);
        sameBits(m.distancesTo(pm), s.distancesTo(ps), at + " distancesTo");
        sameBits(m.squaredDistancesTo(pm), s.squaredDistancesTo(ps), at + " squaredDistancesTo");
        double[] bad = p.clone();
        bad[d / 2] = Double.NaN;
        sameBits(m.distancesTo(m.point(bad)), s.distancesTo(s.point(bad)), at + " to NaN point");
        sameBits(m.mean().toArray(), s.mean().toArray(), at + " mean (NaN where NaN)");
        double[] w = {0.5, -2, 0, 0, 1e-3, 7, 1, 1, 0.25, 3};
        sameBits(m.combine(w, pm, 3).toArray(), s.combine(w, ps, 3).toArray(), at + " combine c");
        sameBits(m.combine(w, null, 1).toArray(), s.combine(w, null, 1).toArray(), at + " combine");
        double[][] mixW = {w, {1, 1, 0, 0, 0, 0, 0, 0, 0, 1}};
        sameBits(
            m.mix(mixW, new double[] {2, 3}).toArrays(),
            s.mix(mixW, new double[] {2, 3}).toArrays(),
            at + " mix");
        double[] t = {1, Double.POSITIVE_INFINITY, 0.5, 2, 3, 1e-300, 0, 1, 100, 4};
        sameBits(m.clip(t).toArrays(), s.clip(t).toArrays(), at + " clip");
        int[] rows = {9, 0, 3, 0};
        sameBits(m.subset(rows).toArrays(), s.subset(rows).toArrays(), at + " subset");
        sameBits(
            m.subset(rows).concat(m.repeat(pm, 2)).concat(m.constant(-1, 1)).toArrays(),
            s.subset(rows).concat(s.repeat(ps, 2)).concat(s.constant(-1, 1)).toArrays(),
            at + " concat");
        sameBits(
            m.rows(List.of(m.row(4), pm)).toArrays(),
            s.rows(List.of(s.row(4), ps)).toArrays(),
            at + " rows");
        assertEquals(0, s.constant(0, 0).size());
        sameBits(m.concat(m.constant(0, 0)).toArrays(), s.concat(s.constant(0, 0)).toArrays(), at);
        assertEquals(m.norm(pm), s.norm(ps), 0.0);
        assertEquals(m.distance(pm, m.row(1)), s.distance(ps, s.row(1)), 0.0);
        distancesAgree(m.distances(), s.distances(), at);
        int[] some = new int[] {0, 3, d / 2, d - 1};
        int[] every = new int[d];
        for (int k = 0; k < d; k++) {
          every[k] = k;
        }
        for (int[] ks : new int[][] {null, some, every, new int[0]}) {
          String what = at + " coordinates " + (ks == null ? "all" : ks.length);
          sameBits(m.gram(pm, ks), s.gram(ps, ks), what + " gram");
          sameBits(m.gram(null, ks), s.gram(null, ks), what + " gram at 0");
          int[][] cm = m.signCounts(ks);
          int[][] cs = s.signCounts(ks);
          for (int q = 0; q < 3; q++) {
            assertArrayEquals(cm[q], cs[q], what + " signs");
          }
        }
        // the whole list is the same coordinates as null
        sameBits(m.gram(pm, null), s.gram(ps, every), at + " gram, all listed");
        assertTrue(scope.persistedCount() > 5, at);
      }
    }
  }

  /** Gram-based values within the tolerance, exact values (guard, refinement) the same bits. */
  static void distancesAgree(Distances a, Distances b, String at) {
    int n = a.size();
    assertEquals(n, b.size());
    assertArrayEquals(a.finiteMask(), b.finiteMask(), at);
    assertEquals(a.tieTolerance(), b.tieTolerance(), 0.0);
    double[][] ma = a.toMatrix();
    double[][] mb = b.toMatrix();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double u = ma[i][j];
        double v = mb[i][j];
        if (Double.isInfinite(u) || u == 0) {
          assertEquals(u, v, 0.0, at + " D[" + i + "][" + j + "]");
        } else {
          assertEquals(u, v, 1e-12 * Math.abs(u), at + " D[" + i + "][" + j + "]");
        }
      }
    }
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    a.refineRows(all);
    b.refineRows(all);
    sameBits(a.toMatrix(), b.toMatrix(), at + " refined distances");
    assertEquals(a.exactDistance(0, 1), b.exactDistance(0, 1), 0.0);
    assertEquals(a.exactDistance(4, 0), b.exactDistance(4, 0), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, b.exactDistance(2, 0), 0.0);
  }

  private static final int N = 11;
  private static final int F = 2;

  /** Honest-looking rows with the last F non-finite, as the contract test. */
  private static double[][] input(long seed, int d) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[N][d];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < d; k++) {
        x[i][k] = r.nextGaussian();
      }
    }
    for (int i = N - F; i < N; i++) {
      x[i][r.nextInt(d)] = i % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
      x[i][r.nextInt(d)] = -1e300;
    }
    return x;
  }

  /** The rule's initial state, with a server gradient g₀ (row 0, shifted) for a rule using one. */
  private static RuleState start(Aggregator rule, double[][] x) {
    if (!rule.usesServerGradient()) {
      return rule.initialState();
    }
    double[] g0 = x[0].clone();
    g0[0] += 1;
    return rule.initialState().with(RuleState.SERVER_GRADIENT, g0);
  }

  @Test
  void everyRuleAndPreAggregatorGivesTheSameBits() {
    int d = 1300;
    double[][] x = input(11, d);
    List<String> failures = new ArrayList<>();
    try (ShardScope scope = new ShardScope(sc, d, 512)) {
      VectorSet s = ShardedVectorSet.fromRows(scope, x, 2);
      VectorSet m = VectorSet.of(x);
      for (String name : Aggregators.names()) {
        Aggregator rule = Aggregators.create(name, Params.empty());
        Round round = new Round(3, 7);
        RuleState start = start(rule, x);
        double[] a = rule.aggregate(m, F, round, start).value().toArray();
        double[] b = rule.aggregate(s, F, round, start).value().toArray();
        try {
          sameBits(a, b, name);
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
      for (String name : Aggregators.preNames()) {
        PreAggregator p = Aggregators.createPre(name.equals("clip") ? "clip:c=2" : name);
        Round round = new Round(2, 5);
        try {
          sameBits(p.apply(m, F, round).toArrays(), p.apply(s, F, round).toArrays(), name);
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * The rules written over {@link VectorSet#gram} and {@link VectorSet#signCounts}, with parameters
   * that exercise their sampled-coordinate paths, over two steps (the state of the stateful ones
   * carried from step to step): the same values, reports and states in memory and sharded, with
   * blocks of two chunks (every rule also runs on blocks of one chunk in {@link
   * #everyRuleAndPreAggregatorGivesTheSameBits}).
   */
  @Test
  void recentRulesOverSeveralStepsGiveTheSameBits() {
    int d = 2600;
    List<String> specs =
        List.of(
            "caf",
            "smea",
            "dnc:b=300,iters=3",
            "dnc:b=700,c=0.5",
            "monna:trusted=2",
            "phocas",
            "rfa",
            "signguard",
            "signguard:sample=0.5",
            "clippedclustering",
            "foolsgold",
            "foolsgold:scale=sum");
    List<String> failures = new ArrayList<>();
    for (int width : new int[] {1024}) {
      try (ShardScope scope = new ShardScope(sc, d, width)) {
        for (String spec : specs) {
          java.util.Map.Entry<String, Params> e = Params.parseNamed(spec);
          Aggregator rule = Aggregators.create(e.getKey(), e.getValue());
          org.byzspark.aggregation.RuleState sm = rule.initialState();
          org.byzspark.aggregation.RuleState ss = rule.initialState();
          for (int step = 1; step <= 2; step++) {
            double[][] x = awkward(100L * step + width, N, d);
            Round round = new Round(step, 7);
            org.byzspark.aggregation.Aggregation a = rule.aggregate(VectorSet.of(x), F, round, sm);
            org.byzspark.aggregation.Aggregation b =
                rule.aggregate(ShardedVectorSet.fromRows(scope, x, 2), F, round, ss);
            String at = spec + " width=" + width + " step=" + step;
            try {
              sameBits(a.value().toArray(), b.value().toArray(), at);
              assertEquals(a.report(), b.report(), at);
              assertEquals(a.state(), b.state(), at + " state");
            } catch (AssertionError err) {
              failures.add(err.getMessage());
            }
            sm = a.state();
            ss = b.state();
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void everyAttackThroughTheByzantineStageGivesTheSameBits() {
    int d = 1100;
    double[][] x = input(13, d);
    for (int i = N - F; i < N; i++) {
      x[i] = x[i - F].clone(); // the Byzantine workers' own honest messages: finite
    }
    Aggregator rule = Aggregators.create("cwtm", Params.empty());
    try (ShardScope scope = new ShardScope(sc, d, 512)) {
      VectorSet s = ShardedVectorSet.fromRows(scope, x, 2);
      VectorSet m = VectorSet.of(x);
      for (String name : Attacks.names()) {
        Attack a = Attacks.create(name, Params.empty());
        ByzantineStage stage = new ByzantineStage(a, F, rule, F);
        Round round = new Round(4, 9);
        VectorSet rm = stage.apply(m, round, rule.initialState());
        VectorSet rs = stage.apply(s, round, rule.initialState());
        assertTrue(rs instanceof ShardedVectorSet, name + " stays sharded");
        sameBits(rm.toArrays(), rs.toArrays(), name);
        sameBits(
            rule.aggregate(rm, F, round, rule.initialState()).value().toArray(),
            rule.aggregate(rs, F, round, rule.initialState()).value().toArray(),
            name + " aggregate");
      }
      AttackContext ctx = new AttackContext(new Round(1, 1), N, F, rule, F);
      assertEquals(F, Attacks.create("little", Params.empty()).forge(s, s, ctx).size());
    }
  }

  /**
   * The attacks with searches and choices (minmax, minsum, fang, tailored, mimic's heuristic), in
   * every variant, give the same bits sharded as in memory: on honest-looking messages through the
   * Byzantine stage, and forged directly from the awkward rows (NaN, ±Inf, 1e200 rows whose squared
   * distances overflow, 1e-200, zero and duplicate rows); mimic's held target through its state.
   */
  @Test
  void searchingAttacksGiveTheSameBits() {
    int d = 1100;
    double[][] x = input(17, d);
    for (int i = N - F; i < N; i++) {
      x[i] = x[i - F].clone();
    }
    String[][] variants = {
      {"minmax:direction=unit", "cwtm"},
      {"minmax:direction=sign", "cwtm"},
      {"minmax:direction=std,gamma-init=0.1", "cwtm"},
      {"minsum:direction=unit", "cwtm"},
      {"minsum:direction=sign", "cwtm"},
      {"fang:target=krum", "cwtm"},
      {"fang:target=trmean,b=3", "cwtm"},
      {"tailored:direction=sign,steps=6,refine=4", "cwmed"},
      {"tailored:direction=unit,steps=6,refine=4", "krum"},
      {"tailored:direction=std,steps=6,refine=4", "cc"},
      {"mimic:target=heuristic", "cwtm"},
    };
    double[][] odd = awkward(23, 10, d);
    try (ShardScope scope = new ShardScope(sc, d, 512)) {
      VectorSet s = ShardedVectorSet.fromRows(scope, x, 2);
      VectorSet m = VectorSet.of(x);
      VectorSet oddS = ShardedVectorSet.fromRows(scope, odd, 3);
      VectorSet oddM = VectorSet.of(odd);
      for (String[] v : variants) {
        var spec = Params.parseNamed(v[0]);
        Attack a = Attacks.create(spec.getKey(), spec.getValue());
        Aggregator rule = Aggregators.create(v[1], Params.empty());
        ByzantineStage stage = new ByzantineStage(a, F, rule, F);
        Round round = new Round(5, 3);
        VectorSet rm = stage.apply(m, round, rule.initialState());
        VectorSet rs = stage.apply(s, round, rule.initialState());
        assertTrue(rs instanceof ShardedVectorSet, v[0] + " stays sharded");
        sameBits(rm.toArrays(), rs.toArrays(), v[0]);
        AttackContext ctx = new AttackContext(round, 10 + F, F, rule, F);
        sameBits(
            a.forge(oddM, oddM.constant(0, 0), ctx).toArrays(),
            a.forge(oddS, oddS.constant(0, 0), ctx).toArrays(),
            v[0] + " awkward rows");
      }
      // the held target across steps: the state returned sharded equals the in-memory one
      Attack held = Attacks.create("mimic", Params.parse(List.of("target=heuristic,every=2")));
      AttackContext c1 = new AttackContext(new Round(1, 3), N, F, null, F);
      AttackContext c2 = new AttackContext(new Round(2, 3), N, F, null, F);
      Attack.Forged fm = held.forge(oddM, oddM.constant(0, 0), c1, held.initialState());
      Attack.Forged fs = held.forge(oddS, oddS.constant(0, 0), c1, held.initialState());
      sameBits(fm.messages().toArrays(), fs.messages().toArrays(), "mimic every=2 step 1");
      assertEquals(fm.state(), fs.state());
      sameBits(
          held.forge(m, m.constant(0, 0), c2, fm.state()).messages().toArrays(),
          held.forge(s, s.constant(0, 0), c2, fs.state()).messages().toArrays(),
          "mimic every=2 step 2");
    }
  }

  @Test
  void defaultWidthIsAChunkMultipleWithEnoughBlocks() {
    assertEquals(512, ShardScope.defaultWidth(15, 300, 4));
    int w = ShardScope.defaultWidth(15, 79_510, 4);
    assertEquals(0, w % 512);
    assertTrue((79_510 + w - 1) / w >= 4);
    // 1000 workers: a block of at most 64 MiB of messages
    int big = ShardScope.defaultWidth(1000, 10_000_000, 4);
    assertTrue(1000L * big * 8 <= ShardScope.MAX_BLOCK_BYTES, "width " + big);
  }

  /**
   * Closing a scope removes the shuffle its sets were cut with: the driver's map output tracker
   * forgets it (and the executors delete its files), while the persisted workers' state the shuffle
   * read from is left alone.
   */
  @Test
  void closingTheScopeRemovesItsShuffle() {
    double[][] rows = awkward(7, 9, 1300);
    org.apache.spark.api.java.JavaRDD<double[]> kept =
        sc.parallelize(java.util.Arrays.asList(rows), 3).cache();
    kept.count();
    org.apache.spark.api.java.JavaRDD<scala.Tuple2<Integer, double[]>> vectors =
        kept.zipWithIndex().map(t -> new scala.Tuple2<>((int) (long) t._2(), t._1()));
    ShardScope scope = new ShardScope(sc, 1300, 512);
    ShardedVectorSet set = ShardedVectorSet.fromVectors(scope, vectors, 9).materialize();
    sameBits(rows, set.toArrays(), "before close");
    List<Integer> shuffles = shuffleIds(set.blocks.rdd());
    assertEquals(1, shuffles.size(), "one shuffle cuts the vectors into blocks");
    org.apache.spark.MapOutputTrackerMaster tracker =
        (org.apache.spark.MapOutputTrackerMaster)
            org.apache.spark.SparkEnv.get().mapOutputTracker();
    assertTrue(tracker.containsShuffle(shuffles.get(0)));
    scope.close();
    assertTrue(!tracker.containsShuffle(shuffles.get(0)), "the shuffle is removed at close");
    assertEquals(
        org.apache.spark.storage.StorageLevel.MEMORY_ONLY(), kept.getStorageLevel(), "state kept");
    assertEquals(9, kept.count());
    kept.unpersist(true);
  }

  /** The shuffle ids in the lineage of {@code rdd}. */
  private static List<Integer> shuffleIds(org.apache.spark.rdd.RDD<?> rdd) {
    List<Integer> ids = new ArrayList<>();
    for (org.apache.spark.Dependency<?> dep :
        scala.jdk.javaapi.CollectionConverters.asJava(rdd.dependencies())) {
      if (dep instanceof org.apache.spark.ShuffleDependency<?, ?, ?> s) {
        ids.add(s.shuffleId());
      }
      ids.addAll(shuffleIds(dep.rdd()));
    }
    return ids;
  }
}
