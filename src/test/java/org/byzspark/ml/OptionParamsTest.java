package org.byzspark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;
import org.junit.jupiter.api.Test;

/** The Params generated from the option declarations: names, defaults, validation, copies. */
class OptionParamsTest {

  /** The message the command line gives for {@code --option text}. */
  private static String cliMessage(String option, String text) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OptionValues.parse(TrainOptions.ALL, Map.of(option, List.of(text))));
    return e.getMessage();
  }

  @Test
  void everyTrainOptionIsAParamOrListedWithAReason() {
    ByzantineClassifier clf = new ByzantineClassifier();
    Set<String> names = new HashSet<>();
    for (Param<?> p : clf.params()) {
      assertTrue(names.add(p.name()), "one Param per name: " + p.name());
      assertEquals(clf.uid(), p.parent(), p.name());
    }
    int generated = 0;
    for (OptionSpec<?> s : TrainOptions.ALL) {
      String name = OptionParams.paramName(s.name());
      if (OptionParams.NOT_PARAMS.containsKey(s.name())) {
        assertFalse(clf.hasParam(name), s.name() + " is listed as not a Param");
        assertFalse(OptionParams.NOT_PARAMS.get(s.name()).isBlank());
      } else {
        assertTrue(clf.hasParam(name), s.name() + " -> " + name);
        assertEquals(s.name(), clf.optionOf(name));
        generated++;
      }
    }
    assertEquals(TrainOptions.ALL.size() - OptionParams.NOT_PARAMS.size(), generated);
    // Spark's own Params are still there
    assertTrue(clf.hasParam("featuresCol") && clf.hasParam("probabilityCol"));
  }

  @Test
  void namesAreCamelCaseOrSparkConventional() {
    assertEquals("batchSize", OptionParams.paramName("batch-size"));
    assertEquals("aggregationThreshold", OptionParams.paramName("aggregation-threshold"));
    assertEquals("numWorkers", OptionParams.paramName("workers"));
    assertEquals("maxIter", OptionParams.paramName("steps"));
    assertEquals("stepSize", OptionParams.paramName("lr"));
    assertEquals("aggregatorParams", OptionParams.paramName("agg-param"));
  }

  @Test
  void defaultsAreTheCommandLineDefaults() {
    ByzantineClassifier clf = new ByzantineClassifier();
    OptionValues cli = OptionValues.parse(TrainOptions.ALL, Map.of());
    assertEquals((int) cli.get(TrainOptions.WORKERS), clf.getNumWorkers());
    assertEquals((int) cli.get(TrainOptions.BYZANTINE), clf.getNumByzantine());
    assertEquals(cli.get(TrainOptions.AGGREGATOR), clf.getAggregator());
    assertEquals(cli.get(TrainOptions.MOMENTUM), clf.getMomentum());
    assertEquals((int) cli.get(TrainOptions.STEPS), clf.getMaxIter());
    assertEquals(cli.get(TrainOptions.LR), clf.getStepSize());
    assertEquals(cli.get(TrainOptions.CLIP), clf.getClip());
    assertEquals(cli.get(TrainOptions.QUORUM_SIZE), clf.getParamValue("quorumSize"));
    assertEquals(cli.get(TrainOptions.DEADLINE), clf.getParamValue("deadline"));
    assertArrayEquals(new String[0], clf.getPre());
    assertEquals(null, clf.getOutputDir());
    assertEquals(ByzantineRegressor.DEFAULT_MODEL, new ByzantineRegressor().getModel());
  }

  @Test
  void aBadValueFailsWithTheCommandLinesMessage() {
    ByzantineClassifier clf = new ByzantineClassifier();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clf.setNumWorkers(0));
    assertEquals(cliMessage("workers", "0"), e.getMessage());
    assertTrue(e.getMessage().startsWith("--workers: 0 is not allowed"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> clf.setMomentum(1.0));
    assertEquals(cliMessage("momentum", "1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> clf.setStepSize(Double.NaN));
    assertEquals(cliMessage("lr", "NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> clf.setAggregatorParams("f"));
    assertEquals(cliMessage("agg-param", "f"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> clf.setParam("split", "classes:x"));
    assertEquals(cliMessage("split", "classes:x"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> clf.setParam("aggregation", "everywhere"));
    assertEquals(cliMessage("aggregation", "everywhere"), e.getMessage());
    // the failed sets left the values alone
    assertEquals(15, clf.getNumWorkers());
    // a ParamMap (as a grid builds it) validates too
    assertThrows(
        IllegalArgumentException.class,
        () -> new ParamGridBuilder().addGrid(clf.maxIter(), new int[] {10, -1}).build());
  }

  @Test
  void wordsAreValues() {
    ByzantineClassifier clf = new ByzantineClassifier();
    clf.setClip(Double.POSITIVE_INFINITY).setParam("quorumSize", 0);
    assertEquals(Double.POSITIVE_INFINITY, clf.getClip());
    OptionValues v = clf.optionParams().values(clf, Map.of());
    assertEquals(Double.POSITIVE_INFINITY, v.get(TrainOptions.CLIP));
    assertEquals(0, v.get(TrainOptions.QUORUM_SIZE));
    assertThrows(IllegalArgumentException.class, () -> clf.setParam("quorumSize", -2));
  }

  @Test
  void valuesResolveAsTheCommandLineDoes() {
    ByzantineClassifier clf =
        new ByzantineClassifier()
            .setAggregator("krum")
            .setPre("nnm", "clip:c=2")
            .setNumWorkers(7)
            .setNumByzantine(2)
            .setAttack("little:zeta=1.5")
            .setMaxIter(12);
    OptionValues fromParams = clf.optionParams().values(clf, Map.of());
    OptionValues fromCli =
        OptionValues.parse(
            TrainOptions.ALL,
            Map.of(
                "aggregator", List.of("krum"),
                "pre", List.of("nnm,clip:c=2"),
                "workers", List.of("7"),
                "byzantine", List.of("2"),
                "attack", List.of("little:zeta=1.5"),
                "steps", List.of("12"),
                // the command line's other defaults that a Param leaves unset
                "out", List.of("x")));
    Map<String, Object> a = fromParams.record(TrainOptions.ALL);
    Map<String, Object> b = fromCli.record(TrainOptions.ALL);
    a.remove("out");
    b.remove("out");
    assertEquals(b, a);
  }

  @Test
  void copiesCarryUidAndValues() {
    ByzantineClassifier clf = new ByzantineClassifier().setAggregator("cwmed").setMaxIter(9);
    ByzantineClassifier same = clf.copy(ParamMap.empty());
    assertEquals(clf.uid(), same.uid());
    assertEquals("cwmed", same.getAggregator());
    assertEquals(9, same.getMaxIter());
    ByzantineClassifier other = clf.copy(new ParamMap().put(clf.aggregator(), "krum"));
    assertEquals("krum", other.getAggregator());
    assertEquals("cwmed", clf.getAggregator(), "the original is unchanged");
    // a copy keeps the uid (Spark's convention), so its Params are equal but its own objects
    assertEquals(clf.aggregator(), other.aggregator());
    assertNotSame(clf.aggregator(), other.aggregator());
    assertEquals(other.uid(), other.aggregator().parent());
    assertSame(other.aggregator(), other.getParam("aggregator"));
    // the explained Params come from the declarations
    assertTrue(clf.explainParams().contains("numWorkers: number of workers n"));
  }

  @Test
  void markdownTableListsEveryParam() {
    String md = OptionParams.markdown();
    for (OptionSpec<?> s : OptionParams.specs()) {
      assertTrue(md.contains("| `" + OptionParams.paramName(s.name()) + "` |"), s.name());
    }
    for (String o : OptionParams.NOT_PARAMS.keySet()) {
      assertTrue(md.contains("`--" + o + "`"), o);
    }
  }
}
