package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of {@code grid} and {@code plot}: one line, exit 2, nothing written. */
class GridCommandTest {
  @TempDir Path tmp;

  @Test
  void missingFileAndBadOptions() throws Exception {
    Path out = tmp.resolve("out");
    Cli.assertUsageError(Cli.run("grid"), "grid", "missing the grid FILE");
    Cli.assertUsageError(
        Cli.run("grid", tmp.resolve("nope.grid").toString(), "--out", out.toString()),
        "grid",
        "nope.grid not found");
    Path g = Cli.write(tmp, "a.grid", "steps = 10\naggregator = [cwtm, krum]\n");
    Cli.assertUsageError(
        Cli.run("grid", g.toString(), "--parallel", "0", "--out", out.toString()),
        "grid",
        "--parallel: 0 is not allowed");
    Path bad = Cli.write(tmp, "b.grid", "steps = 10\nout = somewhere\n");
    Cli.assertUsageError(
        Cli.run("grid", bad.toString(), "--out", out.toString()),
        "grid",
        "line 2: unknown option 'out'");
    Path zip =
        Cli.write(
            tmp, "c.grid", "aggregator = [cwtm, krum]\nseed = 1..3\nzip = aggregator, seed\n");
    Cli.assertUsageError(
        Cli.run("grid", zip.toString(), "--out", out.toString()), "grid", "different lengths");
    // a generated dataset: the resam run must be valid whether or not real MNIST is on the machine
    Path data = tmp.resolve("mnist");
    org.byzspark.data.Synthetic.writeMnistLike(data, 50, 20, 4, 4, 1);
    // the HGO trainer's options are allowed (a grid runs such a run as train does) and checked
    // as train checks them: a bad value names its run and the option, exit 2, nothing written
    Path hgo =
        Cli.write(
            tmp,
            "e.grid",
            "dataset = mnist:"
                + data
                + "\nmodel = softmax\n"
                + "workers = 5\nbyzantine = 1\nsteps = 10\nalgorithm = [resam, hgo]\n"
                + "quorum-size = [4, 9]\n");
    Cli.Outcome o = Cli.run("grid", hgo.toString(), "--out", out.toString());
    assertEquals(2, o.code(), o.err());
    assertTrue(
        o.err()
            .contains(
                "run algorithm=hgo_quorum-size=9: --quorum-size: 9 is not allowed; allowed: 1 <= q"
                    + " <= n = 5"),
        o.err());
    assertTrue(o.err().contains("2 of 4 runs are invalid"), o.err());
    assertFalse(o.err().contains("quorum-size=4:"), o.err());
    Cli.assertNothingWritten(out);
  }

  @Test
  void dryRunNeedsNoDataAndPrintsOneLinePerRun() throws Exception {
    Path data = tmp.resolve("mnist");
    org.byzspark.data.Synthetic.writeMnistLike(data, 50, 20, 4, 4, 1);
    Path g =
        Cli.write(
            tmp,
            "d.grid",
            "dataset = mnist:"
                + data
                + "\nmodel = softmax\nworkers = 5\n"
                + "byzantine = 1\nsteps = 10\naggregator = [cwtm, krum]\nattack = [little, empire]\n"
                + "exclude = aggregator=krum attack=empire\n");
    Path out = tmp.resolve("out");
    Cli.Outcome o = Cli.run("grid", g.toString(), "--dry-run", "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    assertEquals(3, o.out().lines().count(), o.out());
    assertTrue(
        o.out().lines().allMatch(l -> l.matches("aggregator=\\w+_attack=\\w+_[0-9a-f]{8}  .*")),
        o.out());
    // the same grid gives the same ids
    assertEquals(
        o.out(), Cli.run("grid", g.toString(), "--dry-run", "--out", out.toString()).out());
    Cli.assertNothingWritten(out);
  }

  @Test
  void linearRegressionAndHgoRunsAreValidInAGrid() throws Exception {
    // model = linear was refused in a grid before: it now runs on the HGO trainer, as in train
    Path file = tmp.resolve("reg.libsvm");
    org.byzspark.data.Synthetic.writeLibsvm(file, 60, 3, 5);
    Path g =
        Cli.write(
            tmp,
            "lin.grid",
            "dataset = libsvm:"
                + file
                + "\nmodel = linear\nworkers = 4\nbyzantine = 0\nattack = none\n"
                + "aggregator = average\nmomentum = 0\nsteps = 5\nalgorithm = [resam, hgo]\n");
    Path out = tmp.resolve("out-lin");
    Cli.Outcome o = Cli.run("grid", g.toString(), "--dry-run", "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    assertEquals(2, o.out().lines().count(), o.out());
    assertTrue(
        o.out()
            .lines()
            .anyMatch(l -> l.startsWith("algorithm=resam_") && l.contains(", resam, seed 1")),
        o.out());
    assertTrue(
        o.out()
            .lines()
            .anyMatch(l -> l.startsWith("algorithm=hgo_") && l.contains(", hgo, seed 1")),
        o.out());
    Cli.assertNothingWritten(out);
  }

  @Test
  void plotNeedsTables() throws Exception {
    Cli.assertUsageError(Cli.run("plot"), "plot", "missing DIR");
    Cli.assertUsageError(Cli.run("plot", tmp.toString()), "plot", "has no summary.csv");
    Cli.assertUsageError(
        Cli.run("plot", tmp.resolve("nowhere").toString()), "plot", "does not exist");
    Cli.assertUsageError(
        Cli.run("plot", tmp.toString(), "--x", "wall"),
        "plot",
        "--x: wall is not allowed; allowed: step, sim_time");
  }
}
