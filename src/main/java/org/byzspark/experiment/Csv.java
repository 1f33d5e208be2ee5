package org.byzspark.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV dialect of the results tables (RFC 4180): a header line, comma-separated fields, a field
 * quoted with {@code "} when it holds a comma, a quote or a line break (quotes doubled). Empty
 * fields stand for missing values.
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

  private static void line(StringBuilder sb, List<String> fields) {
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

  /** Parses a table into rows keyed by header name (in header order). */
  public static List<Map<String, String>> parse(String text) {
    List<List<String>> lines = records(text);
    List<Map<String, String>> out = new ArrayList<>();
    if (lines.isEmpty()) {
      return out;
    }
    List<String> header = lines.get(0);
    for (int i = 1; i < lines.size(); i++) {
      List<String> r = lines.get(i);
      if (r.size() == 1 && r.get(0).isEmpty()) {
        continue;
      }
      if (r.size() != header.size()) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": " + r.size() + " fields, the header has " + header.size());
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (int k = 0; k < header.size(); k++) {
        m.put(header.get(k), r.get(k));
      }
      out.add(m);
    }
    return out;
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
