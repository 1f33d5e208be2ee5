package org.byzspark.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid files: axes, products, zips, exclusions, ranges, includes; run ids and hashes. */
class GridTest {
  static final Set<String> KNOWN =
      Set.of(
          "aggregator",
          "attack",
          "seed",
          "momentum",
          "byzantine",
          "workers",
          "steps",
          "pre",
          "agg-param",
          "dataset");
  static final Set<String> REPEATABLE = Set.of("pre", "agg-param");

  static Grid parse(String text) {
    return Grid.parse(text, "/tmp", KNOWN, REPEATABLE);
  }

  static List<String> labels(Grid g) {
    return g.expand().stream().map(p -> String.join(" ", p.axes().values())).toList();
  }

  @Test
  void productOfAxesFirstAxisSlowest() {
    Grid g = parse("steps = 10\naggregator = [cwtm, krum, mda]\nseed = 1..2\n");
    assertEquals(List.of("cwtm 1", "cwtm 2", "krum 1", "krum 2", "mda 1", "mda 2"), labels(g));
    Grid.Point p = g.expand().get(3);
    assertEquals(List.of("10"), p.settings().get("steps"));
    assertEquals(List.of("krum"), p.settings().get("aggregator"));
    assertEquals(List.of("2"), p.settings().get("seed"));
  }

  @Test
  void noAxesIsOneRun() {
    assertEquals(List.of(""), labels(parse("steps = 10\n")));
  }

  @Test
  void rangesAreInclusiveAndChecked() {
    assertEquals(List.of("3", "4", "5"), labels(parse("seed = 3..5")));
    assertEquals(List.of("-1", "0"), labels(parse("seed = -1..0")));
    assertEquals(List.of("7"), labels(parse("seed = 7..7")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("seed = 5..3"));
    assertTrue(e.getMessage().contains("a..b with a <= b"), e.getMessage());
  }

  @Test
  void zipAdvancesAxesTogether() {
    Grid g =
        parse(
            "attack = [little, empire]\nmomentum = [0, 0.99]\nseed = 1..2\n"
                + "zip = attack, momentum\n");
    assertEquals(List.of("little 0 1", "little 0 2", "empire 0.99 1", "empire 0.99 2"), labels(g));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> parse("attack = [little, empire]\nseed = 1..3\nzip = attack, seed\n"));
    assertTrue(e.getMessage().contains("different lengths"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> parse("attack = [little, empire]\nzip = attack, steps\n"));
  }

  @Test
  void zipMembersMayRepeatValuesButNotTuples() {
    Grid g =
        parse(
            "momentum = [0, 0, 0.99]\naggregator = [cwtm, krum, cwtm]\n"
                + "attack = [little, little, empire]\nzip = momentum, aggregator, attack\n");
    assertEquals(List.of("0 cwtm little", "0 krum little", "0.99 cwtm empire"), labels(g));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                parse(
                    "aggregator = [cwtm, krum, cwtm]\nattack = [little, empire, little]\n"
                        + "zip = aggregator, attack\n"));
    assertTrue(e.getMessage().contains("tuple (cwtm, little) twice"), e.getMessage());
    // outside a zip group a repeated value is still refused, naming its line
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> parse("aggregator = [cwtm, krum]\nattack = [little, little]\n"));
    assertTrue(e.getMessage().contains("line 2: attack lists a value twice"), e.getMessage());
  }

  @Test
  void excludeRemovesMatchingCombinations() {
    Grid g =
        parse(
            "aggregator = [cwtm, krum]\nattack = [little, empire]\nbyzantine = 2\n"
                + "exclude = aggregator=krum attack=little\nexclude = aggregator=cwtm byzantine=3\n");
    // the second condition names a fixed value that does not hold: nothing more removed
    assertEquals(List.of("cwtm little", "cwtm empire", "krum empire"), labels(g));
    Grid h = parse("aggregator = [cwtm, krum]\nbyzantine = 2\nexclude = byzantine=2\n");
    assertEquals(List.of(), labels(h));
  }

  @Test
  void listItemsKeepParametersAndQuotes() {
    assertEquals(
        List.of("little", "empire:zeta=1.5,k=2"), Grid.items("little, empire:zeta=1.5,k=2", "x"));
    assertEquals(List.of("f=1", "f=2"), Grid.items("f=1, f=2", "x"));
    assertEquals(List.of("", "nnm,clip:c=2"), Grid.items("\"\", \"nnm,clip:c=2\"", "x"));
    assertThrows(IllegalArgumentException.class, () -> Grid.items("a, , b", "x"));
    assertThrows(IllegalArgumentException.class, () -> Grid.items("\"a", "x"));
    assertThrows(IllegalArgumentException.class, () -> parse("seed = [1, 1]"));
  }

  @Test
  void repeatableOptionAxisGivesOneValuePerRun() {
    Grid g = parse("pre = nnm\npre = [\"\", \"bucketing:s=2\"]\n");
    assertEquals(
        List.of(List.of(""), List.of("bucketing:s=2")),
        g.expand().stream().map(p -> p.settings().get("pre")).toList());
    Grid fixed = parse("agg-param = a=1\nagg-param = b=2\n");
    assertEquals(List.of("a=1", "b=2"), fixed.expand().get(0).settings().get("agg-param"));
  }

  @Test
  void includeGivesBaseSettingsThatLaterLinesOverride(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("base.conf"), "steps = 800\nseed = 1\nmomentum = 0.99\n");
    Path g = dir.resolve("x.grid");
    Files.writeString(g, "include = base.conf\nsteps = 20\nmomentum = [0, 0.99]\n");
    Grid grid = Grid.read(g.toString(), KNOWN, REPEATABLE);
    List<Grid.Point> pts = grid.expand();
    assertEquals(2, pts.size());
    assertEquals(List.of("20"), pts.get(0).settings().get("steps"));
    assertEquals(List.of("1"), pts.get(0).settings().get("seed"));
    assertEquals(List.of("0"), pts.get(0).settings().get("momentum"));
    Files.writeString(dir.resolve("loop.grid"), "include = loop.grid\n");
    assertThrows(
        IllegalArgumentException.class,
        () -> Grid.read(dir.resolve("loop.grid").toString(), KNOWN, REPEATABLE));
  }

  @Test
  void unknownOptionsAndBadDirectivesNameTheLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("steps = 1\nfoo = 3\n"));
    assertTrue(e.getMessage().contains("line 2: unknown option 'foo'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("invalid = maybe"));
    assertTrue(e.getMessage().contains("allowed: skip, fail"), e.getMessage());
    assertTrue(parse("invalid = skip").skipInvalid());
    e = assertThrows(IllegalArgumentException.class, () -> parse("exclude = seed"));
    assertTrue(e.getMessage().contains("option=value"), e.getMessage());
  }

  @Test
  void runIdsAreReadableStableAndFollowTheConfiguration() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("aggregator", "cwtm");
    cfg.put("attack-params", Map.of("zeta", "1.5", "k", "2"));
    cfg.put("seed", 1L);
    cfg.put("out", "/somewhere");
    String h = RunId.hash(cfg);
    // the documented canonical form (sorted keys, nested maps sorted, out left out), hashed here
    // independently: resume across versions depends on it
    String canonical = "aggregator=cwtm\nattack-params={k=2;zeta=1.5;}\nseed=1\n";
    assertEquals(sha256(canonical), h);
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("out", "/elsewhere"); // not hashed
    reordered.put("seed", 1L);
    reordered.put("attack-params", new java.util.TreeMap<>(Map.of("k", "2", "zeta", "1.5")));
    reordered.put("aggregator", "cwtm");
    assertEquals(h, RunId.hash(reordered));
    reordered.put("seed", 2L);
    assertNotEquals(h, RunId.hash(reordered));

    Map<String, String> axes = new LinkedHashMap<>();
    axes.put("aggregator", "cwtm");
    axes.put("attack", "empire:zeta=1.5");
    String id = RunId.of(axes, h);
    assertEquals("aggregator=cwtm_attack=empire-zeta-1.5_" + h.substring(0, 8), id);
    assertEquals("(single run)", RunId.label(Map.of()));
  }

  @Test
  void aGridRunsHashCoversWhatTheGridSetsAndTheResolvedRuleAndAttack() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("aggregator", "cwtm");
    cfg.put("attack", "little");
    cfg.put("seed", 1L);
    cfg.put("steps", 800);
    cfg.put("lr", 0.5);
    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("agg-params", Map.of());
    resolved.put("attack-params", Map.of("sign", "plus", "zeta", "auto"));
    Map<String, List<String>> given = new LinkedHashMap<>();
    given.put("seed", List.of("1"));
    given.put("steps", List.of("800"));
    given.put("attack", List.of("little"));
    given.put("attack-param", List.of("zeta=auto"));
    String h = RunId.hash(RunId.hashed(cfg, resolved, given));
    // the canonical form: given options with their resolved values, the rule and the attack, and
    // both resolved parameter maps; lr (not set by the grid) is left out
    assertEquals(
        sha256(
            "agg-params={}\naggregator=cwtm\nattack=little\nattack-params={sign=plus;zeta=auto;}\n"
                + "seed=1\nsteps=800\n"),
        h);
    // an option a later version adds, at its default, is not set by the grid: same hash
    Map<String, Object> later = new LinkedHashMap<>(cfg);
    later.put("new-option", "default");
    assertEquals(h, RunId.hash(RunId.hashed(later, resolved, given)));
    // a changed default parameter of the attack changes results, and the hash
    Map<String, Object> otherSign = new LinkedHashMap<>(resolved);
    otherSign.put("attack-params", Map.of("sign", "minus", "zeta", "auto"));
    assertNotEquals(h, RunId.hash(RunId.hashed(cfg, otherSign, given)));
    // an option the configuration map does not hold (e.g. the HGO trainer's) enters as written
    Map<String, List<String>> hgo = new LinkedHashMap<>(given);
    hgo.put("quorum", List.of("80"));
    String hq = RunId.hash(RunId.hashed(cfg, resolved, hgo));
    assertNotEquals(h, hq);
    hgo.put("quorum", List.of("70"));
    assertNotEquals(hq, RunId.hash(RunId.hashed(cfg, resolved, hgo)));
    // a setting the grid changes changes the hash
    Map<String, Object> steps = new LinkedHashMap<>(cfg);
    steps.put("steps", 400);
    assertNotEquals(h, RunId.hash(RunId.hashed(steps, resolved, given)));
  }

  static String sha256(String s) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The options RESAM's CNN figure grids use. */
  static final Set<String> CNN_GRID_OPTIONS =
      Set.of(
          "include",
          "dataset",
          "model",
          "workers",
          "byzantine",
          "attack",
          "aggregator",
          "momentum",
          "steps",
          "batch-size",
          "lr",
          "clip",
          "weight-decay",
          "eval-every",
          "seed");

  /** RESAM's figure grids (CNN): run counts and the "No attack" benchmark pairing. */
  @Test
  void resamFigureGrids() {
    Map<String, Integer> expected = Map.of("fig1", 66, "fig4", 10, "fig5", 66);
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      Grid g = Grid.read("jobs/resam-" + e.getKey() + "-cnn.grid", CNN_GRID_OPTIONS, REPEATABLE);
      List<Grid.Point> runs = g.expand();
      assertEquals(e.getValue(), runs.size(), e.getKey());
      int baselines = 0;
      for (Grid.Point p : runs) {
        String agg = p.settings().get("aggregator").get(0);
        String attack = p.settings().get("attack").get(0);
        assertEquals(agg.equals("average"), attack.equals("none"), e.getKey() + " " + p.axes());
        assertEquals("cnn", p.settings().get("model").get(0));
        if (attack.equals("none")) {
          baselines++;
        }
      }
      assertEquals(2, baselines, e.getKey());
      if (!e.getKey().equals("fig4")) {
        String f = e.getKey().equals("fig1") ? "5" : "7";
        assertTrue(runs.stream().allMatch(p -> p.settings().get("byzantine").get(0).equals(f)));
      }
    }
  }

  /**
   * The little/empire subset of Figure 1 is 34 runs of the full grid with the same settings and
   * axes (hence the same run ids): running the full grid on the same directory later adds only the
   * other attacks.
   */
  @Test
  void figureOneSubsetRunsAreRunsOfTheFullGrid() {
    List<Grid.Point> full =
        Grid.read("jobs/resam-fig1-cnn.grid", CNN_GRID_OPTIONS, REPEATABLE).expand();
    List<Grid.Point> sub =
        Grid.read("jobs/resam-fig1-cnn-little-empire.grid", CNN_GRID_OPTIONS, REPEATABLE).expand();
    assertEquals(34, sub.size());
    Set<String> fullRuns = new java.util.HashSet<>();
    for (Grid.Point p : full) {
      fullRuns.add(p.settings() + " " + p.axes());
    }
    for (Grid.Point p : sub) {
      assertTrue(fullRuns.contains(p.settings() + " " + p.axes()), p.axes().toString());
      assertTrue(List.of("none", "little", "empire").contains(p.settings().get("attack").get(0)));
    }
  }
}
