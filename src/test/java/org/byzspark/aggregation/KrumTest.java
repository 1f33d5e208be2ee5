package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

class KrumTest {
  static final Round R = Round.offline(7);
  // 1-D inputs 0,1,2,3,10,100 with f=1.
  static final double[][] X = {{0}, {1}, {2}, {3}, {10}, {100}};

  static Aggregator rule(String name, String... kv) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return Aggregators.create(name, Params.of(m));
  }

  @Test
  void krumHandComputed() {
    // k = n-f-2 = 3 neighbours, squared distances:
    // 0: 1+4+9=14, 1: 1+1+4=6, 2: 1+1+4=6, 3: 1+4+9=14, 10: 49+64+81=194, 100: 8100+...
    // tie 1 vs 2 -> lowest index, row 1
    RuleSession k = new RuleSession(rule("krum"));
    assertArrayEquals(new double[] {1}, k.aggregate(X, 1, R), 0.0);
    assertEquals("selected=1", k.lastReport());
  }

  @Test
  void multiKrumHandComputed() {
    // default m = n-f = 5: all but the worst (100): (0+1+2+3+10)/5 = 3.2
    assertArrayEquals(new double[] {3.2}, rule("multikrum").aggregate(X, 1, R), 1e-15);
    // m = 2: rows 1 and 2 -> 1.5
    assertArrayEquals(new double[] {1.5}, rule("multikrum", "m", "2").aggregate(X, 1, R), 1e-15);
  }

  @Test
  void krumStarHandComputed() {
    // k = n-f-1 = 4: 0: 1+4+9+100=114, 1: 1+1+4+81=87, 2: 1+1+4+64=70, 3: 1+4+9+49=63,
    // 10: 49+64+81+100=294 -> row 3
    assertArrayEquals(new double[] {3}, rule("krumstar").aggregate(X, 1, R), 0.0);
    // m = 2: rows 3 and 2 -> 2.5
    assertArrayEquals(
        new double[] {2.5}, rule("multikrumstar", "m", "2").aggregate(X, 1, R), 1e-15);
  }

  @Test
  void twoDimensional() {
    // (0,0),(1,0),(0,1),(5,5) with f=0 krum k=n-2=2:
    // row0: d²=1,1,50 -> 2; row1: 1,2,41 -> 3; row2: 1,2,41 -> 3; row3: 50,41,41 -> 82 => row 0
    double[][] x = {{0, 0}, {1, 0}, {0, 1}, {5, 5}};
    assertArrayEquals(new double[] {0, 0}, rule("krum").aggregate(x, 0, R), 0.0);
  }

  @Test
  void checkMessages() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rule("krum").check(10, 4, 3));
    assertEquals("krum needs n > 2f+2, got n=10 f=4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> rule("multikrum").check(6, 2, 3));
    assertEquals("multikrum needs n > 2f+2, got n=6 f=2", e.getMessage());
    rule("krumstar").check(5, 2, 1);
    e = assertThrows(IllegalArgumentException.class, () -> rule("krumstar").check(4, 2, 1));
    assertEquals("krumstar needs n > 2f, got n=4 f=2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> rule("multikrum", "m", "0"));
    assertEquals("multikrum parameter m=0 is invalid; allowed: an integer >= 1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> rule("multikrum", "m", "9").check(8, 1, 1));
    assertEquals("multikrum parameter m=9 must be in [1, n] = [1, 8]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> rule("krum", "m", "2"));
    assertEquals("unknown parameter 'm' for krum; allowed: none", e.getMessage());
  }

  @Test
  void theory() {
    // n=7,f=2: krum* lambda = 1 + sqrt(5/3); krum lambda = 1 + sqrt(3/2)
    assertEquals(
        1 + Math.sqrt(5.0 / 3), rule("krumstar").theory(7, 2, 10).lambda().getAsDouble(), 1e-12);
    assertEquals(
        1 + Math.sqrt(3.0 / 2), rule("krum").theory(7, 2, 10).lambda().getAsDouble(), 1e-12);
    // multi-krum* default m = n-f = 5: factor (n-m)/(n-f) = 2/5
    assertEquals(
        (1 + Math.sqrt(5.0 / 3)) * 0.4,
        rule("multikrumstar").theory(7, 2, 10).lambda().getAsDouble(),
        1e-12);
    // eta(7,2) = sqrt(2*(5 + (2*3 + 4*4)/1)) = sqrt(54)
    assertEquals(Math.sqrt(54), rule("krum").theory(7, 2, 10).eta().getAsDouble(), 1e-12);
    Map<String, String> none = Map.of();
    assertEquals(
        true, Aggregators.create("krum", Params.of(none)).theory(6, 2, 1).lambda().isEmpty());
  }

  @Test
  void nonFiniteInputsAreNeverSelected() {
    double[][] x = {
      {Double.NaN, 0}, {1, 1}, {1, 1.1}, {Double.POSITIVE_INFINITY, 1}, {1.1, 1}, {0.9, 1}, {1, 0.9}
    };
    for (String name : new String[] {"krum", "multikrum", "krumstar", "multikrumstar"}) {
      double[] out = rule(name).aggregate(x, 2, R);
      for (double v : out) {
        assertEquals(true, Double.isFinite(v), name);
      }
    }
  }
}
