package org.byzspark.cli;

import java.io.PrintStream;
import java.util.List;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackContext;
import org.byzspark.attack.Attacks;
import org.byzspark.util.Params;

/**
 * {@code byzspark attack}: forges the f Byzantine messages of one step from the h honest ones (and,
 * for attacks that transform them, the f messages the Byzantine workers computed honestly). n = h +
 * f. No Spark. Files are read and written through Hadoop FileSystem (local paths work as is), the
 * output atomically; see {@link org.byzspark.io.VectorCsv}. Any invalid option or input ends the
 * command with one line on standard error and exit code 2, and the output file is not created.
 */
final class AttackCommand {
  static final String SUB = "attack";

  /** Attacks that transform the Byzantine workers' own honestly computed messages. */
  static final List<String> NEED_OWN = Attacks.needingOwn();

  private AttackCommand() {}

  static List<Scopt.Opt> options() {
    return List.of(
        Scopt.Opt.of(
            "help-attack",
            "NAME",
            null,
            "print the parameters of an attack, with defaults, and exit"),
        Scopt.Opt.of(
            "attack",
            "NAME",
            null,
            "attack, NAME or NAME:key=value,...; one of: "
                + String.join(", ", Attacks.names())
                + Offline.REQUIRED),
        Scopt.Opt.of(
            "byzantine",
            "F",
            null,
            "number f >= 1 of Byzantine messages to forge" + Offline.REQUIRED),
        Scopt.Opt.repeated("attack-param", "KEY=VALUE", "a parameter of the attack (repeatable)"),
        Scopt.Opt.of(
            "aggregator",
            "NAME",
            "none",
            "the server's rule known to the attacker (used by adaptive), NAME or"
                + " NAME:key=value,..., or none; one of: "
                + String.join(", ", Aggregators.names())),
        Scopt.Opt.repeated("agg-param", "KEY=VALUE", "a parameter of the rule (repeatable)"),
        Scopt.Opt.repeated(
            "pre",
            "SPEC,...",
            "pre-aggregators in front of the rule, e.g. nnm,clip:c=2; one of: "
                + String.join(", ", Aggregators.preNames())),
        Scopt.Opt.of("seed", "S", "1", "run seed of randomised attacks and rules"),
        Scopt.Opt.of("step", "T", "1", "training step t >= 1 of the forged messages"),
        Scopt.Opt.of(
            "input",
            "FILE",
            null,
            "the h honest messages, one per line, values separated by commas or blanks (as"
                + " --input of aggregate)"
                + Offline.REQUIRED),
        Scopt.Opt.of(
            "own",
            "FILE",
            null,
            "the f messages the Byzantine workers computed honestly (needed by "
                + String.join(", ", NEED_OWN)
                + ")"),
        Scopt.Opt.of(
            "output",
            "FILE",
            null,
            "where to write the f forged messages; replaced atomically" + Offline.REQUIRED));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    int help = ComponentHelp.maybe(args, "--help-attack", false, out);
    if (help >= 0) {
      return help;
    }
    Options o =
        Offline.parse(
            SUB,
            "Forge the Byzantine messages of one step from the honest ones (offline, no Spark).",
            options(),
            args,
            out);
    if (o == null) {
      return 0;
    }
    int f = o.integer("byzantine");
    if (f < 1) {
      throw new CliError("--byzantine: " + f + " is not allowed; allowed: an integer >= 1");
    }
    Round round = Offline.round(o);
    Attack attack;
    try {
      var named = Params.parseNamed(o.string("attack"));
      attack =
          Attacks.create(
              named.getKey(), named.getValue().with(Params.parse(o.all("attack-param"))));
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
    boolean noRule = o.string("aggregator").strip().equals("none");
    if (noRule && (!o.all("agg-param").isEmpty() || !o.all("pre").isEmpty())) {
      throw new CliError("--agg-param and --pre need --aggregator");
    }
    Aggregator rule = noRule ? null : Offline.rule(o);
    if (attack.needsOwn() && !o.has("own")) {
      throw new CliError(
          "attack "
              + attack.name()
              + " needs --own FILE: the f="
              + f
              + " messages the Byzantine workers computed honestly");
    }
    double[][] honest = Offline.read(o, "input", -1);
    int h = honest.length;
    int d = honest[0].length;
    int n = h + f;
    double[][] own = null;
    if (o.has("own")) {
      own = Offline.read(o, "own", d);
      if (own.length != f) {
        throw new CliError(
            "--own: " + o.string("own") + " has " + own.length + " vectors, expected f=" + f);
      }
    }
    double[][] forged;
    try {
      if (rule != null) {
        rule.check(n, f, d);
      }
      forged = attack.forge(honest, own, new AttackContext(round, n, f, rule, f));
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
    Offline.write(o, "output", forged);
    return 0;
  }
}
