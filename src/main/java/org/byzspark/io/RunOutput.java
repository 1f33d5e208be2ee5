package org.byzspark.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Path;

/**
 * A run's output directory, on any Hadoop file system (local paths, hdfs://, s3a://, ...).
 *
 * <p>Every file is written with {@link AtomicFile}: whole to a temporary name, then renamed over
 * its final name, so a reader never sees a half-written metrics.csv or run.json, even if the run
 * dies.
 */
public final class RunOutput {
  public static final String METRICS = "metrics.csv";
  public static final String MANIFEST = "run.json";

  private final Path dir;
  private final Configuration conf;
  private final FileContext fc;

  public RunOutput(String dir, Configuration conf) {
    try {
      this.dir = new Path(dir);
      this.conf = conf;
      this.fc = AtomicFile.context(this.dir, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open output directory " + dir, e);
    }
  }

  /**
   * Fails (before anything is written) when the directory already holds a run, unless {@code
   * overwrite}; the check runs before Spark starts.
   */
  public void checkWritable(boolean overwrite) {
    if (overwrite) {
      return;
    }
    for (String name : new String[] {METRICS, MANIFEST}) {
      try {
        if (fc.util().exists(new Path(dir, name))) {
          throw new IllegalArgumentException(
              "--out: "
                  + dir
                  + " already holds a run ("
                  + name
                  + "); choose another directory or"
                  + " add --overwrite");
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("--out: cannot access " + dir + ": " + e.getMessage());
      }
    }
  }

  public Path dir() {
    return dir;
  }

  public Path path(String name) {
    return new Path(dir, name);
  }

  /** Writes {@code content} to {@code name} atomically (see {@link AtomicFile}). */
  public void write(String name, String content) {
    Path target = new Path(dir, name);
    try {
      AtomicFile.write(target, content.getBytes(StandardCharsets.UTF_8), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /** Writes a JSON document atomically. */
  public void writeJson(String name, Map<String, Object> doc) {
    try {
      String json =
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
      write(name, json + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + name, e);
    }
  }

  /** Writes the run's model directory {@value SavedModel#DIR} atomically ({@link SavedModel}). */
  public void writeModel(SavedModel model) {
    Path target = new Path(dir, SavedModel.DIR);
    try {
      model.write(target, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * Deletes a path recursively (checkpoints): a name inside the output directory, or an absolute
   * path / URI as Spark reports checkpoint files. Missing is fine.
   */
  public void deleteQuietly(String name) {
    Path p = new Path(name);
    try {
      fc.delete(
          p.isAbsoluteAndSchemeAuthorityNull() || p.toUri().getScheme() != null
              ? p
              : new Path(dir, name),
          true);
    } catch (IOException e) {
      // best effort: a leftover checkpoint directory does not change any result
    }
  }
}
