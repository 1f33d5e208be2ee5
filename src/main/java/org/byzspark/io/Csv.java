package org.byzspark.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV dialect of the tables a run and a grid write (metrics.csv, timing.csv, results.csv,
 * summary.csv, worst-case.csv) and that the plots read (RFC 4180): a header line, comma-separated
 * fields, a field quoted with {@code "} when it holds a comma, a quote or a line break (quotes
 * doubled), every line ended by {@code \n}. Empty fields stand for missing values. Vector files
 * (values only, no header) have their own reader, {@link VectorCsv}.
 */
public final class Csv {
  private Csv() {}

  /** Renders a table: the header, then one line per row (values in header order). */
  public static String render(List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    line(sb, header);
    for (List<String> r : rows) {
      line(sb, r);
    }
    return sb.toString();
  }

  /** One line of fields (a header or a row), quoted as needed, ended by {@code \n}. */
  public static String line(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    line(sb, fields);
    return sb.toString();
  }

  /** Appends one line of fields to {@code sb}; a null field is written empty. */
  public static void line(StringBuilder sb, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields.get(i) == null ? "" : fields.get(i);
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    sb.append('\n');
  }

  /** A parsed table: its header and its rows (each as long as the header). */
  public record Table(List<String> header, List<List<String>> rows) {
    /** The values of the column named {@code name}, one per row. */
    public List<String> column(String name) {
      int k = header.indexOf(name);
      if (k < 0) {
        throw new IllegalArgumentException(
            "no column '" + name + "'; the header has " + String.join(",", header));
      }
      List<String> out = new ArrayList<>(rows.size());
      for (List<String> r : rows) {
        out.add(r.get(k));
      }
      return out;
    }

    /** The rows keyed by header name (in header order). */
    public List<Map<String, String>> maps() {
      List<Map<String, String>> out = new ArrayList<>(rows.size());
      for (List<String> r : rows) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < header.size(); k++) {
          m.put(header.get(k), r.get(k));
        }
        out.add(m);
      }
      return out;
    }
  }

  /**
   * Parses a table: the first line is the header, blank lines are skipped, a row with another
   * number of fields than the header is refused. An empty text is a table without header.
   */
  public static Table read(String text) {
    List<List<String>> lines = records(text);
    if (lines.isEmpty()) {
      return new Table(List.of(), List.of());
    }
    List<String> header = lines.get(0);
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      List<String> r = lines.get(i);
      if (r.size() == 1 && r.get(0).isEmpty()) {
        continue;
      }
      if (r.size() != header.size()) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": " + r.size() + " fields, the header has " + header.size());
      }
      rows.add(r);
    }
    return new Table(header, rows);
  }

  /** Parses a table into rows keyed by header name (in header order). */
  public static List<Map<String, String>> parse(String text) {
    return read(text).maps();
  }

  private static List<List<String>> records(String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> cur = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cur.add(f.toString());
        f.setLength(0);
      } else if (c == '\n') {
        cur.add(f.toString());
        f.setLength(0);
        out.add(cur);
        cur = new ArrayList<>();
        any = false;
      } else if (c != '\r') {
        f.append(c);
      }
    }
    if (any) {
      cur.add(f.toString());
      out.add(cur);
    }
    return out;
  }
}
