package org.byzspark.options;

import static org.byzspark.options.OptionSpec.Flag.COLUMN;
import static org.byzspark.options.OptionSpec.Flag.GRID;
import static org.byzspark.options.OptionSpec.Flag.HASHED;
import static org.byzspark.options.OptionSpec.Flag.RECORDED;
import static org.byzspark.options.OptionSpec.Flag.RESUME_MAY_DIFFER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.attack.Attacks;
import org.byzspark.model.Models;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.hgo.HgoOptions;
import org.junit.jupiter.api.Test;

/** The declarations of train's options: completeness, flags, parsing of every type, round trips. */
class OptionDeclarationsTest {
  static Set<String> names(List<OptionSpec<?>> specs) {
    Set<String> s = new HashSet<>();
    specs.forEach(o -> s.add(o.name()));
    return s;
  }

  static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void everyOptionHasHelpAGroupAndAUniqueNameAndRecordKey() {
    Set<String> seen = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (OptionSpec<?> o : TrainOptions.ALL) {
      assertTrue(o.help() != null && o.help().length() > 10, "--" + o.name() + " help");
      assertTrue(o.group() != null && o.group() != OptionGroup.COMMAND, "--" + o.name());
      assertTrue(seen.add(o.name()), "--" + o.name() + " declared twice");
      if (o.has(RECORDED)) {
        assertTrue(keys.add(o.recordKey()), "record key " + o.recordKey() + " twice");
      }
      assertFalse(o.help().contains("|"), "--" + o.name() + ": a table cell cannot hold |");
      assertEquals(o, TrainOptions.find(o.name()));
    }
    // every group but the commands' own has options, and CONFIG + HGO cover the recorded ones
    for (OptionGroup g : OptionGroup.values()) {
      assertEquals(g != OptionGroup.COMMAND, !TrainOptions.group(g).isEmpty(), g.key());
    }
    assertEquals(TrainOptions.ALL.size(), TrainOptions.CONFIG.size() + TrainOptions.HGO.size());
  }

  /** The side lists the flags replace, as they were: grids, hash, resume, columns, run.json. */
  @Test
  void flagsHoldWhatTheSideListsHeld() {
    assertEquals(
        Set.of("job", "out", "overwrite", "master", "resume"),
        names(TrainOptions.flagged(GRID, false)));
    assertEquals(
        Set.of("out", "master", "aggregation", "aggregation-threshold", "worker-tasks"),
        Set.copyOf(TrainOptions.recordKeys(HASHED, false)));
    assertEquals(
        Set.of("master", "steps", "checkpoint-every", "checkpoint-dir", "worker-tasks"),
        names(TrainOptions.flagged(RESUME_MAY_DIFFER, true)));
    // and grad-norm, whose name is the metric's column
    assertEquals(
        Set.of("out", "master", "data-dir", "grad-norm", "worker-tasks"),
        Set.copyOf(TrainOptions.recordKeys(COLUMN, false)));
    // and FLTrust's root set, recorded as run.json's fltrust_root by the runs that have one
    assertEquals(
        Set.of(
            "job",
            "checkpoint-dir",
            "overwrite",
            "resume",
            "validate-only",
            "root-data",
            "root-size",
            "record-messages"),
        names(TrainOptions.flagged(RECORDED, false)));
    // the help of --resume names exactly the options that may differ, in declaration order
    List<String> mayDiffer = new ArrayList<>();
    TrainOptions.flagged(RESUME_MAY_DIFFER, true)
        .forEach(o -> mayDiffer.add("`--" + o.name() + "`"));
    assertTrue(
        TrainOptions.RESUME
            .help()
            .contains(
                String.join(", ", mayDiffer.subList(0, mayDiffer.size() - 1))
                    + " and "
                    + mayDiffer.get(mayDiffer.size() - 1)
                    + " may differ"),
        TrainOptions.RESUME.help());
    // notes show departures only
    assertEquals(List.of(), TrainOptions.WORKERS.notes());
    assertEquals(
        List.of(
            "not in a grid file",
            "not in the run hash",
            "not a results column",
            "may differ on `--resume`"),
        TrainOptions.MASTER.notes());
    assertEquals(List.of("not in a grid file", "not in run.json"), TrainOptions.JOB.notes());
  }

  @Test
  void registryNamesAppearInTheHelp() {
    for (String m : Models.names()) {
      assertTrue(TrainOptions.MODEL.help().contains("`" + m + "`"), "--model help lacks " + m);
    }
    for (String a : Attacks.names()) {
      assertTrue(TrainOptions.ATTACK.help().contains("`" + a + "`"), a);
    }
    for (String r : Aggregators.names()) {
      assertTrue(TrainOptions.AGGREGATOR.help().contains("`" + r + "`"), r);
    }
    for (String p : Aggregators.preNames()) {
      assertTrue(TrainOptions.PRE.help().contains("`" + p + "`"), p);
    }
  }

  @Test
  void integersLongsAndTheirChecks() {
    assertEquals(7, TrainOptions.WORKERS.parse(List.of(" 7 ")));
    assertEquals(
        "--workers: 'many' is not an integer",
        message(() -> TrainOptions.WORKERS.parse(List.of("many"))));
    assertEquals(
        "--workers: 0 is not allowed; allowed: an integer >= 1",
        message(() -> TrainOptions.WORKERS.parse(List.of("0"))));
    assertEquals(1L << 40, TrainOptions.SEED.parse(List.of(Long.toString(1L << 40))));
    assertEquals(
        "--seed: '1.5' is not an integer", message(() -> TrainOptions.SEED.parse(List.of("1.5"))));
    // the last text counts (a later layer overrides an earlier one)
    assertEquals(9, TrainOptions.STEPS.parse(List.of("3", "9")));
  }

  @Test
  void numbersWordsAndChecks() {
    assertEquals(1e-4, TrainOptions.WEIGHT_DECAY.parse(List.of("1e-4")));
    assertEquals(
        "--lr: 'NaN' is not a number", message(() -> TrainOptions.LR.parse(List.of("NaN"))));
    assertEquals(
        "--momentum: 1.0 is not allowed; allowed: a number in [0, 1)",
        message(() -> TrainOptions.MOMENTUM.parse(List.of("1"))));
    assertEquals(Double.POSITIVE_INFINITY, TrainOptions.CLIP.parse(List.of("None")));
    assertEquals(Double.POSITIVE_INFINITY, TrainOptions.CLIP.parse(List.of("inf")));
    assertEquals(
        "--clip: 0.0 is not allowed; allowed: a number > 0, or none",
        message(() -> TrainOptions.CLIP.parse(List.of("0"))));
    assertEquals(0, TrainOptions.QUORUM_SIZE.parse(List.of("all")));
    assertEquals(-1, TrainOptions.DECLARED_BYZANTINE.parse(List.of()));
    assertEquals(
        "--quorum-size: 0 is not allowed; allowed: an integer >= 1",
        message(() -> TrainOptions.QUORUM_SIZE.parse(List.of("0"))));
    assertEquals(
        "--tau: Infinity is not allowed; allowed: a finite number > 0",
        message(() -> TrainOptions.TAU.parse(List.of("Infinity"))));
  }

  @Test
  void sizesSwitchesChoicesAndText() {
    assertEquals(512L << 20, TrainOptions.AGGREGATION_THRESHOLD.parse(List.of("512m")));
    assertEquals(1L << 30, TrainOptions.AGGREGATION_THRESHOLD.parse(List.of()));
    assertTrue(
        message(() -> TrainOptions.AGGREGATION_THRESHOLD.parse(List.of("1x")))
            .startsWith("--aggregation-threshold: 1x is not a size; allowed: "));
    assertEquals(true, TrainOptions.OVERWRITE.parse(List.of("true")));
    assertEquals(false, TrainOptions.OVERWRITE.parse(List.of()));
    assertEquals(false, TrainOptions.OVERWRITE.parse(List.of("false")));
    assertEquals(
        "--overwrite: yes is not allowed; allowed: true, false",
        message(() -> TrainOptions.OVERWRITE.parse(List.of("yes"))));
    assertEquals("sharded", TrainOptions.AGGREGATION.parse(List.of(" sharded ")));
    assertEquals(
        "--aggregation: cluster is not allowed; allowed: driver, sharded, auto",
        message(() -> TrainOptions.AGGREGATION.parse(List.of("cluster"))));
    assertEquals("mnist:/d", TrainOptions.DATASET.parse(List.of(" mnist:/d ")));
    assertNull(TrainOptions.MASTER.parse(List.of()));
    assertEquals("", TrainOptions.LAYER_BLOCKS.parse(List.of()));
    assertEquals(0, TrainOptions.HIDDEN.parse(List.of()));
    assertTrue(TrainOptions.OUT.parse(List.of()).matches("runs/train-\\d{8}-\\d{6}"));
  }

  @Test
  void validatorsGiveTheirOwnOneLineMessages() {
    assertTrue(
        message(() -> TrainOptions.PROFILE.parse(List.of("medium")))
            .startsWith("--profile: medium is not allowed"));
    assertTrue(
        message(() -> TrainOptions.SPLIT.parse(List.of("shards"))).contains("unknown split"));
    assertEquals(
        "--batch-sizes: 2/0 is not allowed; allowed: positive integers separated by /",
        message(() -> TrainOptions.BATCH_SIZES.parse(List.of("2/0"))));
    assertEquals(
        "--binary-classes: 3 is not allowed; allowed: two different class indices POS,NEG, e.g."
            + " 3,8",
        message(() -> TrainOptions.BINARY_CLASSES.parse(List.of("3"))));
    assertEquals(
        "--agg-param: parameter 'tau' is not of the form key=value",
        message(() -> TrainOptions.AGG_PARAM.parse(List.of("tau"))));
    assertEquals(
        "--attack: parameter 'zeta' is not of the form key=value",
        message(() -> TrainOptions.ATTACK.parse(List.of("little:zeta"))));
  }

  @Test
  void repeatableOptionsAccumulateTheirItems() {
    assertEquals(
        List.of("nnm", "clip:c=2", "bucketing:s=2,seed=3"),
        TrainOptions.PRE.parse(List.of("nnm,clip:c=2", "bucketing:s=2,seed=3")));
    assertEquals(List.of(), TrainOptions.PRE.parse(List.of("")));
    assertEquals(List.of("a=1", "b=2"), TrainOptions.AGG_PARAM.parse(List.of("a=1", " ", "b=2")));
    assertTrue(TrainOptions.PRE.repeatable());
    assertFalse(TrainOptions.WORKERS.repeatable());
  }

  /** Every option's default parses, and formatting a value gives texts that parse back to it. */
  @Test
  void defaultsParseAndValuesRoundTripThroughTheirText() {
    OptionValues defaults = OptionValues.parse(TrainOptions.ALL, Map.of());
    Map<String, List<String>> samples = new LinkedHashMap<>();
    samples.put("clip", List.of("none"));
    samples.put("deadline", List.of("0.5"));
    samples.put("quorum-size", List.of("9"));
    samples.put("quorum", List.of("q-f"));
    samples.put("declared-byzantine", List.of("3"));
    samples.put("hidden", List.of("30"));
    samples.put("pre", List.of("nnm,clip:c=2", "arc"));
    samples.put("attack", List.of("little:zeta=1.5"));
    samples.put("agg-param", List.of("tau=3"));
    samples.put("aggregation-threshold", List.of("3k"));
    samples.put("master", List.of("local[2]"));
    samples.put("overwrite", List.of("true"));
    samples.put("weight-decay", List.of("1e-4"));
    samples.put("binary-classes", List.of("3,8"));
    samples.put("out", List.of("runs/x"));
    OptionValues given = OptionValues.parse(TrainOptions.ALL, samples);
    for (OptionValues v : List.of(defaults, given)) {
      OptionValues back = OptionValues.parse(TrainOptions.ALL, v.texts(TrainOptions.ALL));
      for (OptionSpec<?> o : TrainOptions.ALL) {
        if (o != TrainOptions.OUT || v == given) {
          assertEquals(v.get(o), back.get(o), "--" + o.name());
        }
      }
    }
    assertEquals(List.of("all"), TrainOptions.QUORUM_SIZE.format(0));
    assertEquals(List.of("none"), TrainOptions.CLIP.format(Double.POSITIVE_INFINITY));
    assertEquals(List.of(), TrainOptions.HIDDEN.format(0));
  }

  @Test
  void theBuilderTakesTypedValuesAndTextAlike() {
    TrainConfig typed =
        TrainConfig.builder()
            .set(TrainOptions.WORKERS, 7)
            .set(TrainOptions.BYZANTINE, 2)
            .set(TrainOptions.CLIP, Double.POSITIVE_INFINITY)
            .set(TrainOptions.PRE, List.of("nnm", "clip:c=2"))
            .set(TrainOptions.OUT, "runs/b")
            .build();
    TrainConfig text =
        TrainConfig.builder()
            .set("workers", "7")
            .set("byzantine", "2")
            .set("clip", "none")
            .set("pre", "nnm,clip:c=2")
            .set("out", "runs/b")
            .build();
    assertEquals(typed.asMap(), text.asMap());
    assertEquals(typed, text);
    assertEquals(7, typed.workers());
    assertEquals("none", typed.asMap().get("clip"));
    assertEquals(List.of("nnm", "clip:c=2"), typed.pre());
    // the checks of the declarations and between options apply to the builder too
    assertEquals(
        "--workers: 0 is not allowed; allowed: an integer >= 1",
        message(() -> TrainConfig.builder().set(TrainOptions.WORKERS, 0).build()));
    assertEquals(
        "--byzantine: 3 is not allowed with --workers 3; allowed: 0 <= f < n",
        message(
            () ->
                TrainConfig.builder()
                    .set(TrainOptions.WORKERS, 3)
                    .set(TrainOptions.BYZANTINE, 3)
                    .build()));
    assertEquals(
        "unknown option --hidden", message(() -> TrainConfig.builder().set("hidden", "30")));
  }

  @Test
  void withChangesOneOptionAndKeepsTheOthers() {
    TrainConfig c =
        TrainConfig.builder()
            .set("attack", "empire:zeta=2")
            .set("clip", "none")
            .set("pre", "nnm", "clip:c=2")
            .set("out", "runs/w")
            .build();
    TrainConfig d = c.with(TrainOptions.AGGREGATION, "sharded");
    assertEquals("sharded", d.aggregation());
    Map<String, Object> a = new LinkedHashMap<>(c.asMap());
    a.put("aggregation", "sharded");
    assertEquals(a, d.asMap());
    assertEquals(c, d.with(TrainOptions.AGGREGATION, "auto"));
    assertEquals(
        "--momentum: 1.5 is not allowed; allowed: a number in [0, 1)",
        message(() -> c.with(TrainOptions.MOMENTUM, 1.5)));
  }

  @Test
  void attackAndRuleParametersMergeInlineAndRepeated() {
    TrainConfig c =
        TrainConfig.builder()
            .set("attack", "empire:zeta=1.5,x=1")
            .set("attack-param", "x=2", "y=3")
            .set("aggregator", "cc:tau=2")
            .set("out", "runs/p")
            .build();
    assertEquals("empire", c.attack());
    assertEquals(Map.of("zeta", "1.5", "x", "2", "y", "3"), c.attackParams().asMap());
    assertEquals("cc", c.aggregator());
    assertEquals(Map.of("tau", "2"), c.aggParams().asMap());
    assertEquals("empire", c.asMap().get("attack"));
    assertEquals(c.attackParams().asMap(), c.asMap().get("attack-params"));
  }

  /** run.json's keys are the recorded options' record keys, in declaration order. */
  @Test
  void recordedKeysComeFromTheDeclarations() {
    OptionValues v = OptionValues.parse(TrainOptions.ALL, Map.of("out", List.of("runs/r")));
    List<String> plain = new ArrayList<>();
    List<String> hgo = new ArrayList<>();
    for (OptionSpec<?> o : TrainOptions.ALL) {
      if (o.has(RECORDED)) {
        (o.group() == OptionGroup.HGO ? hgo : plain).add(o.recordKey());
      }
    }
    assertEquals(plain, List.copyOf(TrainConfig.of(v).asMap().keySet()));
    assertEquals(hgo, List.copyOf(HgoOptions.of(v).asMap().keySet()));
    assertEquals(HgoOptions.defaults().asMap(), HgoOptions.of(v).asMap());
    assertEquals("agg-params", TrainOptions.recordKey("agg-param"));
    assertEquals("workers", TrainOptions.recordKey("workers"));
  }

  @Test
  void configurationsSurviveJavaSerialization() throws Exception {
    TrainConfig c =
        TrainConfig.builder().set("attack", "little:zeta=1").set("out", "runs/s").build();
    HgoOptions h =
        HgoOptions.of(
            OptionValues.builder(TrainOptions.HGO)
                .set(TrainOptions.ALGORITHM, "hgo")
                .set("layer-blocks", "10/2")
                .build());
    assertEquals(c.asMap(), roundTrip(c).asMap());
    assertEquals(h, roundTrip(h));
    assertArrayEquals(
        new int[] {10, 2}, TrainOptions.positiveInts("--x", roundTrip(h).layerBlocks()));
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T x) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(x);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  /** The declarations are plain data: the package reads no Spark or Hadoop class. */
  @Test
  void theDeclarationsNeedNoSpark() throws Exception {
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.list(java.nio.file.Path.of("src/main/java/org/byzspark/options"))) {
      List<java.nio.file.Path> all = files.toList();
      assertTrue(all.size() >= 6, all.toString());
      for (java.nio.file.Path f : all) {
        String src = java.nio.file.Files.readString(f);
        assertFalse(src.contains("org.apache.spark"), f.toString());
        assertFalse(src.contains("org.apache.hadoop"), f.toString());
      }
    }
  }

  @Test
  void sharedDeclarationsCanBeVariedWithoutChangingTheOriginal() {
    OptionSpec<String> required = TrainOptions.AGGREGATOR.withoutDefault().required();
    assertNull(required.defaultValue());
    assertTrue(required.isRequired());
    assertEquals("cwtm", TrainOptions.AGGREGATOR.defaultValue());
    assertFalse(TrainOptions.AGGREGATOR.isRequired());
    assertEquals("cwtm", TrainOptions.AGGREGATOR.parse(List.of()));
  }
}
