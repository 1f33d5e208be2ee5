package org.byzspark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.byzspark.aggregation.Aggregation;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.Theory;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.fidelity.ResilienceRatio;
import org.byzspark.io.MessageFile;
import org.byzspark.util.Params;

/**
 * {@code byzspark resilience}: RESAM's Definition 2 measured on the messages a training run
 * recorded ({@code train --record-messages}). For every recorded step and every rule, the rule
 * aggregates the step's n messages (from its initial state, in the round of the step and seed) and
 * the ratio ρ = ‖F − x̄_H‖ / max_{i,j∈H} ‖x_i − x_j‖ of {@link ResilienceRatio} is printed beside
 * the rule's λ for (n, f, d) from {@link Aggregator#theory} (as {@code byzspark theory} prints it)
 * and whether ρ ≤ λ. No Spark; files through Hadoop FileSystem.
 */
final class ResilienceCommand {
  static final String SUB = "resilience";
  static final List<String> HEADER =
      List.of(
          "step", "rule", "n", "honest", "f", "ratio", "lambda", "holds", "distance", "diameter");

  private ResilienceCommand() {}

  static List<Scopt.Opt> options() {
    return List.of(
        Scopt.Opt.of(
            "messages",
            "PATH",
            null,
            "a run's messages directory (OUT/messages: every step-T.csv in it) or one step-T.csv"
                + Offline.REQUIRED),
        Scopt.Opt.repeated(
            "rule",
            "SPEC",
            "a rule with its pre-aggregators and parameters, [PRE+...+]NAME[:key=value,...], e.g."
                + " krum, multikrum:m=5, nnm+cwtm, bucketing:s=2+krum (repeatable; default: every"
                + " registered rule with its default parameters)"),
        Scopt.Opt.of(
            "byzantine",
            "F",
            "recorded",
            "the f the rules are told and λ is computed for; recorded: the f the run's rule was"
                + " told, from each file"),
        Scopt.Opt.of("format", "FORMAT", "text", "output format: text (aligned columns) or csv"));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o =
        Offline.parse(
            SUB,
            "RESAM's (f, λ)-resilient averaging (Definition 2) measured on recorded messages.",
            options(),
            args,
            out);
    if (o == null) {
      return 0;
    }
    String format = o.string("format").strip();
    if (!format.equals("text") && !format.equals("csv")) {
      throw new CliError("--format: unknown value '" + format + "'; allowed: text, csv");
    }
    Integer fixedF =
        o.string("byzantine").strip().equals("recorded")
            ? null
            : Offline.intAtLeast(o, "byzantine", 0);
    List<String> specs = o.all("rule");
    if (specs.isEmpty()) {
      specs = Aggregators.names();
    }
    List<Map.Entry<String, Aggregator>> rules = new ArrayList<>();
    for (String spec : specs) {
      rules.add(Map.entry(spec.strip(), rule(spec)));
    }
    Configuration conf = new Configuration();
    List<MessageFile> files = new ArrayList<>();
    try {
      for (String file : MessageFile.list(o.string("messages"), "--messages", conf)) {
        files.add(MessageFile.read(file, "--messages", conf));
      }
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
    boolean exact = format.equals("csv");
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (MessageFile m : files) {
      int n = m.rows().length;
      int d = m.rows()[0].length;
      int f = fixedF != null ? fixedF : m.declaredF();
      if (f >= n) {
        throw new CliError(
            "--byzantine: " + f + " is not allowed with " + n + " messages; allowed: 0 <= f < n");
      }
      for (Map.Entry<String, Aggregator> r : rules) {
        rows.add(row(m, r.getKey(), r.getValue(), n, f, d, exact));
      }
    }
    out.print(exact ? TheoryCommand.csv(rows) : TheoryCommand.text(rows));
    return 0;
  }

  /** One line of the table: the rule's ratio at this step, or why there is none. */
  static List<String> row(
      MessageFile m, String spec, Aggregator rule, int n, int f, int d, boolean exact) {
    String step = Long.toString(m.step());
    String honest = Integer.toString(n - m.forged());
    String lambda;
    double lam = Double.NaN;
    try {
      Theory t = rule.theory(n, f, d);
      if (t.lambda().isPresent()) {
        lam = t.lambda().getAsDouble();
        lambda = num(lam, exact);
      } else {
        lambda = "-";
      }
    } catch (IllegalArgumentException e) {
      lambda = "-";
    }
    double[] agg;
    try {
      rule.check(n, f, d);
      Aggregation a =
          rule.aggregate(
              VectorSet.of(d, m.rows()), f, new Round(m.step(), m.seed()), rule.initialState());
      agg = a.value().toArray();
    } catch (IllegalArgumentException e) {
      return List.of(
          step,
          spec,
          Integer.toString(n),
          honest,
          Integer.toString(f),
          "-",
          lambda,
          "not applicable: " + e.getMessage(),
          "-",
          "-");
    }
    ResilienceRatio.Measure r = ResilienceRatio.measure(m.rows(), m.byzantine(), agg);
    String holds;
    if (Double.isNaN(lam)) {
      holds = "-";
    } else if (m.forged() > f) {
      holds = "- (" + m.forged() + " forged rows > f = " + f + ")";
    } else {
      holds = r.holds(lam) ? "yes" : "NO";
    }
    return List.of(
        step,
        spec,
        Integer.toString(n),
        honest,
        Integer.toString(f),
        num(r.ratio(), exact),
        lambda,
        holds,
        num(r.distance(), exact),
        num(r.diameter(), exact));
  }

  /**
   * A rule from {@code [PRE+...+]NAME[:key=value,...]}: the parts before the last {@code +} that is
   * followed by a letter are pre-aggregators, applied in order.
   */
  static Aggregator rule(String spec) {
    String[] parts = spec.strip().split("\\+(?=[A-Za-z])");
    List<String> pre = new ArrayList<>();
    for (int i = 0; i < parts.length - 1; i++) {
      pre.add(parts[i].strip());
    }
    try {
      Map.Entry<String, Params> named = Params.parseNamed(parts[parts.length - 1].strip());
      return Aggregators.pipeline(pre, named.getKey(), named.getValue());
    } catch (IllegalArgumentException e) {
      throw new CliError("--rule " + spec.strip() + ": " + e.getMessage());
    }
  }

  static String num(double v, boolean exact) {
    if (exact || !Double.isFinite(v)) {
      return Double.toString(v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }
}
