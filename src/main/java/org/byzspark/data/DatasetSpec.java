package org.byzspark.data;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A parsed {@code --dataset} value: {@code mnist} (the cached copy fetched by
 * scripts/fetch-data.sh), {@code mnist:DIR} (a directory with the four IDX files, any Hadoop path)
 * or {@code libsvm:PATH} (a LIBSVM text file; {@code PATH.t}, when present, is the test set, as in
 * the LIBSVM collection; otherwise 10% of PATH is held out).
 *
 * @param kind "mnist" or "libsvm"
 * @param path a directory (mnist) or file (libsvm)
 */
public record DatasetSpec(String kind, String path) {
  public static final String ALLOWED = "mnist, mnist:DIR or libsvm:PATH";

  /** Parses a value; {@code dataDir} is where the plain {@code mnist} lives. */
  public static DatasetSpec parse(String value, String dataDir) {
    String v = value.trim();
    if (v.equals("mnist")) {
      return new DatasetSpec("mnist", new Path(dataDir, "mnist").toString());
    }
    if (v.startsWith("mnist:") && v.length() > 6) {
      return new DatasetSpec("mnist", v.substring(6));
    }
    if (v.startsWith("libsvm:") && v.length() > 7) {
      return new DatasetSpec("libsvm", v.substring(7));
    }
    throw new IllegalArgumentException("--dataset: unknown value '" + value + "'; allowed: " + ALLOWED);
  }

  /** Checks that the files exist, before Spark starts. */
  public void checkPresent(Configuration conf) {
    if (kind.equals("mnist")) {
      MnistSource.checkPresent(path, conf);
      return;
    }
    Path p = new Path(path);
    Path test = new Path(path + ".t");
    boolean hasTest;
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.isFile(p)) {
        throw new IllegalArgumentException("--dataset: LIBSVM file " + path + " not found");
      }
      hasTest = fs.isFile(test);
    } catch (IOException e) {
      throw new IllegalArgumentException("--dataset: cannot read " + path + ": " + e.getMessage());
    }
    // Malformed lines, non-finite values and labels are reported here, with their line number.
    LibsvmFile.Summary train = LibsvmFile.check(path, null, conf);
    if (hasTest) {
      LibsvmFile.check(test.toString(), train, conf);
    }
  }

  @Override
  public String toString() {
    return kind + ":" + path;
  }
}
