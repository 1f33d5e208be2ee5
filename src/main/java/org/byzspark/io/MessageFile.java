package org.byzspark.io;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The messages the server received at one training step, as {@code train --record-messages} writes
 * them: a {@link VectorCsv} file (one message per line, in the senders' order, values in Java's
 * round-trip form) whose first line is a comment naming the step and which rows were forged:
 *
 * <pre>
 * # byzspark messages: step=12 seed=1 declared-byzantine=2 byzantine=3,4
 * 0.125,-0.5,...
 * </pre>
 *
 * <p>{@code byzantine} lists the 0-based rows the Byzantine stage forged (empty: none), {@code
 * declared-byzantine} is F', the f the rule was told, and {@code seed} the run seed (with the step,
 * the round of randomised rules). Any {@link VectorCsv} reader reads the rows (the comment is
 * skipped). Files go through the Hadoop {@link FileSystem} API, written atomically.
 *
 * @param step the training step t
 * @param seed the run seed
 * @param declaredF F', the number of Byzantine workers the rule was told
 * @param byzantine per row, whether the adversary forged it
 * @param rows the n messages, in the order the rule saw them
 */
public record MessageFile(
    long step, long seed, int declaredF, boolean[] byzantine, double[][] rows) {
  static final String TAG = "# byzspark messages:";

  /** The number of forged rows. */
  public int forged() {
    int c = 0;
    for (boolean b : byzantine) {
      c += b ? 1 : 0;
    }
    return c;
  }

  /** The header line (without its line break). */
  public String header() {
    StringBuilder byz = new StringBuilder();
    for (int r = 0; r < byzantine.length; r++) {
      if (byzantine[r]) {
        byz.append(byz.length() == 0 ? "" : ",").append(r);
      }
    }
    return TAG
        + " step="
        + step
        + " seed="
        + seed
        + " declared-byzantine="
        + declaredF
        + " byzantine="
        + byz;
  }

  /** Writes the file atomically (replacing an existing one). */
  public void write(Path target, Configuration conf) throws IOException {
    byte[] text = (header() + "\n" + VectorCsv.format(rows)).getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(target, text, conf);
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @param label how the file was given, for messages (e.g. {@code --messages})
   * @throws IllegalArgumentException on a missing or unreadable file, a file without the header, or
   *     a header that does not match the rows (one-line message naming the file)
   */
  public static MessageFile read(String file, String label, Configuration conf) {
    Path p = new Path(file);
    String first = null;
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
        first = r.readLine();
      }
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(label + ": file " + file + " not found");
    } catch (IOException e) {
      throw new IllegalArgumentException(label + ": cannot read " + file + ": " + e.getMessage());
    }
    if (first == null || !first.startsWith(TAG)) {
      throw new IllegalArgumentException(
          label
              + ": "
              + file
              + " does not start with '"
              + TAG
              + "' (a train --record-messages file)");
    }
    long step = -1;
    long seed = 0;
    int declared = -1;
    String byz = null;
    try {
      for (String item : first.substring(TAG.length()).strip().split("\\s+")) {
        int eq = item.indexOf('=');
        String key = eq < 0 ? item : item.substring(0, eq);
        String value = eq < 0 ? "" : item.substring(eq + 1);
        switch (key) {
          case "step" -> step = Long.parseLong(value);
          case "seed" -> seed = Long.parseLong(value);
          case "declared-byzantine" -> declared = Integer.parseInt(value);
          case "byzantine" -> byz = value;
          default -> {
            // later keys are ignored
          }
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(label + ": " + file + ": bad header: " + first);
    }
    if (step < 1 || declared < 0 || byz == null) {
      throw new IllegalArgumentException(
          label + ": " + file + ": header lacks step, declared-byzantine or byzantine: " + first);
    }
    double[][] rows = VectorCsv.read(file, label, -1, conf);
    boolean[] flags = new boolean[rows.length];
    if (!byz.isEmpty()) {
      for (String s : byz.split(",")) {
        int r;
        try {
          r = Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
          r = -1;
        }
        if (r < 0 || r >= rows.length) {
          throw new IllegalArgumentException(
              label
                  + ": "
                  + file
                  + ": byzantine row '"
                  + s
                  + "' is not in [0, "
                  + rows.length
                  + ")");
        }
        flags[r] = true;
      }
    }
    return new MessageFile(step, seed, declared, flags, rows);
  }

  /**
   * The message files of a directory ({@code step-T.csv}, sorted by T), or the one file given.
   *
   * @throws IllegalArgumentException when the path does not exist or holds no such file
   */
  public static List<String> list(String dirOrFile, String label, Configuration conf) {
    Path p = new Path(dirOrFile);
    List<long[]> steps = new ArrayList<>();
    List<String> out = new ArrayList<>();
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      FileStatus st;
      try {
        st = fs.getFileStatus(p);
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException(label + ": " + dirOrFile + " not found");
      }
      if (!st.isDirectory()) {
        return List.of(dirOrFile);
      }
      for (FileStatus s : fs.listStatus(p)) {
        String name = s.getPath().getName();
        if (s.isFile() && name.matches("step-[0-9]+\\.csv")) {
          steps.add(new long[] {Long.parseLong(name.substring(5, name.length() - 4)), out.size()});
          out.add(new Path(p, name).toString());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          label + ": cannot list " + dirOrFile + ": " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          label + ": " + dirOrFile + " holds no step-T.csv message file");
    }
    steps.sort((a, b) -> Long.compare(a[0], b[0]));
    List<String> sorted = new ArrayList<>();
    for (long[] s : steps) {
      sorted.add(out.get((int) s[1]));
    }
    return sorted;
  }

  /** The file name of step t's messages. */
  public static String name(long step) {
    return "step-" + step + ".csv";
  }

  /** The file name of the parameters θ_{t−1} the messages of step t were computed at. */
  public static String thetaName(long step) {
    return "step-" + step + ".theta.csv";
  }
}
