package org.byzspark.cli;

import static org.byzspark.cli.Cli.assertNothingWritten;
import static org.byzspark.cli.Cli.assertUsageError;
import static org.byzspark.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregateCommandTest {
  @TempDir Path tmp;

  private Cli.Outcome aggregate(Path in, Path out, String... extra) {
    String[] base = {"aggregate", "--input", in.toString(), "--output", out.toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return run(all);
  }

  /** CWTM, f=1, n=4: per coordinate drop the smallest and largest value and average the rest. */
  @Test
  void cwtmByHand() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "# four vectors\n1,2\n\n3,4\n  5 , 9 \n100,-100\n");
    Path out = tmp.resolve("r.csv");
    Cli.Outcome o = aggregate(in, out, "--aggregator", "cwtm", "--byzantine", "1");
    assertEquals(0, o.code(), o.err());
    // x: 1,3,5,100 -> (3+5)/2 = 4; y: -100,2,4,9 -> (2+4)/2 = 3
    assertEquals("4.0,3.0\n", Files.readString(out));
  }

  /**
   * Krum, n=5, f=1: score = sum of squared distances to the n-f-2 = 2 nearest others. 0: 1+6.25, 1:
   * 1+2.25, 2.5: 0.25+2.25 = 2.5 (min), 3: 0.25+4, 100: huge.
   */
  @Test
  void krumByHand() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "0,7\n1,7\n2.5,7\n3,7\n100,7\n");
    Path out = tmp.resolve("r.csv");
    Cli.Outcome o = aggregate(in, out, "--aggregator", "krum", "--byzantine", "1");
    assertEquals(0, o.code(), o.err());
    assertEquals("2.5,7.0\n", Files.readString(out));
  }

  /** clip:c=1 scales (3,4) to (0.6,0.8) and leaves (0,0); the average is then (0.3,0.4). */
  @Test
  void preAggregatorRunsBeforeTheRule() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "3,4\n0,0\n");
    Path out = tmp.resolve("r.csv");
    Cli.Outcome o =
        aggregate(in, out, "--aggregator", "average", "--byzantine", "0", "--pre", "clip:c=1");
    assertEquals(0, o.code(), o.err());
    assertArrayEquals(new double[] {0.3, 0.4}, Cli.rows(out)[0], 1e-15);
    Cli.Outcome plain =
        aggregate(in, tmp.resolve("p.csv"), "--aggregator", "average", "--byzantine", "0");
    assertEquals(0, plain.code(), plain.err());
    assertEquals("1.5,2.0\n", Files.readString(tmp.resolve("p.csv")));
  }

  @Test
  void nonFiniteInputToARobustRuleGivesAFiniteAggregate() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "1,1\n2,2\n3,3\nNaN,Infinity\n-Infinity,NaN\n");
    Path out = tmp.resolve("r.csv");
    Cli.Outcome o = aggregate(in, out, "--aggregator", "cwmed", "--byzantine", "2");
    assertEquals(0, o.code(), o.err());
    double[] r = Cli.rows(out)[0];
    for (double v : r) {
      assertTrue(Double.isFinite(v), Files.readString(out));
    }
    // coordinate 0: {-inf, 1, 2, 3, +inf (NaN)} -> 2; coordinate 1: {1, 2, 3, inf, inf} -> 3
    assertArrayEquals(new double[] {2, 3}, r);
  }

  /**
   * The same five vectors as NumPy writes them ({@code np.savetxt(f, X, header='five vectors')}:
   * {@code %.18e}, spaces, nan, inf, -inf; NumPy 2.4.6's exact output): the same aggregate.
   */
  @Test
  void readsNumpySavetxtOutput() throws Exception {
    Path in =
        Cli.write(
            tmp,
            "v.txt",
            "# five vectors\n1.000000000000000000e+00 1.000000000000000000e+00\n"
                + "2.000000000000000000e+00 2.000000000000000000e+00\n"
                + "3.000000000000000000e+00 3.000000000000000000e+00\nnan inf\n-inf nan\n");
    Path out = tmp.resolve("r.csv");
    Cli.Outcome o = aggregate(in, out, "--aggregator", "cwmed", "--byzantine", "2");
    assertEquals(0, o.code(), o.err());
    assertEquals("2.0,3.0\n", Files.readString(out));
  }

  /** Java's shortest round-trip form: the bits survive the file. */
  @Test
  void outputIsShortestRoundTrip() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "0.30000000000000004,1e-300,-0.0,1E22\n");
    Path out = tmp.resolve("r.csv");
    Cli.Outcome o = aggregate(in, out, "--aggregator", "average", "--byzantine", "0");
    assertEquals(0, o.code(), o.err());
    assertEquals("0.30000000000000004,1.0E-300,-0.0,1.0E22\n", Files.readString(out));
  }

  @Test
  void existingOutputIsReplacedWithoutSideFiles() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "1\n3\n");
    Path out = Cli.write(tmp, "r.csv", "old\nold\n");
    Cli.Outcome o = aggregate(in, out, "--aggregator", "average", "--byzantine", "0");
    assertEquals(0, o.code(), o.err());
    assertEquals("2.0\n", Files.readString(out));
    try (var s = Files.list(tmp)) {
      assertEquals(2, s.count(), "only v.csv and r.csv expected (no .crc or temp files)");
    }
  }

  @Test
  void lastReportGoesToStandardError() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "0,0\n1,0\n0,1\n5,5\n");
    Cli.Outcome o = aggregate(in, tmp.resolve("r.csv"), "--aggregator", "gm", "--byzantine", "1");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.err().startsWith("byzspark aggregate: gm: iterations="), o.err());
  }

  @Test
  void ruleRequirementFailure() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "1\n2\n3\n4\n");
    Path out = tmp.resolve("r.csv");
    assertUsageError(
        aggregate(in, out, "--aggregator", "cwtm", "--byzantine", "2"),
        "aggregate",
        "cwtm needs n > 2f, got n=4 f=2");
    assertNothingWritten(out);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ragged | 1,2,3\\n4,5,6\\n7,8\\n | v.csv line 3 has 2 values, expected 3",
        "ragged after comment | # c\\n1,2\\n1,2,3\\n | v.csv line 3 has 3 values, expected 2",
        "not a number | 1,2,3\\n4,5,abc\\n | v.csv line 2, value 3: 'abc' is not a number",
        "empty value | 1,,3\\n | v.csv line 1, value 2: '' is not a number",
        "empty | # only a comment\\n\\n | --input: no vectors in ",
        "zero bytes | '' | --input: no vectors in ",
      })
  void badInputFile(String name, String content, String expected) throws Exception {
    Path in = Cli.write(tmp, "v.csv", content.replace("\\n", "\n"));
    Path out = tmp.resolve("r.csv");
    assertUsageError(
        aggregate(in, out, "--aggregator", "cwmed", "--byzantine", "0"), "aggregate", expected);
    assertNothingWritten(out);
  }

  @Test
  void missingInputFile() throws Exception {
    Path in = tmp.resolve("absent.csv");
    Path out = tmp.resolve("r.csv");
    assertUsageError(
        aggregate(in, out, "--aggregator", "cwmed", "--byzantine", "0"),
        "aggregate",
        "--input: file " + in + " not found");
    assertNothingWritten(out);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--byzantine | 3 | --byzantine: 3 is not allowed with 3 vectors in",
        "--byzantine | x | --byzantine: 'x' is not an integer",
        "--aggregator | nope | unknown aggregator 'nope'",
        "--agg-param | q=1 | unknown parameter 'q' for cwmed",
        "--pre | nope | unknown pre-aggregator 'nope'",
        "--step | 0 | --step: 0 is not allowed; allowed: an integer >= 1",
      })
  void invalidOptions(String option, String value, String expected) throws Exception {
    Path in = Cli.write(tmp, "v.csv", "1\n2\n3\n");
    Path out = tmp.resolve("r.csv");
    String[] a = {"--aggregator", "cwmed", "--byzantine", "1", option, value};
    assertUsageError(aggregate(in, out, a), "aggregate", expected);
    assertNothingWritten(out);
  }

  @Test
  void requiredOptionMissing() throws Exception {
    Path in = Cli.write(tmp, "v.csv", "1\n");
    assertUsageError(
        run("aggregate", "--input", in.toString(), "--output", "x.csv", "--byzantine", "0"),
        "aggregate",
        "--aggregator is required");
  }

  @Test
  void help() {
    Cli.assertHelpComplete("aggregate", AggregateCommand.options());
  }

  /** The rules compared against since 2020 (caf, ..., foolsgold). */
  static final String[] RECENT = {
    "caf", "smea", "dnc", "monna", "phocas", "rfa", "signguard", "clippedclustering", "foolsgold"
  };

  /**
   * Every recent rule, offline, on 9 vectors of which a NaN row, a +Inf row and a −Inf row (f = 3):
   * exit 0 and a finite aggregate of the right length; and each is listed by --help, described by
   * --help-rule and has a row in theory.
   */
  @Test
  void recentRulesRunOfflineOnNonFiniteRows() throws Exception {
    Path in =
        Cli.write(
            tmp,
            "v.csv",
            "1,2,0.5\n1.5,2.5,0\n0.5,1,1\n2,1.5,0.5\n1,1,1\n1.2,2.2,0.7\n"
                + "NaN,1,2\nInfinity,Infinity,0\n3,-Infinity,1\n");
    Cli.Outcome help = run("aggregate", "--help");
    Cli.Outcome theory = run("theory", "--workers", "9", "--byzantine", "3", "--dim", "3");
    assertEquals(0, theory.code(), theory.err());
    for (String rule : RECENT) {
      Path out = tmp.resolve(rule + ".csv");
      Cli.Outcome o = aggregate(in, out, "--aggregator", rule, "--byzantine", "3");
      assertEquals(0, o.code(), rule + ": " + o.err());
      double[] r = Cli.rows(out)[0];
      assertEquals(3, r.length, rule);
      for (double v : r) {
        assertTrue(Double.isFinite(v), rule + ": " + Files.readString(out));
      }
      assertTrue(help.out().contains(rule), rule + " not in --help");
      Cli.Outcome h = run("aggregate", "--help-rule", rule);
      assertEquals(0, h.code(), h.err());
      assertTrue(h.out().startsWith(rule + ": "), h.out());
      assertTrue(theory.out().lines().anyMatch(l -> l.startsWith(rule + " ")), rule);
    }
  }
}
