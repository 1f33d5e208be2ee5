package org.byzspark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.OptionTables;
import org.byzspark.options.OptionType;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;

/**
 * {@code byzspark options [--markdown] [--group NAME,...]}: every option of {@code train} by group,
 * with its default, help and flags, from the declarations ({@link TrainOptions}). The option tables
 * of docs/options.md are this command's Markdown output (a test fails when they drift).
 */
final class OptionsCommand {
  private OptionsCommand() {}

  static final OptionSpec<Boolean> MARKDOWN =
      OptionSpec.toggle("markdown")
          .group(OptionGroup.COMMAND)
          .help("print the Markdown tables of docs/options.md");

  static final OptionSpec<List<String>> GROUP =
      OptionSpec.of(
              "group",
              "NAME,...",
              OptionType.items(
                  "list",
                  (o, s) ->
                      Arrays.stream(s.split(","))
                          .map(String::strip)
                          .filter(x -> !x.isEmpty())
                          .toList()))
          .absent(List.of())
          .validate(l -> l.forEach(OptionGroup::of), "group names")
          .group(OptionGroup.COMMAND)
          .help(
              "only these groups, in this order: "
                  + String.join(
                      ", ", Arrays.stream(OptionGroup.values()).map(OptionGroup::key).toList()));

  static final List<OptionSpec<?>> DECLARATIONS = List.of(MARKDOWN, GROUP);

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<Scopt.Opt> opts = Scopt.opts(DECLARATIONS);
    Scopt.Parsed parsed =
        Scopt.parse(
            "byzspark options",
            "List every option of 'byzspark train' by group, with its default and flags.",
            opts,
            args);
    if (parsed.help() != null) {
      out.print(parsed.help());
      return 0;
    }
    if (parsed.error() != null) {
      throw new CliError(parsed.error() + "; see 'byzspark options --help'");
    }
    OptionValues o = Options.resolve(opts, parsed.values(), Map.of()).values(DECLARATIONS);
    List<OptionGroup> groups = groups(o.get(GROUP));
    out.print(
        o.get(MARKDOWN)
            ? OptionTables.markdown(TrainOptions.ALL, groups)
            : OptionTables.text(TrainOptions.ALL, groups));
    return 0;
  }

  /** The named groups, or every group. */
  static List<OptionGroup> groups(List<String> names) {
    if (names.isEmpty()) {
      return List.of(OptionGroup.values());
    }
    List<OptionGroup> out = new ArrayList<>();
    for (String n : names) {
      out.add(OptionGroup.of(n));
    }
    return out;
  }

  /** The Markdown tables of {@code groups} (comma-separated names). */
  static String markdown(String groups) {
    return OptionTables.markdown(TrainOptions.ALL, groups(Arrays.asList(groups.split(","))));
  }
}
