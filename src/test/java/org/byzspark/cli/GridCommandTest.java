package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    Path hgo =
        Cli.write(
            tmp,
            "e.grid",
            "dataset = mnist:"
                + data
                + "\nmodel = softmax\n"
                + "workers = 5\nbyzantine = 1\nsteps = 10\nalgorithm = [resam, hgo]\n");
    Cli.Outcome o = Cli.run("grid", hgo.toString(), "--out", out.toString());
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("run algorithm=hgo: the HGO trainer's options"), o.err());
    assertTrue(o.err().contains("1 of 2 runs are invalid"), o.err());
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
  void plotNeedsTables() throws Exception {
    Cli.assertUsageError(Cli.run("plot"), "plot", "missing DIR");
    Cli.assertUsageError(Cli.run("plot", tmp.toString()), "plot", "has no summary.csv");
    Cli.assertUsageError(
        Cli.run("plot", tmp.resolve("nowhere").toString()), "plot", "does not exist");
  }
}
