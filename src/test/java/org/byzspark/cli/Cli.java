package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Runs the command line in-process and checks the usual outcomes of the offline subcommands. */
public final class Cli {
  private Cli() {}

  public record Outcome(int code, String out, String err) {}

  public static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Path write(Path dir, String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  /** The rows of a CSV vector file, parsed. */
  static double[][] rows(Path p) throws IOException {
    return Files.readAllLines(p).stream()
        .map(l -> Stream.of(l.split(",")).mapToDouble(Double::parseDouble).toArray())
        .toArray(double[][]::new);
  }

  /** Exit 2, exactly one line "byzspark SUB: error: ..." containing {@code expected}. */
  static void assertUsageError(Outcome o, String sub, String expected) {
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), "one line expected, got: " + o.err());
    assertTrue(o.err().startsWith("byzspark " + sub + ": error: "), o.err());
    assertTrue(o.err().contains(expected), "expected «" + expected + "» in «" + o.err() + "»");
    assertEquals("", o.out());
  }

  /** {@code out} does not exist and no temporary or checksum file was left next to it. */
  static void assertNothingWritten(Path out) throws IOException {
    assertFalse(Files.exists(out), "output must not be created: " + out);
    try (Stream<Path> s = Files.list(out.getParent())) {
      List<String> leftovers =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.contains(out.getFileName().toString()))
              .toList();
      assertEquals(List.of(), leftovers, "temporary files left behind");
    }
  }

  /** --help exits 0 and lists every option, with its default where it has one. */
  static void assertHelpComplete(String sub, List<Scopt.Opt> opts) {
    Outcome o = run(sub, "--help");
    assertEquals(0, o.code(), o.err());
    for (Scopt.Opt opt : opts) {
      assertTrue(o.out().contains("--" + opt.name() + " "), "help lacks --" + opt.name());
      if (opt.defaultValue() != null) {
        assertTrue(
            o.out().contains("(default: " + opt.defaultValue() + ")"),
            "help lacks the default of --" + opt.name());
      } else {
        assertTrue(
            opt.help().endsWith(Offline.REQUIRED)
                || opt.repeatable()
                || opt.name().equals("own")
                || opt.name().equals("reference")
                || opt.name().startsWith("help-"),
            "--" + opt.name() + " has neither a default nor is required");
      }
    }
  }
}
