package org.byzspark.attack;

import static org.byzspark.attack.TestRules.attack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.byzspark.aggregation.Round;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

class AttacksTest {
  static final List<String> ALL =
      List.of(
          "none",
          "little",
          "empire",
          "signflip",
          "labelflip",
          "gaussian",
          "omniscient",
          "mimic",
          "nan",
          "inf",
          "zero",
          "adaptive",
          "minmax",
          "minsum",
          "fang",
          "tailored",
          "backdoor",
          "replacement");

  @Test
  void registryListsAllNames() {
    assertEquals(ALL, Attacks.names());
    for (String name : ALL) {
      assertEquals(name, Attacks.create(name, Params.empty()).name());
    }
  }

  @Test
  void unknownNameListsAllowed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Attacks.create("bogus", Params.empty()));
    assertTrue(e.getMessage().contains("unknown attack 'bogus'"), e.getMessage());
    for (String name : ALL) {
      assertTrue(e.getMessage().contains(name), name + " missing in: " + e.getMessage());
    }
  }

  static void invalid(String name, String param, String... mustContain) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> attack(name, param), name + ":" + param);
    String m = e.getMessage();
    assertTrue(m.contains(name), m);
    assertTrue(!m.contains("\n"), "one line: " + m);
    for (String s : mustContain) {
      assertTrue(m.contains(s), "'" + s + "' missing in: " + m);
    }
  }

  @Test
  void invalidParameters() {
    invalid("none", "zeta=1", "unknown parameter 'zeta'", "allowed: none");
    invalid("little", "z=1", "unknown parameter 'z'", "allowed: sign, zeta");
    invalid("little", "zeta=-1", "zeta=-1", ">= 0 or auto");
    invalid("little", "zeta=abc", "zeta=abc", "auto");
    invalid("little", "sign=up", "sign=up", "plus, minus");
    invalid("little", "zeta=Infinity", "zeta=Infinity");
    invalid("empire", "zeta=-0.5", "zeta=-0.5", ">= 0");
    invalid("empire", "zeta=x", "zeta=x", "is invalid; allowed: a finite number >= 0");
    invalid("gaussian", "sigma=-1", "sigma=-1", ">= 0");
    invalid("gaussian", "sigma=1,variance=1", "sigma=1", "variance=1", "exclusive");
    invalid("gaussian", "mean=1", "unknown parameter 'mean'", "sigma, variance");
    invalid("omniscient", "k=NaN", "k=NaN");
    invalid("omniscient", "k=-2", "k=-2");
    invalid("mimic", "target=-1", "target=-1");
    invalid("mimic", "target=x", "target=x", "an integer >= 0");
    invalid("inf", "sign=x", "sign=x", "+, -");
    invalid("adaptive", "base=krum", "base=krum", "little, empire");
    invalid("adaptive", "zeta-max=0", "zeta-max=0", "> 0");
    invalid("adaptive", "steps=0", "steps=0", "[1, 10000]");
    invalid("adaptive", "refine=-1", "refine=-1", "[0, 200]");
    invalid("adaptive", "zeta=1", "unknown parameter 'zeta'", "base, refine, steps, zeta-max");
    invalid("labelflip", "p=1", "unknown parameter 'p'");
    invalid("minmax", "direction=up", "direction=up", "unit, std, sign");
    invalid("minmax", "gamma-init=0", "gamma-init=0", "> 0");
    invalid("minsum", "tolerance=-1", "tolerance=-1", "> 0");
    invalid("minsum", "gamma=1", "unknown parameter 'gamma'", "direction, gamma-init, tolerance");
    invalid("fang", "target=median", "target=median", "trmean, krum");
    invalid("fang", "b=1", "b=1", "a finite number > 1");
    invalid("fang", "lambda-min=0", "lambda-min=0", "> 0");
    invalid("tailored", "direction=x", "direction=x", "unit, std, sign");
    invalid("tailored", "gamma-max=Infinity", "gamma-max=Infinity", "a finite number > 0");
    invalid("tailored", "steps=0", "steps=0", "[1, 10000]");
    invalid("mimic", "target=best", "target=best", "an integer >= 0 or heuristic");
    invalid("mimic", "target=heuristic,every=0", "every=0", "an integer >= 1");
    invalid("mimic", "target=2,every=3", "every=3", "target=2", "only with target=heuristic");
    invalid("mimic", "every=3", "every=3", "only with target=heuristic");
  }

  /**
   * Every attack: f fresh rows of length d, inputs untouched, no row aliases an input or another
   * row.
   */
  @Property(tries = 50)
  void freshRowsAndUntouchedInputs(
      @ForAll @Size(min = 2, max = 5)
          List<@Size(4) List<@DoubleRange(min = -10, max = 10) Double>> rows,
      @ForAll @IntRange(min = 1, max = 3) int f,
      @ForAll @IntRange(min = 1, max = 1000) int step) {
    double[][] honest =
        rows.stream()
            .map(r -> r.stream().mapToDouble(Double::doubleValue).toArray())
            .toArray(double[][]::new);
    double[][] own = new double[f][];
    for (int i = 0; i < f; i++) {
      own[i] = honest[i % honest.length].clone();
      own[i][0] += i + 0.5;
    }
    double[][] honestCopy = deepCopy(honest);
    double[][] ownCopy = deepCopy(own);
    int n = honest.length + f;
    AttackContext c = new AttackContext(new Round(step, 3), n, f, new TestRules.Median(), f);
    for (String name : ALL) {
      double[][] out = Attacks.create(name, Params.empty()).forge(honest, own, c);
      assertEquals(f, out.length, name);
      for (int i = 0; i < f; i++) {
        assertEquals(4, out[i].length, name);
        for (double[] h : honest) {
          assertNotSame(h, out[i], name);
        }
        for (double[] o : own) {
          assertNotSame(o, out[i], name);
        }
        for (int k = 0; k < i; k++) {
          assertNotSame(out[k], out[i], name);
        }
      }
      for (int i = 0; i < honest.length; i++) {
        assertArrayEquals(honestCopy[i], honest[i], 0, name + " modified honest");
      }
      for (int i = 0; i < f; i++) {
        assertArrayEquals(ownCopy[i], own[i], 0, name + " modified own");
      }
    }
  }

  private static double[][] deepCopy(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
    }
    return out;
  }
}
