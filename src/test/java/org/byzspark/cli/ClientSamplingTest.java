package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.byzspark.experiment.Grid;
import org.byzspark.train.hgo.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --clients-per-round is --quorum-size: one participation policy under two names. */
class ClientSamplingTest {
  @TempDir Path tmp;

  @Test
  void theAliasIsTheQuorumSizeOnTheCommandLineInJobAndGridFiles() throws Exception {
    Scopt.Parsed p =
        Scopt.parse(
            "byzspark train",
            "",
            TrainCommand.options(),
            new String[] {"--clients-per-round", "10"});
    assertEquals(List.of("10"), p.values().get("quorum-size"), String.valueOf(p.error()));
    Path job = tmp.resolve("fed.conf");
    Files.writeString(job, "clients-per-round = 7\n");
    assertEquals(
        List.of("7"), Options.readJob(job.toString(), TrainCommand.options()).get("quorum-size"));
    Grid g = Grid.parse("clients-per-round = [5, 10]\n", "/tmp", Set.of("quorum-size"), Set.of());
    assertEquals(List.of("quorum-size"), g.axisOptions());
    assertEquals(
        List.of(Map.of("quorum-size", "5"), Map.of("quorum-size", "10")),
        g.expand().stream().map(Grid.Point::axes).toList());
  }

  @Test
  void aBadSampleSizeIsOneLineNamingTheOption() {
    Cli.Outcome o =
        Cli.run(
            TrainCommandTest.train(
                tmp.resolve("out"), "--clients-per-round", "20", "--validate-only"));
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().contains("--quorum-size: 20 is not allowed"), o.err());
    assertTrue(!Files.exists(tmp.resolve("out")));
  }

  @Test
  void sampledClientsAndTheByzantineAmongThemAsDocumented() {
    // m = 10 of n = 15, f = 3 (the last 3): exact puts the 3 Byzantine in every sample, uniform
    // draws 10 of 15, so 10·3/15 = 2 Byzantine on average and every worker with frequency 2/3
    int steps = 3000;
    Placement exact = new Placement("last", "exact", 15, 3, 10, 9);
    Placement uniform = new Placement("last", "uniform", 15, 3, 10, 9);
    double byzSum = 0;
    int[] picked = new int[15];
    int[] pickedExact = new int[15];
    for (int t = 1; t <= steps; t++) {
      boolean[] byz = exact.byzantine(t);
      int[] e = exact.selected(t, byz);
      assertEquals(10, Arrays.stream(e).distinct().count());
      assertEquals(3, Arrays.stream(e).filter(i -> byz[i]).count());
      Arrays.stream(e).forEach(i -> pickedExact[i]++);
      int[] u = uniform.selected(t, byz);
      assertEquals(10, Arrays.stream(u).distinct().count());
      byzSum += Arrays.stream(u).filter(i -> byz[i]).count();
      Arrays.stream(u).forEach(i -> picked[i]++);
      assertEquals(Arrays.toString(u), Arrays.toString(uniform.selected(t, byz)), "seeded");
    }
    assertEquals(2.0, byzSum / steps, 0.05);
    for (int i = 0; i < 15; i++) {
      assertEquals(2.0 / 3, picked[i] / (double) steps, 0.04, "worker " + i);
      // exact: the 7 honest places go to the 12 honest workers, 7/12 each
      assertEquals(i >= 12 ? 1.0 : 7.0 / 12, pickedExact[i] / (double) steps, 0.04, "worker " + i);
    }
  }
}
