package org.byzspark.cli;

import java.io.PrintStream;
import java.util.List;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.attack.Attack;
import org.byzspark.attack.AttackContext;
import org.byzspark.attack.Attacks;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.TrainOptions;
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

  static final OptionSpec<String> HELP_ATTACK =
      OptionSpec.text("help-attack", "NAME")
          .group(OptionGroup.COMMAND)
          .help("print the parameters of an attack, with defaults, and exit");

  static final OptionSpec<Integer> BYZANTINE =
      TrainOptions.BYZANTINE
          .withoutDefault()
          .required()
          .check(f -> f >= 1, "an integer >= 1")
          .help("number f >= 1 of Byzantine messages to forge");

  /** The attack's and the rule's groups of train (the attack required), f, the round, files. */
  static final List<OptionSpec<?>> DECLARATIONS =
      List.of(
          HELP_ATTACK,
          TrainOptions.ATTACK.withoutDefault().required(),
          TrainOptions.ATTACK_PARAM,
          TrainOptions.AGGREGATOR
              .defaultValue("none")
              .help(
                  "the server's rule known to the attacker (used by adaptive and tailored), NAME or"
                      + " NAME:key=value,..., or none; one of: "
                      + String.join(", ", Aggregators.names())),
          TrainOptions.AGG_PARAM,
          TrainOptions.PRE,
          BYZANTINE,
          TrainOptions.SEED,
          Offline.STEP,
          Offline.input(
              "the h honest messages, one per line, values separated by commas or blanks (as"
                  + " --input of aggregate)"),
          OptionSpec.text("own", "FILE")
              .group(OptionGroup.COMMAND)
              .help(
                  "the f messages the Byzantine workers computed honestly (needed by "
                      + String.join(", ", NEED_OWN)
                      + ")"),
          Offline.REFERENCE,
          Offline.output("where to write the f forged messages; replaced atomically"));

  static List<Scopt.Opt> options() {
    return Scopt.opts(DECLARATIONS);
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
    int f = o.get(BYZANTINE);
    Round round = Offline.round(o);
    Attack attack;
    try {
      var named = Params.parseNamed(o.get(TrainOptions.ATTACK));
      attack =
          Attacks.create(
              named.getKey(),
              named.getValue().with(Params.parse(o.get(TrainOptions.ATTACK_PARAM))));
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
    boolean noRule = o.string("aggregator").strip().equals("none");
    if (noRule
        && (!o.get(TrainOptions.AGG_PARAM).isEmpty() || !o.get(TrainOptions.PRE).isEmpty())) {
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
    RuleState ruleState = Offline.ruleState(o, rule, d);
    double[][] forged;
    try {
      if (rule != null) {
        rule.check(n, f, d);
      }
      // one step from the attack's initial state (a stateful attack makes its first choice here)
      forged =
          attack
              .forge(
                  VectorSet.of(d, honest),
                  VectorSet.of(d, own == null ? new double[0][] : own),
                  new AttackContext(round, n, f, rule, f, ruleState),
                  attack.initialState())
              .messages()
              .toArrays();
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
    Offline.write(o, "output", forged);
    return 0;
  }
}
