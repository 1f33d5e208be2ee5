package org.byzspark.io;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Vectors as CSV text: one vector per line, values separated by commas, for the offline tools
 * ({@code byzspark aggregate}, {@code byzspark attack}).
 *
 * <p>Reading accepts what NumPy's {@code savetxt} writes as well as Java's own output:
 *
 * <ul>
 *   <li>values separated by commas (blanks around them allowed) or, on a line without a comma, by
 *       runs of blanks (spaces, tabs): {@code savetxt}'s default {@code delimiter=' '} as well as
 *       {@code delimiter=','};
 *   <li>decimals in any form {@link Double#parseDouble} takes ({@code %.18e} gives {@code
 *       1.000000000000000000e+00});
 *   <li>non-finite values in any case, with an optional sign: {@code nan}, {@code inf}, {@code
 *       infinity} (NumPy writes {@code nan}, {@code inf}, {@code -inf}; Java {@code NaN}, {@code
 *       Infinity}, {@code -Infinity}); a signed NaN is NaN;
 *   <li>{@code #} starts a comment up to the end of the line ({@code savetxt}'s {@code header} and
 *       {@code footer} lines begin with {@code "# "}); blank lines and comment-only lines are
 *       skipped, as is a byte-order mark.
 * </ul>
 *
 * <p>All vectors must have the same length. Every problem is an {@link IllegalArgumentException}
 * with a one-line message naming the option, the file and the (1-based, physical) line number.
 *
 * <p>Writing: one line per vector, each value in Java's shortest round-trip form ({@link
 * Double#toString}), so reading the file back gives the same bits. The file is written whole to a
 * hidden temporary file in the same directory and then renamed over the target, so a failed run
 * never leaves a partial or empty output file.
 *
 * <p>All paths go through the Hadoop {@link FileSystem} API: local paths work as is, and so do
 * {@code hdfs://}, {@code s3a://}, ... URIs when the matching connector is on the class path.
 * Output goes through {@link AtomicFile} (rename with overwrite: atomic on HDFS and local file
 * systems; no {@code .crc} side files).
 */
public final class VectorCsv {
  private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[ \t]+");

  private VectorCsv() {}

  /**
   * Reads the vectors of {@code file}.
   *
   * @param label how the file was given, for messages (e.g. {@code --input})
   * @param expectedDim the required vector length, or -1 for "the length of the first vector"
   * @throws IllegalArgumentException on a missing or unreadable file, a value that is not a number,
   *     rows of different lengths, or a file without any vector
   */
  public static double[][] read(String file, String label, int expectedDim) {
    return read(file, label, expectedDim, new Configuration());
  }

  public static double[][] read(String file, String label, int expectedDim, Configuration conf) {
    Path p = new Path(file);
    List<double[]> rows = new ArrayList<>();
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      FileStatus st;
      try {
        st = fs.getFileStatus(p);
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException(label + ": file " + file + " not found");
      }
      if (st.isDirectory()) {
        throw new IllegalArgumentException(label + ": " + file + " is a directory, not a file");
      }
      try (FSDataInputStream in = fs.open(p);
          BufferedReader r =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        int dim = expectedDim;
        int dimLine = 0;
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
          no++;
          String s = line.strip();
          if (no == 1 && s.startsWith("\uFEFF")) {
            s = s.substring(1).strip();
          }
          int hash = s.indexOf('#');
          if (hash >= 0) {
            s = s.substring(0, hash).strip();
          }
          if (s.isEmpty()) {
            continue;
          }
          String[] parts = s.indexOf(',') >= 0 ? s.split(",", -1) : BLANKS.split(s);
          if (dim >= 0 && parts.length != dim) {
            throw new IllegalArgumentException(
                label
                    + ": "
                    + file
                    + " line "
                    + no
                    + " has "
                    + parts.length
                    + " values, expected "
                    + dim
                    + (dimLine > 0 ? " (as on line " + dimLine + ")" : ""));
          }
          double[] v = new double[parts.length];
          for (int j = 0; j < parts.length; j++) {
            String t = parts[j].strip();
            try {
              v[j] = parseValue(t);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(
                  label
                      + ": "
                      + file
                      + " line "
                      + no
                      + ", value "
                      + (j + 1)
                      + ": '"
                      + t
                      + "' is not a number");
            }
          }
          if (dim < 0) {
            dim = parts.length;
            dimLine = no;
          }
          rows.add(v);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          label + ": cannot read " + file + ": " + oneLine(e.getMessage()));
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(label + ": no vectors in " + file);
    }
    return rows.toArray(double[][]::new);
  }

  /**
   * One value: {@code nan}, {@code inf} or {@code infinity} in any case and with an optional sign,
   * else what {@link Double#parseDouble} accepts.
   *
   * @throws NumberFormatException when {@code t} is neither
   */
  public static double parseValue(String t) {
    String u = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    if (u.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    if (u.equalsIgnoreCase("inf") || u.equalsIgnoreCase("infinity")) {
      return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(t);
  }

  /** The text of {@link #write}: one line per row, values joined by commas. */
  public static String format(double[][] rows) {
    StringBuilder sb = new StringBuilder();
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        if (j > 0) {
          sb.append(',');
        }
        sb.append(Double.toString(row[j]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * Writes {@code rows} to {@code file} atomically (temporary file in the same directory, then
   * rename), replacing an existing file.
   *
   * @throws IllegalArgumentException when the file cannot be written (message names the file)
   */
  public static void write(String file, String label, double[][] rows) {
    write(file, label, rows, new Configuration());
  }

  public static void write(String file, String label, double[][] rows, Configuration conf) {
    Path target = new Path(file);
    try {
      FileSystem fs = target.getFileSystem(conf);
      if (fs.exists(target) && fs.getFileStatus(target).isDirectory()) {
        throw new IllegalArgumentException(label + ": " + file + " is a directory, not a file");
      }
      AtomicFile.write(target, format(rows).getBytes(StandardCharsets.UTF_8), conf);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          label + ": cannot write " + file + ": " + oneLine(e.getMessage()));
    }
  }

  private static String oneLine(String msg) {
    return msg == null ? "I/O error" : msg.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
