package org.byzspark.cli;

import static org.byzspark.cli.Cli.assertUsageError;
import static org.byzspark.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.byzspark.aggregation.Aggregators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TheoryCommandTest {
  /** Minimal RFC 4180 parser for the test: quoted fields may hold commas. */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      List<String> row = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cell.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(cell.toString());
          cell.setLength(0);
        } else {
          cell.append(c);
        }
      }
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }

  static List<List<String>> csv(int n, int f, int d) {
    Cli.Outcome o =
        run(
            "theory",
            "--workers",
            "" + n,
            "--byzantine",
            "" + f,
            "--dim",
            "" + d,
            "--format",
            "csv");
    assertEquals(0, o.code(), o.err());
    return parseCsv(o.out());
  }

  static List<String> row(List<List<String>> t, String rule) {
    return t.stream().filter(r -> r.get(0).equals(rule)).findFirst().orElseThrow();
  }

  @Test
  void everyRuleHasOneRow() {
    List<List<String>> t = csv(10, 3, 5);
    assertEquals(List.of("rule", "requirement", "lambda", "eta", "lower_bound"), t.get(0));
    assertEquals(Aggregators.names(), t.subList(1, t.size()).stream().map(r -> r.get(0)).toList());
    for (List<String> r : t) {
      assertEquals(5, r.size(), r.toString());
    }
    Cli.Outcome text = run("theory", "--workers", "10", "--byzantine", "3", "--dim", "5");
    for (String name : Aggregators.names()) {
      assertTrue(text.out().lines().anyMatch(l -> l.startsWith(name + " ")), name);
    }
  }

  /** RESAM Table 1: λ_CWTM = f/(n−f)·Δ, Δ = min{2√(n−f), √d}; both branches of the min. */
  @ParameterizedTest(name = "n={0} f={1} d={2}")
  @CsvSource({"10, 3, 5", "10, 3, 1000", "15, 5, 784", "7, 1, 2"})
  void cwtmLambdaIsTable1(int n, int f, int d) {
    List<String> r = row(csv(n, f, d), "cwtm");
    double delta = Math.min(2 * Math.sqrt(n - f), Math.sqrt(d));
    double expected = (double) f / (n - f) * delta;
    assertEquals("ok", r.get(1));
    assertEquals(expected, Double.parseDouble(r.get(2)), 1e-12 * expected);
    assertEquals((double) f / (n - f), Double.parseDouble(r.get(4)), 0.0);
  }

  @Test
  void krumRequirementIsShown() {
    List<String> r = row(csv(10, 4, 5), "krum");
    assertEquals("krum needs n > 2f+2, got n=10 f=4", r.get(1));
    Cli.Outcome text = run("theory", "--workers", "10", "--byzantine", "4", "--dim", "5");
    String line = text.out().lines().filter(l -> l.startsWith("krum ")).findFirst().orElseThrow();
    assertTrue(line.contains("krum needs n > 2f+2, got n=10 f=4"), line);
  }

  /** Text columns are aligned: every row's second column starts where the header's does. */
  @Test
  void textIsAligned() {
    Cli.Outcome o = run("theory", "--workers", "10", "--byzantine", "4", "--dim", "5");
    List<String> lines = o.out().lines().toList();
    int col = lines.get(0).indexOf("requirement");
    assertTrue(col > 0);
    for (String l : lines.subList(1, lines.size())) {
      assertEquals(' ', l.charAt(col - 1), l);
      assertTrue(l.charAt(col) != ' ', l);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10 10 5 text | --byzantine: 10 is not allowed with --workers 10; allowed: 0 <= f < n",
        "0 0 5 text | --workers: 0 is not allowed; allowed: an integer >= 1",
        "10 1 0 text | --dim: 0 is not allowed; allowed: an integer >= 1",
        "10 1 5 json | --format: unknown value 'json'; allowed: text, csv",
      })
  void invalidOptions(String args, String expected) {
    String[] a = args.split(" ");
    assertUsageError(
        run("theory", "--workers", a[0], "--byzantine", a[1], "--dim", a[2], "--format", a[3]),
        "theory",
        expected);
  }

  @Test
  void help() {
    Cli.assertHelpComplete("theory", TheoryCommand.options());
  }
}
