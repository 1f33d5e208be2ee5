package org.byzspark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * CIFAR-10 from the official binary distribution ({@code cifar-10-binary.tar.gz}, extracted: the
 * directory {@code cifar-10-batches-bin}), read in parallel like {@link MnistSource}.
 *
 * <p>Format: each of {@code data_batch_1.bin} … {@code data_batch_5.bin} (training) and {@code
 * test_batch.bin} (test) is a sequence of 3,073-byte records: one label byte (0..9), then the 32×32
 * red, green and blue planes (1,024 bytes each, row-major). The example's features keep this (C, H,
 * W) layout, PyTorch's. Training examples are numbered across the five files in order (file i,
 * record r → 10,000·(i−1) + r when each holds 10,000).
 *
 * <p>Pre-processing, RESAM D.2: pixels scaled to [0, 1], then per channel (v − mean_c) / std_c with
 * means (0.4914, 0.4822, 0.4465) and standard deviations (0.2023, 0.1994, 0.2010); training batches
 * are flipped horizontally at random ({@link HorizontalFlip}, 3×32×32).
 *
 * <p>There is no magic number: {@link #checkPresent} checks, before Spark starts, that every file
 * exists, that its length is a positive multiple of 3,073 bytes, and that its first record's label
 * byte is in 0..9; a task reading a record with a label byte above 9 fails naming file and record.
 */
public final class CifarSource {
  public static final int SIDE = 32;
  public static final int PIXELS = 3 * SIDE * SIDE;
  public static final int RECORD = 1 + PIXELS;
  public static final double[] MEAN = {0.4914, 0.4822, 0.4465};
  public static final double[] STD = {0.2023, 0.1994, 0.2010};
  public static final List<String> TRAIN =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");
  public static final String TEST = "test_batch.bin";
  private static final int CHUNK = 2500;

  private CifarSource() {}

  /** Record counts of the training files and then the test file, each checked. */
  public static long[] checkPresent(String dir, Configuration conf) {
    List<String> all = new ArrayList<>(TRAIN);
    all.add(TEST);
    long[] counts = new long[all.size()];
    for (int i = 0; i < all.size(); i++) {
      counts[i] = checkFile(new Path(dir, all.get(i)), conf);
    }
    return counts;
  }

  private static long checkFile(Path p, Configuration conf) {
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.isFile(p)) {
        throw new IllegalArgumentException(
            "--dataset: CIFAR-10 file "
                + p
                + " not found (cifar10:DIR"
                + " needs data_batch_1.bin … data_batch_5.bin and test_batch.bin, from the official"
                + " binary version)");
      }
      long len = fs.getFileStatus(p).getLen();
      if (len == 0 || len % RECORD != 0) {
        throw new IllegalArgumentException(
            "--dataset: "
                + p
                + " is "
                + len
                + " bytes, not a"
                + " positive multiple of the 3073-byte CIFAR-10 record (truncated, or not the binary"
                + " version)");
      }
      int label;
      try (FSDataInputStream in = fs.open(p)) {
        label = in.read();
      }
      if (label > 9) {
        throw new IllegalArgumentException(
            "--dataset: "
                + p
                + " is not a CIFAR-10 binary file:"
                + " its first record's label byte is "
                + label
                + ", expected 0..9");
      }
      return len / RECORD;
    } catch (IOException e) {
      throw new IllegalArgumentException("--dataset: cannot read " + p + ": " + e.getMessage());
    }
  }

  /** The training or test split. */
  public static MnistSource.Split load(JavaSparkContext sc, String dir, boolean train) {
    long[] counts = checkPresent(dir, sc.hadoopConfiguration());
    List<long[]> chunks = new ArrayList<>(); // {file number, first record, end record, first index}
    List<String> files = train ? TRAIN : List.of(TEST);
    long index = 0;
    for (int f = 0; f < files.size(); f++) {
      long n = counts[train ? f : counts.length - 1];
      for (long s = 0; s < n; s += CHUNK) {
        chunks.add(new long[] {f, s, Math.min(n, s + CHUNK), index + s});
      }
      index += n;
    }
    List<String> paths = new ArrayList<>();
    for (String f : files) {
      paths.add(new Path(dir, f).toString());
    }
    JavaRDD<Example> examples =
        sc.parallelize(chunks, chunks.size())
            .flatMap(c -> readChunk(paths.get((int) c[0]), c[1], c[2], c[3]).iterator());
    return new MnistSource.Split(examples, (int) index, PIXELS, null);
  }

  static List<Example> readChunk(String file, long from, long to, long firstIndex) {
    int count = (int) (to - from);
    byte[] raw = new byte[count * RECORD];
    Path p = new Path(file);
    try (FSDataInputStream in = p.getFileSystem(new Configuration()).open(p)) {
      in.readFully(from * RECORD, raw);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading CIFAR-10 records " + from + ".." + to + " of " + file, e);
    }
    List<Example> out = new ArrayList<>(count);
    int plane = SIDE * SIDE;
    for (int r = 0; r < count; r++) {
      int o = r * RECORD;
      int label = raw[o] & 0xff;
      if (label > 9) {
        throw new IllegalArgumentException(
            file + ": label " + label + " of record " + (from + r) + " is outside 0..9");
      }
      float[] x = new float[PIXELS];
      for (int j = 0; j < PIXELS; j++) {
        int c = j / plane;
        x[j] = (float) (((raw[o + 1 + j] & 0xff) / 255.0 - MEAN[c]) / STD[c]);
      }
      out.add(new Example(firstIndex + r, label, x));
    }
    return out;
  }
}
