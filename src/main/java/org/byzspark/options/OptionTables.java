package org.byzspark.options;

import java.util.List;

/**
 * The option tables of docs/options.md and of {@code byzspark options}, generated from the
 * declarations: one table per group, a row per option with its default, its help and, in a last
 * column, where its flags depart from {@link OptionSpec#DEFAULT_FLAGS} (e.g. {@code not in a grid
 * file}).
 */
public final class OptionTables {
  private OptionTables() {}

  /** The Markdown tables of {@code groups} (in the given order), each under its bold title. */
  public static String markdown(List<OptionSpec<?>> specs, List<OptionGroup> groups) {
    StringBuilder sb = new StringBuilder();
    for (OptionGroup g : groups) {
      List<OptionSpec<?>> in = specs.stream().filter(s -> s.group() == g).toList();
      if (in.isEmpty()) {
        continue;
      }
      sb.append("**").append(g.title()).append("** (`--group ").append(g.key()).append("`)\n\n");
      sb.append("| option | default | meaning | notes |\n");
      sb.append("|---|---|---|---|\n");
      for (OptionSpec<?> s : in) {
        sb.append("| `")
            .append(cell(s.toString()))
            .append("` | ")
            .append(cell(s.defaultDoc()))
            .append(" | ")
            .append(cell(s.help()))
            .append(" | ")
            .append(cell(String.join("; ", s.notes())))
            .append(" |\n");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The same as plain text: per group, one line per option. */
  public static String text(List<OptionSpec<?>> specs, List<OptionGroup> groups) {
    StringBuilder sb = new StringBuilder();
    for (OptionGroup g : groups) {
      List<OptionSpec<?>> in = specs.stream().filter(s -> s.group() == g).toList();
      if (in.isEmpty()) {
        continue;
      }
      sb.append(g.title()).append(" (--group ").append(g.key()).append("):\n");
      for (OptionSpec<?> s : in) {
        String def = s.defaultDoc().replace("`", "");
        List<String> notes = s.notes();
        sb.append("  ")
            .append(s)
            .append(def.isEmpty() ? "" : "  [default: " + def + "]")
            .append("\n      ")
            .append(s.plainHelp())
            .append(notes.isEmpty() ? "" : " (" + String.join("; ", notes).replace("`", "") + ")")
            .append('\n');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
