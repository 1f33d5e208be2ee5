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

class AttackCommandTest {
  @TempDir Path tmp;

  private Cli.Outcome attack(Path in, Path out, String... extra) {
    String[] base = {"attack", "--input", in.toString(), "--output", out.toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return run(all);
  }

  /**
   * Honest (1,2),(3,4),(5,9): mean (3,5), sample std (2, √13) (x: (4+0+4)/2 = 4; y: (9+1+16)/2 =
   * 13); little with ζ=1 sends mean + std = (5, 5 + √13), f=2 times (RESAM D.1's sign).
   */
  @Test
  void littleByHand() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o = attack(in, out, "--attack", "little", "--byzantine", "2");
    assertEquals(0, o.code(), o.err());
    double[][] b = Cli.rows(out);
    assertEquals(2, b.length);
    for (double[] r : b) {
      assertArrayEquals(new double[] {5, 5 + Math.sqrt(13)}, r, 1e-15);
    }
  }

  /**
   * The files as NumPy writes them ({@code np.savetxt(f, H, header='honest messages')}: {@code
   * %.18e}, spaces; {@code np.savetxt(f, own, delimiter=',')} with inf, -inf, nan; NumPy 2.4.6's
   * exact output): the same messages as from the Java-style files above.
   */
  @Test
  void readsNumpySavetxtFiles() throws Exception {
    Path in =
        Cli.write(
            tmp,
            "h.txt",
            "# honest messages\n1.000000000000000000e+00 2.000000000000000000e+00\n"
                + "3.000000000000000000e+00 4.000000000000000000e+00\n"
                + "5.000000000000000000e+00 9.000000000000000000e+00\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o = attack(in, out, "--attack", "little", "--byzantine", "2");
    assertEquals(0, o.code(), o.err());
    for (double[] r : Cli.rows(out)) {
      assertArrayEquals(new double[] {5, 5 + Math.sqrt(13)}, r, 1e-15);
    }
    Path own = Cli.write(tmp, "own.txt", "inf,-inf\nnan,1.500000000000000000e+00\n");
    Cli.Outcome flip =
        attack(in, out, "--attack", "signflip", "--byzantine", "2", "--own", own.toString());
    assertEquals(0, flip.code(), flip.err());
    assertEquals("-Infinity,Infinity\nNaN,-1.5\n", Files.readString(out));
  }

  @Test
  void littleParameterIsPassed() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o =
        attack(
            in,
            out,
            "--attack",
            "little",
            "--byzantine",
            "1",
            "--attack-param",
            "zeta=2,sign=minus");
    assertEquals(0, o.code(), o.err());
    assertArrayEquals(new double[] {-1, 5 - 2 * Math.sqrt(13)}, Cli.rows(out)[0], 1e-15);
  }

  @Test
  void signflipNegatesOwn() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path own = Cli.write(tmp, "own.csv", "1,-2\n0.5,3\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o =
        attack(in, out, "--attack", "signflip", "--byzantine", "2", "--own", own.toString());
    assertEquals(0, o.code(), o.err());
    assertEquals("-1.0,2.0\n-0.5,-3.0\n", Files.readString(out));
  }

  @Test
  void signflipWithoutOwnIsAClearError() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    assertUsageError(
        attack(in, out, "--attack", "signflip", "--byzantine", "2"),
        "attack",
        "attack signflip needs --own FILE: the f=2 messages the Byzantine workers computed"
            + " honestly");
    assertNothingWritten(out);
  }

  @Test
  void ownMustHaveFRowsOfTheHonestDimension() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    Path one = Cli.write(tmp, "one.csv", "1,2\n");
    assertUsageError(
        attack(in, out, "--attack", "none", "--byzantine", "2", "--own", one.toString()),
        "attack",
        "--own: " + one + " has 1 vectors, expected f=2");
    Path wide = Cli.write(tmp, "wide.csv", "1,2,3\n1,2,3\n");
    assertUsageError(
        attack(in, out, "--attack", "none", "--byzantine", "2", "--own", wide.toString()),
        "attack",
        "--own: " + wide + " line 1 has 3 values, expected 2");
    assertNothingWritten(out);
  }

  @Test
  void adaptiveWithoutRuleFailsWithItsOwnMessage() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    assertUsageError(
        attack(in, out, "--attack", "adaptive", "--byzantine", "2"),
        "attack",
        "adaptive needs the server's aggregation rule");
    assertNothingWritten(out);
  }

  /** Against the mean the distance grows with ζ, so the search returns ζ_max = 3. */
  @Test
  void adaptiveUsesTheGivenRule() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o =
        attack(
            in,
            out,
            "--attack",
            "adaptive",
            "--byzantine",
            "2",
            "--attack-param",
            "zeta-max=3",
            "--aggregator",
            "average");
    assertEquals(0, o.code(), o.err());
    double[][] b = Cli.rows(out);
    assertEquals(2, b.length);
    assertArrayEquals(new double[] {3 - 3 * 2, 5 - 3 * Math.sqrt(13)}, b[1], 1e-12);
  }

  @Test
  void ruleRequirementIsChecked() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    assertUsageError(
        attack(in, out, "--attack", "adaptive", "--byzantine", "2", "--aggregator", "krum"),
        "attack",
        "krum needs n > 2f+2, got n=5 f=2");
    assertNothingWritten(out);
  }

  @Test
  void badHonestFile() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,x\n");
    Path out = tmp.resolve("b.csv");
    assertUsageError(
        attack(in, out, "--attack", "little", "--byzantine", "1"),
        "attack",
        "h.csv line 2, value 2: 'x' is not a number");
    assertNothingWritten(out);
  }

  @Test
  void invalidByzantineAndAttack() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n");
    Path out = tmp.resolve("b.csv");
    assertUsageError(
        attack(in, out, "--attack", "little", "--byzantine", "0"),
        "attack",
        "--byzantine: 0 is not allowed; allowed: an integer >= 1");
    assertUsageError(
        attack(in, out, "--attack", "nope", "--byzantine", "1"), "attack", "unknown attack 'nope'");
    assertNothingWritten(out);
  }

  /**
   * minmax (std) on (1,2),(3,4),(5,9): x = (3 − 2γ, 5 − √13γ), γ* the root of 17γ² + (8 + 8√13)γ −
   * 45 (the farthest honest message (5, 9) at the honest diameter √65), found to 1e-5 below.
   */
  @Test
  void minmaxByHand() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o = attack(in, out, "--attack", "minmax", "--byzantine", "2");
    assertEquals(0, o.code(), o.err());
    double[][] b = Cli.rows(out);
    assertEquals(2, b.length);
    double bq = 8 + 8 * Math.sqrt(13);
    double exact = (-bq + Math.sqrt(bq * bq + 4 * 17 * 45)) / 34;
    double gamma = (3 - b[0][0]) / 2;
    assertTrue(gamma <= exact && gamma >= exact - 1e-5, "gamma " + gamma);
    assertEquals(5 - Math.sqrt(13) * gamma, b[0][1], 1e-12);
    assertArrayEquals(b[0], b[1], 0);
  }

  /** minsum, sign: γ* = max_j ‖x_j − ḡ‖ / ‖p‖ = √20 / √2 = √10, x = (3 − γ, 5 − γ). */
  @Test
  void minsumByHand() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o = attack(in, out, "--attack", "minsum:direction=sign", "--byzantine", "1");
    assertEquals(0, o.code(), o.err());
    double[] b = Cli.rows(out)[0];
    assertEquals(3 - Math.sqrt(10), b[0], 1e-5);
    assertEquals(b[0] + 2, b[1], 1e-12);
  }

  /** fang against Krum: the worked example of FangAttackTest, λ_max = 38 halved twice to 9.5. */
  @Test
  void fangKrumByHand() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "9\n10\n-9\n-10\n-22\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o =
        attack(in, out, "--attack", "fang", "--attack-param", "target=krum", "--byzantine", "2");
    assertEquals(0, o.code(), o.err());
    assertEquals("9.5\n9.5\n", Files.readString(out));
  }

  /** fang against trimmed mean: ḡ > 0 and minima (1, 2) > 0, so each value is min/r, r ∈ [1, 2). */
  @Test
  void fangTrmeanLiesBelowTheMinima() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o =
        attack(in, out, "--attack", "fang", "--byzantine", "3", "--seed", "5", "--step", "9");
    assertEquals(0, o.code(), o.err());
    double[][] b = Cli.rows(out);
    assertEquals(3, b.length);
    for (double[] r : b) {
      assertTrue(r[0] > 0.5 && r[0] <= 1 && r[1] > 1 && r[1] <= 2, java.util.Arrays.toString(r));
    }
    Path again = tmp.resolve("c.csv");
    attack(in, again, "--attack", "fang", "--byzantine", "3", "--seed", "5", "--step", "9");
    assertEquals(Files.readString(out), Files.readString(again));
  }

  /** tailored against the mean: the distance grows with γ, so γ* = gamma-max = 3; sign: −(1, 1). */
  @Test
  void tailoredUsesTheGivenRule() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "1,2\n3,4\n5,9\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o =
        attack(
            in,
            out,
            "--attack",
            "tailored:direction=sign,gamma-max=3",
            "--byzantine",
            "2",
            "--aggregator",
            "average");
    assertEquals(0, o.code(), o.err());
    assertEquals("0.0,2.0\n0.0,2.0\n", Files.readString(out));
    assertUsageError(
        attack(in, tmp.resolve("d.csv"), "--attack", "tailored", "--byzantine", "2"),
        "attack",
        "tailored needs the server's aggregation rule");
  }

  /**
   * mimic's heuristic offline, with every = 4: one step from the initial state chooses; the
   * variance is along x and (7, 0) is farthest out along it (MimicAttackTest).
   */
  @Test
  void mimicHeuristic() throws Exception {
    Path in = Cli.write(tmp, "h.csv", "-6,0\n7,0\n-5,0\n4,0\n0,9.5\n");
    Path out = tmp.resolve("b.csv");
    Cli.Outcome o =
        attack(
            in,
            out,
            "--attack",
            "mimic:target=heuristic,every=4",
            "--byzantine",
            "2",
            "--step",
            "3");
    assertEquals(0, o.code(), o.err());
    assertEquals("7.0,0.0\n7.0,0.0\n", Files.readString(out));
  }

  @Test
  void helpAttackListsTheNewAttacksParameters() {
    Cli.Outcome o = run("attack", "--help-attack", "fang");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("target") && o.out().contains("trmean, krum"), o.out());
    assertTrue(o.out().contains("lambda-min") && o.out().contains("b"), o.out());
    for (String name : new String[] {"minmax", "minsum", "tailored", "mimic"}) {
      Cli.Outcome h = run("attack", "--help-attack", name);
      assertEquals(0, h.code(), h.err());
      assertTrue(h.out().startsWith(name + ": "), h.out());
    }
    assertTrue(run("attack", "--help-attack", "mimic").out().contains("heuristic"));
    assertTrue(run("attack", "--help").out().contains("minmax, minsum, fang, tailored"));
  }

  @Test
  void help() {
    Cli.assertHelpComplete("attack", AttackCommand.options());
  }
}
