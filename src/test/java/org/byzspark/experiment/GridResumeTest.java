package org.byzspark.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.byzspark.cli.Cli;
import org.byzspark.cli.Cli.Outcome;
import org.byzspark.data.Synthetic;
import org.byzspark.io.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume across grid files that list the same axes in another order: the run ids differ, the
 * configurations do not, so the finished runs are taken over (renamed), not run again.
 */
class GridResumeTest {
  @TempDir Path tmp;

  /** The grid in {@code dir}, one run at a time on local[1]. */
  static Outcome runGrid(Path grid, Path dir) {
    return Cli.run(
        "grid",
        grid.toString(),
        "--out",
        dir.toString(),
        "--parallel",
        "1",
        "--master",
        "local[1]");
  }

  /** The run ids of a grid file, as its dry run prints them. */
  static List<String> ids(Path grid, Path dir) {
    Outcome o = Cli.run("grid", grid.toString(), "--out", dir.toString(), "--dry-run");
    assertEquals(0, o.code(), o.err());
    return o.out().lines().map(l -> l.substring(0, l.indexOf(' '))).sorted().toList();
  }

  /** Each run directory's name → its metrics.csv (with the wall times of its steps). */
  static Map<String, String> metrics(Path dir) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
      for (Path r : s.toList()) {
        m.put(r.getFileName().toString(), Files.readString(r.resolve("metrics.csv")));
      }
    }
    return m;
  }

  static String hashPrefix(String id) {
    return id.substring(id.length() - 8);
  }

  @Test
  void finishedRunsOfTheSameGridWithItsAxesInAnotherOrderAreRenamedNotRunAgain() throws Exception {
    Path mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 200, 60, 4, 4, 7);
    String base =
        "dataset = mnist:"
            + mnist
            + "\nmodel = softmax\nworkers = 5\nbyzantine = 1\nsteps = 6\nbatch-size = 8\n"
            + "lr = 0.3\neval-every = 3\n";
    Path seedFirst = tmp.resolve("seed-first.grid");
    Files.writeString(seedFirst, base + "seed = 1..2\nmomentum = [0, 0.9]\n");
    Path momentumFirst = tmp.resolve("momentum-first.grid");
    Files.writeString(momentumFirst, base + "momentum = [0, 0.9]\nseed = 1..2\n");
    Path dir = tmp.resolve("grid");
    List<String> idsA = ids(seedFirst, dir);
    List<String> idsB = ids(momentumFirst, dir);
    // the same four configurations under other names
    assertEquals(4, idsA.size());
    assertTrue(idsA.stream().allMatch(i -> i.startsWith("seed=")), idsA.toString());
    assertTrue(idsB.stream().allMatch(i -> i.startsWith("momentum=")), idsB.toString());
    assertEquals(
        idsA.stream().map(GridResumeTest::hashPrefix).sorted().toList(),
        idsB.stream().map(GridResumeTest::hashPrefix).sorted().toList());

    Outcome first = runGrid(seedFirst, dir);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("4 runs: 4 finished now, 0 finished earlier"), first.out());
    Map<String, String> ran = metrics(dir);
    assertEquals(idsA, List.copyOf(ran.keySet()));

    Outcome second = runGrid(momentumFirst, dir);
    assertEquals(0, second.code(), second.err());
    assertTrue(
        second.err().contains("4 runs: 4 already finished (4 found under another run id"),
        second.err());
    assertTrue(second.out().contains("4 runs: 0 finished now, 4 finished earlier"), second.out());
    // one directory per run, under the second grid's ids, each holding the first pass's metrics
    // to the byte (their step wall times included: nothing ran again)
    Map<String, String> moved = metrics(dir);
    assertEquals(idsB, List.copyOf(moved.keySet()));
    for (String id : idsB) {
      String old =
          idsA.stream().filter(a -> hashPrefix(a).equals(hashPrefix(id))).findFirst().orElseThrow();
      assertEquals(ran.get(old), moved.get(id), id);
      // run.json names the run as it now is: its id, its axes in the new order, its directory
      Path runDir = dir.resolve("runs").resolve(id);
      JsonNode j = new ObjectMapper().readTree(runDir.resolve("run.json").toFile());
      assertEquals("finished", j.path("status").asText());
      assertEquals(id, j.path("run_id").asText());
      List<String> axes = new ArrayList<>();
      j.path("axes").fieldNames().forEachRemaining(axes::add);
      assertEquals(List.of("momentum", "seed"), axes);
      assertTrue(
          id.startsWith(
              "momentum="
                  + j.path("axes").path("momentum").asText()
                  + "_seed="
                  + j.path("axes").path("seed").asText()
                  + "_"),
          id);
      assertEquals(GridRunner.runDir(dir.toString(), id), j.path("config").path("out").asText());
    }
    // the tables of the second pass list each run once, under its new id
    List<Map<String, String>> summary = Csv.parse(Files.readString(dir.resolve("summary.csv")));
    assertEquals(idsB, summary.stream().map(r -> r.get("run_id")).sorted().toList());

    // and back: the first grid again takes its runs over from the second's names
    Outcome third =
        Cli.run("grid", seedFirst.toString(), "--out", dir.toString(), "--master", "local[1]");
    assertEquals(0, third.code(), third.err());
    assertTrue(third.out().contains("4 runs: 0 finished now, 4 finished earlier"), third.out());
    assertEquals(ran, metrics(dir));
  }
}
