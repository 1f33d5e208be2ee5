package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.byzspark.experiment.GridRunner;
import org.junit.jupiter.api.Test;

/**
 * The run ids and configuration hashes of the shipped grids as the version of ByzSpark before the
 * option declarations computed them, so that a grid that was run keeps recognising its finished
 * runs; and the run.json configurations of those runs and of a few {@code train} command lines:
 * every option of every run, as the one training loop records them (the options of {@link
 * org.byzspark.train.hgo.HgoOptions} included, which runs at their defaults did not record before).
 * pinned-grid-runs.tsv holds every run, a few are written in full below.
 */
class PinnedRunsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** grid file, run id, full hash, SHA-256 of config JSON + "\n" + resolved JSON. */
  static List<String> computed() throws Exception {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("jobs", "jobs/hgo")) {
      try (Stream<Path> s = Files.list(Path.of(dir))) {
        s.filter(p -> p.toString().endsWith(".grid")).sorted().forEach(files::add);
      }
    }
    List<String> rows = new ArrayList<>();
    for (Path f : files) {
      for (GridRunner.RunSpec r : specs(f)) {
        rows.add(
            String.join(
                "\t", f.toString(), r.id(), r.hash(), sha256(config(r) + "\n" + resolved(r))));
      }
    }
    return rows;
  }

  /** The runs of a grid with the grid directory runs/NAME, validated (input files aside). */
  static List<GridRunner.RunSpec> specs(Path grid) {
    String dir = "runs/" + grid.getFileName().toString().replaceFirst("\\.grid$", "");
    List<GridRunner.RunSpec> out = new ArrayList<>();
    for (GridCommand.Resolved r :
        GridCommand.resolve(GridCommand.read(grid.toString()), dir, false)) {
      assertNull(r.error(), grid + " " + r.axes());
      out.add(r.spec());
    }
    return out;
  }

  static String config(GridRunner.RunSpec r) throws Exception {
    return JSON.writeValueAsString(GridRunner.config(r));
  }

  static String resolved(GridRunner.RunSpec r) throws Exception {
    return JSON.writeValueAsString(r.cfg().resolvedParams());
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void everyRunOfTheShippedGridsKeepsItsIdHashAndConfiguration() throws Exception {
    List<String> pinned = new ArrayList<>();
    try (InputStream in = PinnedRunsTest.class.getResourceAsStream("pinned-grid-runs.tsv")) {
      assertNotNull(in, "pinned-grid-runs.tsv");
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .forEach(pinned::add);
    }
    assertEquals(1078, pinned.size());
    List<String> now = computed();
    for (int i = 0; i < Math.min(pinned.size(), now.size()); i++) {
      assertEquals(pinned.get(i), now.get(i), "run " + i);
    }
    assertEquals(pinned.size(), now.size());
  }

  static GridRunner.RunSpec run(String grid, String id) {
    return specs(Path.of(grid)).stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aFewGridRunsInFull() throws Exception {
    GridRunner.RunSpec a =
        run("jobs/aggregathor-slowdown.grid", "seed=1_aggregator=average_660717f5");
    assertEquals("660717f5b3760aa4a2d0c541840540b6fb5fcbdbbafcfc348895135c8450aafc", a.hash());
    assertEquals(
        """
        {"dataset":"mnist","data-dir":"data",\
        "features-col":"features","label-col":"label","test-data":"","model":"mlp","workers":15,"byzantine":3,\
        "attack":"none","attack-params":{},"aggregator":"average","agg-params":{},"pre":[],\
        "momentum":0.0,"steps":500,"batch-size":3,"lr":0.1,"clip":2.0,"weight-decay":1.0E-4,\
        "eval-every":25,"checkpoint-every":50,"seed":1,\
        "out":"runs/aggregathor-slowdown/runs/seed=1_aggregator=average_660717f5",\
        "master":null,"aggregation":"auto","aggregation-threshold":1073741824,"worker-tasks":"auto",\
        "algorithm":"resam","quorum-size":0,"quorum":0,"tau":1.0,"deadline":"none",\
        "profile":"c2","layer-blocks":"","batch-sizes":"","split":"iid",\
        "byzantine-placement":"last","byzantine-sampling":"exact","declared-byzantine":-1,\
        "lr-schedule":"constant","binary-classes":"","hidden":0,"grad-norm":"auto",\
        "local-steps":1,"local-lr":0.0,"momentum-at":"worker","nesterov":false}""",
        config(a));

    GridRunner.RunSpec c =
        run(
            "jobs/resam-fig1-cnn.grid",
            "aggregator=krumstar_attack=signflip_momentum=0.99_a0793162");
    assertEquals("a07931620ee87927f13e478e69e7d6c2dc3066b675f4d052ed203fb7c25af0ac", c.hash());
    assertEquals(
        """
        {"dataset":"mnist","data-dir":"data",\
        "features-col":"features","label-col":"label","test-data":"","model":"cnn","workers":15,"byzantine":5,\
        "attack":"signflip","attack-params":{},"aggregator":"krumstar","agg-params":{},"pre":[],\
        "momentum":0.99,"steps":800,"batch-size":25,"lr":0.75,"clip":2.0,"weight-decay":1.0E-4,\
        "eval-every":50,"checkpoint-every":50,"seed":1,\
        "out":"runs/resam-fig1-cnn/runs/aggregator=krumstar_attack=signflip_momentum=0.99_a0793162",\
        "master":null,"aggregation":"auto","aggregation-threshold":1073741824,"worker-tasks":"auto",\
        "algorithm":"resam","quorum-size":0,"quorum":0,"tau":1.0,"deadline":"none",\
        "profile":"c2","layer-blocks":"","batch-sizes":"","split":"iid",\
        "byzantine-placement":"last","byzantine-sampling":"exact","declared-byzantine":-1,\
        "lr-schedule":"constant","binary-classes":"","hidden":0,"grad-norm":"auto",\
        "local-steps":1,"local-lr":0.0,"momentum-at":"worker","nesterov":false}""",
        config(c));

    GridRunner.RunSpec h =
        run("jobs/hgo/fig5.grid", "attack=little_byzantine=25_aggregator=krum_e10114b7");
    assertEquals("e10114b77fa68884fc8e19dee80bd62fb97a9a5667c8991bec3793f67003be21", h.hash());
    assertEquals(
        """
        {"dataset":"mnist","data-dir":"data",\
        "features-col":"features","label-col":"label","test-data":"","model":"logistic","workers":100,"byzantine":25,\
        "attack":"little","attack-params":{},"aggregator":"krum","agg-params":{},"pre":[],\
        "momentum":0.0,"steps":60,"batch-size":25,"lr":0.5,"clip":"none","weight-decay":0.0,\
        "eval-every":20,"checkpoint-every":50,"seed":1,\
        "out":"runs/fig5/runs/attack=little_byzantine=25_aggregator=krum_e10114b7",\
        "master":null,"aggregation":"auto","aggregation-threshold":1073741824,"worker-tasks":"auto",\
        "algorithm":"hgo","quorum-size":80,"quorum":55,"tau":0.02,"deadline":"none",\
        "profile":"c2","layer-blocks":"","batch-sizes":"","split":"iid",\
        "byzantine-placement":"fixed-random","byzantine-sampling":"exact",\
        "declared-byzantine":-1,"lr-schedule":"constant","binary-classes":"3,8","hidden":0,\
        "grad-norm":"auto",\
        "local-steps":1,"local-lr":0.0,"momentum-at":"worker","nesterov":false}""",
        config(h));
    assertEquals(
        "{\"agg-params\":{},\"attack-params\":{\"zeta\":\"1\",\"sign\":\"plus\"}}", resolved(h));

    GridRunner.RunSpec p = run("jobs/hgo/fig8.grid", "profile=weak_quorum=55_32f47308");
    assertEquals("32f47308d545450f58d2a1fc4d984f77a104882a672d63ddb78d6ae04568b431", p.hash());
  }

  /** run.json's "config" of train (plain part, HGO part) for a command line. */
  static List<String> trainConfig(String... args) throws Exception {
    Scopt.Parsed parsed = Scopt.parse("byzspark train", "", TrainCommand.options(), args);
    assertNull(parsed.error(), parsed.error());
    TrainCommand.Resolved r =
        TrainCommand.resolve(parsed.values(), new org.apache.hadoop.conf.Configuration());
    return List.of(
        JSON.writeValueAsString(r.cfg().asMap()), JSON.writeValueAsString(r.hgo().asMap()));
  }

  static final String HGO_DEFAULTS =
      """
      {"algorithm":"resam","quorum-size":0,"quorum":0,"tau":1.0,"deadline":"none",\
      "profile":"c2","layer-blocks":"","batch-sizes":"","split":"iid",\
      "byzantine-placement":"last","byzantine-sampling":"exact","declared-byzantine":-1,\
      "lr-schedule":"constant","binary-classes":"","hidden":0,"grad-norm":"auto",\
      "local-steps":1,"local-lr":0.0,"momentum-at":"worker","nesterov":false}""";

  @Test
  void trainCommandLinesKeepTheirConfiguration() throws Exception {
    assertEquals(
        List.of(
            """
            {"dataset":"mnist","data-dir":"data",\
            "features-col":"features","label-col":"label","test-data":"","model":"mlp","workers":15,"byzantine":5,\
            "attack":"little","attack-params":{},"aggregator":"cwtm","agg-params":{},"pre":[],\
            "momentum":0.99,"steps":800,"batch-size":25,"lr":0.5,"clip":2.0,\
            "weight-decay":1.0E-4,"eval-every":50,"checkpoint-every":50,"seed":1,\
            "out":"runs/x","master":null,"aggregation":"auto",\
            "aggregation-threshold":1073741824,"worker-tasks":"auto"}""",
            HGO_DEFAULTS),
        trainConfig("--out", "runs/x"));
    assertEquals(
        List.of(
            """
            {"dataset":"mnist","data-dir":"data",\
            "features-col":"features","label-col":"label","test-data":"","model":"cnn","workers":15,"byzantine":5,\
            "attack":"little","attack-params":{"zeta":"1.5"},"aggregator":"krum",\
            "agg-params":{"f":"2"},"pre":["nnm","clip:c=2","bucketing:s=2"],"momentum":0.99,\
            "steps":800,"batch-size":25,"lr":0.75,"clip":"none","weight-decay":1.0E-4,\
            "eval-every":50,"checkpoint-every":50,"seed":1,"out":"runs/x","master":null,\
            "aggregation":"auto","aggregation-threshold":1073741824,"worker-tasks":"auto"}""",
            HGO_DEFAULTS),
        trainConfig(
            "--out",
            "runs/x",
            "--job",
            "jobs/resam-mnist-cnn.conf",
            "--clip",
            "none",
            "--attack",
            "little:zeta=1.5",
            "--agg-param",
            "f=2",
            "--aggregator",
            "krum",
            "--pre",
            "nnm,clip:c=2",
            "--pre",
            "bucketing:s=2"));
    assertEquals(
        List.of(
            """
            {"dataset":"mnist","data-dir":"data",\
            "features-col":"features","label-col":"label","test-data":"","model":"logistic","workers":100,\
            "byzantine":25,"attack":"little","attack-params":{},"aggregator":"krum",\
            "agg-params":{},"pre":[],"momentum":0.0,"steps":60,"batch-size":25,"lr":0.5,\
            "clip":"none","weight-decay":0.0,"eval-every":20,"checkpoint-every":50,"seed":1,\
            "out":"runs/y","master":null,"aggregation":"auto",\
            "aggregation-threshold":1073741824,"worker-tasks":"auto"}""",
            """
            {"algorithm":"hgo","quorum-size":0,"quorum":55,"tau":0.02,"deadline":0.5,\
            "profile":"c2","layer-blocks":"","batch-sizes":"","split":"iid",\
            "byzantine-placement":"fixed-random","byzantine-sampling":"exact",\
            "declared-byzantine":-1,"lr-schedule":"constant","binary-classes":"3,8",\
            "hidden":0,"grad-norm":"auto",\
            "local-steps":1,"local-lr":0.0,"momentum-at":"worker","nesterov":false}"""),
        trainConfig(
            "--out",
            "runs/y",
            "--job",
            "jobs/hgo/fig5-logistic.conf",
            "--deadline",
            "0.5",
            "--quorum-size",
            "all",
            "--declared-byzantine",
            "f"));
    assertEquals(
        List.of(
            """
            {"dataset":"mnist","data-dir":"data",\
            "features-col":"features","label-col":"label","test-data":"","model":"mlp","workers":50,"byzantine":0,\
            "attack":"none","attack-params":{},"aggregator":"average","agg-params":{},"pre":[],\
            "momentum":0.0,"steps":100,"batch-size":25,"lr":0.5,"clip":"none",\
            "weight-decay":0.0,"eval-every":20,"checkpoint-every":50,"seed":1,"out":"runs/z",\
            "master":"local[2]","aggregation":"auto","aggregation-threshold":536870912,"worker-tasks":"auto"}""",
            """
            {"algorithm":"hgo","quorum-size":9,"quorum":3,"tau":2.0,"deadline":"none",\
            "profile":"c2","layer-blocks":"100/10","batch-sizes":"","split":"classes:2",\
            "byzantine-placement":"last","byzantine-sampling":"exact","declared-byzantine":-1,\
            "lr-schedule":"constant","binary-classes":"3,8","hidden":30,\
            "grad-norm":"auto",\
            "local-steps":1,"local-lr":0.0,"momentum-at":"worker","nesterov":false}"""),
        trainConfig(
            "--out",
            "runs/z",
            "--job",
            "jobs/hgo/fig4-mlp-noniid.conf",
            "--aggregation-threshold",
            "512m",
            "--layer-blocks",
            "100/10",
            "--binary-classes",
            "3,8",
            "--hidden",
            "30",
            "--tau",
            "2",
            "--quorum",
            "3",
            "--quorum-size",
            "9",
            "--master",
            "local[2]"));
  }

  @Test
  void theDefaultDataDirIsDataOfTheWorkingDirectory() {
    assertNull(System.getProperty("byzspark.home"), "the pins assume no byzspark.home");
    assertEquals("data", TrainCommand.defaultDataDir());
  }
}
