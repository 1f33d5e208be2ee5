package org.byzspark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.byzspark.options.OptionGroup;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.TrainOptions;
import scala.jdk.javaapi.CollectionConverters;
import scopt.OEffect;
import scopt.OParser;
import scopt.OParser$;
import scopt.OParserBuilder;
import scopt.Read$;

/**
 * The one place where ByzSpark talks to scopt (a Scala library) from Java.
 *
 * <p>Every option is read as a string into an ordered multimap; typing and validation happen in
 * plain Java afterwards so that each error names the option, the value and what is allowed. scopt's
 * effects are interpreted here rather than run: help goes to standard output, and the first error
 * becomes a single line.
 */
final class Scopt {
  /**
   * One long option, as scopt sees it.
   *
   * @param name long name without dashes
   * @param valueName the placeholder shown in help (e.g. N, FILE)
   * @param defaultValue the default shown in help, or null for none
   * @param help one sentence
   * @param repeatable whether the option may be given several times
   * @param section a heading help prints before this option, or null
   */
  record Opt(
      String name,
      String valueName,
      String defaultValue,
      String help,
      boolean repeatable,
      String section) {
    static Opt of(String name, String valueName, String defaultValue, String help) {
      return new Opt(name, valueName, defaultValue, help, false, null);
    }

    static Opt repeated(String name, String valueName, String help) {
      return new Opt(name, valueName, null, help, true, null);
    }

    /** An option without a value; present means "true". */
    static Opt flag(String name, String help) {
      return new Opt(name, null, null, help, false, null);
    }

    /**
     * The command-line view of a declaration: its help in plain text, with its default in words
     * when it has no plain default, and {@link Offline#REQUIRED} when required.
     */
    static Opt from(OptionSpec<?> s, String section) {
      String help = s.plainHelp();
      if (s.defaultValue() == null && !s.defaultDoc().isEmpty()) {
        help += " (default: " + s.defaultDoc().replace("`", "") + ")";
      }
      if (s.isRequired()) {
        help += Offline.REQUIRED;
      }
      return new Opt(s.name(), s.placeholder(), s.defaultValue(), help, s.repeatable(), section);
    }
  }

  /**
   * The command-line view of declarations, listed by group (in {@link OptionGroup} order, then
   * declaration order) with a heading per group.
   */
  static List<Opt> opts(List<OptionSpec<?>> specs) {
    List<Opt> out = new ArrayList<>();
    for (OptionGroup g : OptionGroup.values()) {
      String section = g.title();
      for (OptionSpec<?> s : specs) {
        if (s.group() == g) {
          out.add(Opt.from(s, section));
          section = null;
        }
      }
    }
    return out;
  }

  /** The outcome: values by option name, the help text if help was asked for, or an error line. */
  record Parsed(Map<String, List<String>> values, String help, String error) {}

  private Scopt() {}

  static Parsed parse(String program, String header, List<Opt> opts, String[] args) {
    OParser<?, Map<String, List<String>>> parser = build(program, header, opts);
    scala.Tuple2<scala.Option<Map<String, List<String>>>, scala.collection.immutable.List<OEffect>>
        result =
            OParser$.MODULE$.runParser(
                parser,
                CollectionConverters.asScala(List.of(args)),
                new LinkedHashMap<String, List<String>>());
    StringBuilder out = new StringBuilder();
    String error = null;
    for (OEffect e : CollectionConverters.asJava(result._2())) {
      if (e instanceof OEffect.DisplayToOut d) {
        out.append(d.msg()).append('\n');
      } else if (e instanceof OEffect.ReportError r && error == null) {
        error = oneLine(r.msg());
      }
    }
    if (error != null) {
      return new Parsed(Map.of(), null, error);
    }
    if (out.length() > 0) {
      return new Parsed(Map.of(), out.toString(), null);
    }
    return new Parsed(result._1().get(), null, null);
  }

  private static String oneLine(String msg) {
    String m = msg.strip().replace('\n', ' ');
    // scopt says "Unknown option --x" / "Missing value after --x": keep the words, lower-case start
    return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  private static OParser<?, Map<String, List<String>>> build(
      String program, String header, List<Opt> opts) {
    OParserBuilder<Map<String, List<String>>> b = OParser$.MODULE$.builder();
    List<OParser<?, Map<String, List<String>>>> parts = new ArrayList<>();
    parts.add(b.head(CollectionConverters.asScala(List.of(header)).toList()));
    boolean firstSection = true;
    for (Opt o : opts) {
      if (o.section() != null) {
        parts.add(b.note((firstSection ? "" : System.lineSeparator()) + o.section() + ":"));
        firstSection = false;
      }
      String text =
          o.help() + (o.defaultValue() == null ? "" : " (default: " + o.defaultValue() + ")");
      if (o.valueName() == null) {
        parts.add(
            b.opt(o.name(), Read$.MODULE$.unitRead())
                .text(text)
                .action(
                    (scala.runtime.BoxedUnit v, Map<String, List<String>> c) -> {
                      c.put(o.name(), new ArrayList<>(List.of("true")));
                      return c;
                    }));
        continue;
      }
      OParser<String, Map<String, List<String>>> p =
          b.opt(o.name(), Read$.MODULE$.stringRead())
              .valueName(o.valueName())
              .text(text)
              .action(
                  (String v, Map<String, List<String>> c) -> {
                    c.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(v);
                    return c;
                  });
      // Every option may be repeated: repeatable ones accumulate, the others keep the last value
      // (so a wrapper script can append an override), see Options.string.
      parts.add(p.unbounded());
      for (Map.Entry<String, String> alias : TrainOptions.ALIASES.entrySet()) {
        if (alias.getValue().equals(o.name())) {
          // another name of the option: its value is stored under the option's name
          parts.add(
              b.opt(alias.getKey(), Read$.MODULE$.stringRead())
                  .valueName(o.valueName())
                  .text("the same option as --" + o.name())
                  .action(
                      (String v, Map<String, List<String>> c) -> {
                        c.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(v);
                        return c;
                      })
                  .unbounded());
        }
      }
    }
    parts.add(b.help("help").text("print this help and exit"));
    OParser<?, Map<String, List<String>>> first = b.programName(program);
    @SuppressWarnings({"unchecked", "rawtypes"})
    OParser<?, Map<String, List<String>>> all =
        OParser$.MODULE$.sequence(
            (OParser) first,
            (scala.collection.immutable.Seq) CollectionConverters.asScala(parts).toList());
    return all;
  }
}
