package org.byzspark.cli;

import java.io.PrintStream;
import java.util.List;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.attack.Attacks;
import org.byzspark.model.Models;
import org.byzspark.util.Component;

/**
 * Help from the declarations: {@code aggregate --help-rule NAME}, {@code attack --help-attack
 * NAME}, and {@code byzspark params [--markdown]}, which lists every rule, pre-aggregator, attack
 * and model with its parameters (the tables of docs/rules-and-attacks.md are this command's
 * Markdown output, and a test fails when they drift).
 */
final class ComponentHelp {
  private ComponentHelp() {}

  /**
   * If {@code args} asks for {@code flag NAME}, prints that component's help and returns 0; returns
   * -1 when the flag is absent. An unknown name is a usage error.
   */
  static int maybe(String[] args, String flag, boolean rules, PrintStream out) {
    for (int i = 0; i < args.length; i++) {
      String name = null;
      if (args[i].equals(flag)) {
        if (i + 1 >= args.length) {
          throw new CliError(flag + " needs a name");
        }
        name = args[i + 1];
      } else if (args[i].startsWith(flag + "=")) {
        name = args[i].substring(flag.length() + 1);
      }
      if (name != null) {
        Component c;
        try {
          c = rules ? specOfRuleOrPre(name) : Attacks.spec(name);
        } catch (IllegalArgumentException e) {
          throw new CliError(flag + ": " + e.getMessage());
        }
        c.helpLines().forEach(out::println);
        return 0;
      }
    }
    return -1;
  }

  private static Component specOfRuleOrPre(String name) {
    if (Aggregators.preNames().contains(name)) {
      return Aggregators.preSpec(name);
    }
    return Aggregators.spec(name);
  }

  /** {@code byzspark params [--markdown]}. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    boolean md = false;
    for (String a : args) {
      if (a.equals("--markdown")) {
        md = true;
      } else if (a.equals("--help") || a.equals("-h")) {
        out.println("usage: byzspark params [--markdown]");
        out.println("Lists every rule, pre-aggregator, attack and model with its parameters.");
        return 0;
      } else {
        throw new CliError("unknown option '" + a + "'; allowed: --markdown, --help");
      }
    }
    if (md) {
      out.print(markdown());
      return 0;
    }
    for (String title : TITLES) {
      out.println("# " + title);
      for (Component c : components(title)) {
        c.helpLines().forEach(out::println);
      }
      out.println();
    }
    return 0;
  }

  /** The kinds of declared parts, in the order {@code params} lists them. */
  static final List<String> TITLES = List.of("rules", "pre-aggregators", "attacks", "models");

  static List<Component> components(String title) {
    return switch (title) {
      case "rules" -> Aggregators.names().stream().map(Aggregators::spec).toList();
      case "pre-aggregators" -> Aggregators.preNames().stream().map(Aggregators::preSpec).toList();
      case "models" -> Models.names().stream().map(n -> Models.type(n).spec()).toList();
      default -> Attacks.names().stream().map(Attacks::spec).toList();
    };
  }

  /** The Markdown tables: one per kind, a row per component. */
  static String markdown() {
    StringBuilder sb = new StringBuilder();
    for (String title : TITLES) {
      sb.append("| ")
          .append(title.substring(0, title.length() - 1))
          .append(" | what it does | parameters (default) |\n");
      sb.append("|---|---|---|\n");
      for (Component c : components(title)) {
        sb.append("| `")
            .append(c.name())
            .append("` | ")
            .append(c.summary())
            .append(" | ")
            .append(c.markdownParams())
            .append(" |\n");
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
