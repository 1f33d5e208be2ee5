package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackContext;
import org.byzspark.attack.Attacks;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

/**
 * One contract for everything the registries hold, walked from the registries themselves (a new
 * rule, pre-aggregator or attack is checked as soon as it is registered): the declaration matches
 * the registered name and every declared default is valid; unknown and invalid parameters fail with
 * one line; the program runs on the algebra with the documented shape, is deterministic across
 * thread counts, never modifies its input, and never throws on non-finite input; an attack never
 * modifies the messages it is given.
 */
class RegistryContractTest {
  private static final int N = 11;
  private static final int F = 2;
  private static final int D = 700;

  private static double[][] input(long seed, int n, int badRows) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][D];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < D; k++) {
        x[i][k] = r.nextGaussian();
      }
    }
    for (int i = n - badRows; i < n; i++) {
      x[i][r.nextInt(D)] = i % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
      x[i][r.nextInt(D)] = -1e300;
    }
    return x;
  }

  private static double[][] deepCopy(double[][] x) {
    double[][] c = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i].clone();
    }
    return c;
  }

  private static void declarationIsSound(Component spec, String registered) {
    assertEquals(registered, spec.name());
    assertFalse(spec.summary().isBlank(), registered + " has no summary");
    for (ParamSpec p : spec.params()) {
      assertFalse(p.doc().isBlank(), registered + "." + p.name() + " has no doc");
      assertFalse(p.allowed().isBlank(), registered + "." + p.name() + " says nothing allowed");
      if (p.defaultValue() != null) {
        assertTrue(p.check().test(p.defaultValue()), registered + "." + p.name() + " default");
      } else {
        assertFalse(p.defaultText().isBlank(), registered + "." + p.name() + " default text");
      }
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> spec.resolve(Params.parse(List.of("no-such-key=1"))));
    assertTrue(e.getMessage().startsWith("unknown parameter 'no-such-key' for " + registered));
  }

  private static Params defaults(Component spec) {
    // clip has a required parameter; give it one
    return spec.name().equals("clip") ? Params.parse(List.of("c=2")) : Params.empty();
  }

  /**
   * The rule's initial state, with the server's gradient g₀ (row 0 plus 1 at coordinate 0, an
   * honest-looking vector not among the inputs) for a rule that uses one.
   */
  static RuleState start(Aggregator rule, double[][] x) {
    if (!rule.usesServerGradient()) {
      return rule.initialState();
    }
    double[] g0 = x[0].clone();
    g0[0] += 1;
    return rule.initialState().with(RuleState.SERVER_GRADIENT, g0);
  }

  @Test
  void everyRule() throws Exception {
    for (String name : Aggregators.names()) {
      Component spec = Aggregators.spec(name);
      declarationIsSound(spec, name);
      Aggregator rule = Aggregators.create(name, defaults(spec));
      assertEquals(name, rule.name());
      int n = name.equals("bulyan") || name.equals("aggregathor") ? 4 * F + 3 : N;
      rule.check(n, F, D);
      double[][] x = input(name.hashCode(), n, F);
      double[][] before = deepCopy(x);
      Round round = new Round(3, 7);
      RuleState start = start(rule, x);
      Aggregation a = rule.aggregate(VectorSet.of(x), F, round, start);
      assertArrayEquals(before, x, name + " modified its input");
      double[] v = a.value().toArray();
      assertEquals(D, v.length, name);
      assertFalse(a.report().contains("\n"), name);
      boolean robust = !name.equals("average") && !name.equals("pkrum");
      if (robust) {
        for (double c : v) {
          assertTrue(Double.isFinite(c), name + " returned a non-finite value with f bad rows");
        }
      }
      double[] one =
          new ForkJoinPool(1)
              .submit(() -> rule.aggregate(VectorSet.of(x), F, round, start).value().toArray())
              .get();
      double[] three =
          new ForkJoinPool(3)
              .submit(() -> rule.aggregate(VectorSet.of(x), F, round, start).value().toArray())
              .get();
      assertArrayEquals(one, three, 0.0, name + " depends on the thread count");
      assertArrayEquals(v, one, 0.0, name);
    }
  }

  @Test
  void everyPreAggregator() {
    for (String name : Aggregators.preNames()) {
      Component spec = Aggregators.preSpec(name);
      declarationIsSound(spec, name);
      String arg = spec.name().equals("clip") ? "clip:c=2" : name;
      PreAggregator p = Aggregators.createPre(arg);
      assertEquals(name, p.name());
      double[][] x = input(name.hashCode(), N, F);
      double[][] before = deepCopy(x);
      VectorSet y = p.apply(VectorSet.of(x), F, new Round(2, 5));
      assertArrayEquals(before, x, name + " modified its input");
      assertEquals(p.outputShape(N, F)[0], y.size(), name + " output count");
      assertEquals(D, y.dimension(), name);
      assertArrayEquals(
          y.toArrays(), p.apply(VectorSet.of(x), F, new Round(2, 5)).toArrays(), name);
    }
  }

  @Test
  void everyAttack() {
    Aggregator rule = Aggregators.create("cwtm", Params.empty());
    for (String name : Attacks.names()) {
      declarationIsSound(Attacks.spec(name), name);
      Attack a = Attacks.create(name, Params.empty());
      assertEquals(name, a.name());
      double[][] honest = input(name.hashCode(), N - F, 0);
      double[][] own = input(name.hashCode() + 1, F, 0);
      VectorSet h = VectorSet.of(honest);
      VectorSet o = a.needsOwn() ? VectorSet.of(own) : h.constant(0, 0);
      AttackContext ctx = new AttackContext(new Round(4, 9), N, F, rule, F);
      double[][] honestBefore = deepCopy(honest);
      double[][] ownBefore = deepCopy(own);
      VectorSet forged = a.forge(h, o, ctx);
      // the rows are the workers' momenta, which the next step reads again
      assertArrayEquals(honestBefore, honest, name + " modified the honest messages");
      assertArrayEquals(ownBefore, own, name + " modified its own messages");
      assertEquals(F, forged.size(), name);
      assertEquals(D, forged.dimension(), name);
      assertArrayEquals(forged.toArrays(), a.forge(h, o, ctx).toArrays(), name);
    }
  }
}
