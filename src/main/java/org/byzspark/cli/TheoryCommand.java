package org.byzspark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Theory;
import org.byzspark.util.Params;

/**
 * {@code byzspark theory}: for given (n, f, d), a table of every registered rule (default
 * parameters) with its requirement ({@code ok} or the message of {@link Aggregator#check}), its
 * resilience coefficient λ of RESAM Definition 2 / Table 1 (or the rule's note when it has none),
 * the η of the Krum family where defined, and RESAM's lower bound f/(n−f) on λ for reference.
 * Aligned text by default, or CSV (RFC 4180 quoting; numbers in Java's round-trip form). No files,
 * no Spark.
 */
final class TheoryCommand {
  static final String SUB = "theory";
  static final List<String> HEADER = List.of("rule", "requirement", "lambda", "eta", "lower_bound");
  static final List<String> TEXT_HEADER =
      List.of("rule", "requirement", "λ", "η", "lower bound f/(n-f)");

  private TheoryCommand() {}

  static List<Scopt.Opt> options() {
    return List.of(
        Scopt.Opt.of("workers", "N", null, "number of workers n >= 1" + Offline.REQUIRED),
        Scopt.Opt.of(
            "byzantine", "F", null, "number of Byzantine workers f, 0 <= f < n" + Offline.REQUIRED),
        Scopt.Opt.of("dim", "D", null, "dimension d >= 1 of the vectors" + Offline.REQUIRED),
        Scopt.Opt.of("format", "FORMAT", "text", "output format: text (aligned columns) or csv"));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o =
        Offline.parse(
            SUB,
            "Requirements and resilience coefficients of every rule for (n, f, d) (RESAM Table 1).",
            options(),
            args,
            out);
    if (o == null) {
      return 0;
    }
    int n = Offline.intAtLeast(o, "workers", 1);
    int f = o.integer("byzantine");
    Offline.checkF(f, n, "--workers " + n);
    int d = Offline.intAtLeast(o, "dim", 1);
    String format = o.string("format").strip();
    if (!format.equals("text") && !format.equals("csv")) {
      throw new CliError("--format: unknown value '" + format + "'; allowed: text, csv");
    }
    List<List<String>> rows = table(n, f, d, format.equals("csv"));
    out.print(format.equals("csv") ? csv(rows) : text(rows));
    return 0;
  }

  /** The header and one row per rule; numbers as Double.toString (csv) or 6 significant digits. */
  static List<List<String>> table(int n, int f, int d, boolean exact) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(exact ? HEADER : TEXT_HEADER);
    String lower = num((double) f / (n - f), exact);
    for (String name : Aggregators.names()) {
      String requirement;
      String lambda;
      String eta;
      try {
        Aggregator rule = Aggregators.create(name, Params.empty());
        try {
          rule.check(n, f, d);
          requirement = "ok";
        } catch (IllegalArgumentException e) {
          requirement = e.getMessage();
        }
        Theory t = rule.theory(n, f, d);
        lambda =
            t.lambda().isPresent()
                ? num(t.lambda().getAsDouble(), exact)
                    + (t.note().isEmpty() ? "" : " (" + t.note() + ")")
                : (t.note().isEmpty() ? "not resilient averaging" : t.note());
        eta = opt(t.eta(), exact);
      } catch (IllegalArgumentException e) {
        requirement = e.getMessage();
        lambda = "-";
        eta = "-";
      }
      rows.add(List.of(name, requirement, lambda, eta, lower));
    }
    return rows;
  }

  private static String opt(OptionalDouble v, boolean exact) {
    return v.isPresent() ? num(v.getAsDouble(), exact) : "-";
  }

  private static String num(double v, boolean exact) {
    if (exact || !Double.isFinite(v)) {
      return Double.toString(v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }

  static String text(List<List<String>> rows) {
    int cols = rows.get(0).size();
    int[] w = new int[cols];
    for (List<String> r : rows) {
      for (int j = 0; j < cols; j++) {
        w[j] = Math.max(w[j], r.get(j).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < cols; j++) {
        line.append(j == 0 ? "" : "  ").append(r.get(j));
        if (j < cols - 1) {
          line.append(" ".repeat(w[j] - r.get(j).length()));
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  static String csv(List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    for (List<String> r : rows) {
      for (int j = 0; j < r.size(); j++) {
        sb.append(j == 0 ? "" : ",").append(quote(r.get(j)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
