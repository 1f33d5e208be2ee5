package org.byzspark.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Checks a LIBSVM text file before Spark reads it, so that a bad file ends the run with one line
 * naming the file, the line number and what is wrong, instead of an exception inside a task.
 *
 * <p>The accepted format is Spark's ({@code spark.read.format("libsvm")}): one example per line,
 * {@code label index:value index:value ...}, indices one-based and strictly increasing; blank lines
 * and lines starting with {@code #} are skipped (as Spark does). On top of what Spark's parser
 * accepts, ByzSpark requires
 *
 * <ul>
 *   <li>finite feature values (no NaN or ±Infinity: one such value poisons every honest gradient it
 *       enters, which is not the Byzantine model being studied);
 *   <li>class labels: whole numbers in [−2^31, 2^31) (e.g. −1/+1, 0..9 or 1..10), since they are
 *       mapped to classes 0..C−1 in increasing order;
 *   <li>for the test file ({@code PATH.t}), only labels that occur in the training file and feature
 *       indices within the training file's dimension.
 * </ul>
 *
 * <p>It reads the file once on the driver through Hadoop {@code FileSystem} (any Hadoop path); the
 * LIBSVM data sets this project uses are a few megabytes.
 */
public final class LibsvmFile {
  /** What a valid file holds: its sorted distinct labels and its dimension (largest index). */
  public record Summary(Set<Double> labels, int dim, long examples) {}

  private LibsvmFile() {}

  /**
   * Checks {@code path}; with a non-null {@code train} summary, also that labels and indices fit it
   * (a test file). Throws IllegalArgumentException with one line on the first problem.
   */
  public static Summary check(String path, Summary train, Configuration conf) {
    return check(path, train, conf, false);
  }

  /**
   * As {@link #check(String, Summary, Configuration)}; with {@code regression}, labels are targets
   * of a regression model: any finite number, and a test file's labels need not occur in the
   * training file (the summary's label set is then empty).
   */
  public static Summary check(String path, Summary train, Configuration conf, boolean regression) {
    Path p = new Path(path);
    TreeSet<Double> labels = new TreeSet<>();
    int dim = 0;
    long examples = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(p.getFileSystem(conf).open(p), StandardCharsets.UTF_8))) {
      String line;
      long number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        String[] items = s.split("\\s+");
        double label = parse(items[0], path, number, "label");
        // a regression target (--model linear) needs only to be finite, which parse() checks
        if (!regression
            && (label != Math.rint(label)
                || label < Integer.MIN_VALUE
                || label > Integer.MAX_VALUE)) {
          throw bad(
              path,
              number,
              "label "
                  + items[0]
                  + " is not allowed; allowed: a whole number"
                  + " (class labels such as -1/+1 or 0..9; real targets need --model linear)");
        }
        if (!regression && train != null && !train.labels().contains(label)) {
          throw bad(
              path,
              number,
              "label "
                  + items[0]
                  + " does not occur in the training set;"
                  + " allowed: "
                  + train.labels());
        }
        if (!regression) {
          labels.add(label);
        }
        long previous = 0;
        for (int i = 1; i < items.length; i++) {
          String item = items[i];
          int colon = item.indexOf(':');
          if (colon <= 0 || colon == item.length() - 1) {
            throw bad(path, number, "'" + item + "' is not index:value");
          }
          long index;
          try {
            index = Long.parseLong(item.substring(0, colon));
          } catch (NumberFormatException e) {
            throw bad(path, number, "index '" + item.substring(0, colon) + "' is not an integer");
          }
          if (index < 1 || index > Integer.MAX_VALUE) {
            throw bad(
                path,
                number,
                "index "
                    + index
                    + " is not allowed; allowed: 1 to "
                    + Integer.MAX_VALUE
                    + " (indices are one-based)");
          }
          if (index <= previous) {
            throw bad(
                path,
                number,
                "index " + index + " after " + previous + "; indices must be strictly increasing");
          }
          if (train != null && index > train.dim()) {
            throw bad(
                path,
                number,
                "index " + index + " exceeds the training set's dimension " + train.dim());
          }
          previous = index;
          parse(item.substring(colon + 1), path, number, "feature " + index);
        }
        dim = (int) Math.max(dim, previous);
        examples++;
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--dataset: cannot read " + path + ": " + firstLine(e.getMessage()));
    }
    if (examples == 0) {
      throw new IllegalArgumentException("--dataset: " + path + " holds no example");
    }
    return new Summary(labels, dim, examples);
  }

  /** A finite number, or a one-line error naming the line and what was expected. */
  private static double parse(String text, String path, long line, String what) {
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw bad(path, line, what + " '" + text + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw bad(path, line, what + " is " + text + "; allowed: a finite number");
    }
    return v;
  }

  private static IllegalArgumentException bad(String path, long line, String what) {
    return new IllegalArgumentException("--dataset: " + path + " line " + line + ": " + what);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
