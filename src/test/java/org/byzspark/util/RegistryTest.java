package org.byzspark.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.attack.Attacks;
import org.junit.jupiter.api.Test;

/** The shared registry: order, errors, and scoped additions that leave nothing behind. */
class RegistryTest {
  record Part(String name, int value) {}

  private static Registry<Part> abc() {
    return Registry.<Part>builder("widget", Part::name)
        .add(new Part("a", 1))
        .add(new Part("b", 2))
        .add(new Part("c", 3))
        .build();
  }

  @Test
  void namesInRegistrationOrderAndOneLineErrors() {
    Registry<Part> r = abc();
    assertEquals(List.of("a", "b", "c"), r.names());
    assertEquals(2, r.get("b").value());
    assertNull(r.find("d"));
    assertFalse(r.contains(null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("d"));
    assertEquals("unknown widget 'd'; allowed: a, b, c", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> r.get(null));
    assertEquals("widget name is null; allowed: a, b, c", e.getMessage());
    IllegalStateException dup =
        assertThrows(
            IllegalStateException.class,
            () ->
                Registry.<Part>builder("widget", Part::name)
                    .add(new Part("a", 1))
                    .add(new Part("a", 2)));
    assertEquals("duplicate registration of widget a", dup.getMessage());
  }

  @Test
  void scopedAdditionIsVisibleUntilClosedThenGoneWithoutTrace() throws Exception {
    Registry<Part> r = abc();
    Part d = new Part("d", 4);
    try (Registry<Part>.Registration reg = r.register(d)) {
      assertEquals(List.of("a", "b", "c", "d"), r.names());
      assertSame(d, r.get("d"));
      assertEquals(List.of("a", "b", "c"), r.builtIn().stream().map(Part::name).toList());
      // visible from another thread (a grid runs its runs on a pool)
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Part> seen = pool.submit(() -> r.get("d"));
        assertSame(d, seen.get());
      } finally {
        pool.shutdown();
      }
      // a taken name is refused, built-in or added
      assertThrows(IllegalStateException.class, () -> r.register(new Part("a", 9)));
      assertThrows(IllegalStateException.class, () -> r.register(new Part("d", 9)));
      assertEquals(1, r.get("a").value());
      reg.close();
      reg.close(); // idempotent
    }
    assertEquals(List.of("a", "b", "c"), r.names());
    assertEquals(
        "unknown widget 'd'; allowed: a, b, c",
        assertThrows(IllegalArgumentException.class, () -> r.get("d")).getMessage());
    // the name is free again
    try (Registry<Part>.Registration again = r.register(new Part("d", 5))) {
      assertEquals(5, r.get("d").value());
    }
  }

  @Test
  void namesThatCannotBeWrittenOnTheCommandLineAreRefused() {
    Registry<Part> r = abc();
    for (String bad : new String[] {"", " ", "x:y", "x,y"}) {
      assertThrows(IllegalArgumentException.class, () -> r.register(new Part(bad, 0)), bad);
    }
    assertEquals(List.of("a", "b", "c"), r.names());
  }

  /** Rules and attacks go through the same mechanism: a scoped rule and a scoped attack. */
  @Test
  void rulesAndAttacksTakeScopedAdditions() {
    List<String> rules = Aggregators.names();
    Component spec = Component.of("first-row", "the first input (a test rule)");
    try (var reg = Aggregators.register(spec, p -> Aggregators.create("average", p))) {
      assertTrue(Aggregators.names().contains("first-row"));
      Aggregator a = Aggregators.create("first-row", Params.empty());
      assertEquals("average", a.name());
      assertSame(spec, Aggregators.spec("first-row"));
      assertThrows(
          IllegalStateException.class,
          () -> Aggregators.register(Component.of("krum", "again"), p -> null));
    }
    assertEquals(rules, Aggregators.names());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Aggregators.spec("first-row"))
            .getMessage()
            .startsWith("unknown aggregator 'first-row'; allowed: average, "));

    List<String> attacks = Attacks.names();
    try (var reg =
        Attacks.register(Component.of("quiet", "a test attack"), p -> Attacks.create("zero", p))) {
      assertEquals("zero", Attacks.create("quiet", Params.empty()).name());
      assertEquals(attacks.size() + 1, Attacks.names().size());
    }
    assertEquals(attacks, Attacks.names());
  }
}
