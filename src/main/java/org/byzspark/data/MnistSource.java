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
 * MNIST (or Fashion-MNIST, same format) from the four original IDX files, read in parallel.
 *
 * <p>The driver reads only the headers. The record range is cut into chunks and each Spark task
 * opens both files through Hadoop {@link FileSystem} (local paths and hdfs:// alike), seeks to its
 * first record and reads its chunk, so no image data passes through the driver. Pixels are scaled
 * to [0, 1] and then normalised as (v − mean) / std: for MNIST with RESAM D.2's mean 0.1307 and
 * standard deviation 0.3081; for Fashion-MNIST, for which D.2 names no normalisation (only the
 * flip), with mean 0 and std 1, i.e. torchvision's {@code ToTensor()} alone, as in the reference
 * code's transform.
 *
 * <p>Before Spark starts, {@link #checkPresent} reads the four headers and checks that each file is
 * as long as its header says and that images and labels pair up, so a truncated or foreign file is
 * refused with one line instead of failing inside a task.
 */
public final class MnistSource {
  public static final double MEAN = 0.1307;
  public static final double STD = 0.3081;

  /** The normalisation (v − mean) / std applied to pixels scaled to [0, 1]. */
  public record Normalisation(double mean, double std) implements java.io.Serializable {
    public static final Normalisation MNIST = new Normalisation(MEAN, STD);
    public static final Normalisation NONE = new Normalisation(0.0, 1.0);
  }

  public static final String[] TRAIN = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"};
  public static final String[] TEST = {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
  private static final int CHUNK = 5000;

  private MnistSource() {}

  /** The file names a dataset directory must hold. */
  public static List<String> requiredFiles() {
    return List.of(TRAIN[0], TRAIN[1], TEST[0], TEST[1]);
  }

  /**
   * Fails with a one-line message naming the first missing, foreign (wrong magic) or truncated
   * file, or a pair of image and label files that do not match; {@code name} is the dataset's name
   * in the message ("mnist" or "fashion-mnist").
   */
  public static void checkPresent(String dir, Configuration conf, String name) {
    for (String f : requiredFiles()) {
      Path p = new Path(dir, f);
      try {
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.isFile(p)) {
          throw new IllegalArgumentException(
              "--dataset: "
                  + name
                  + " file "
                  + p
                  + " not found (run scripts/fetch-data.sh "
                  + name
                  + ", or give "
                  + name
                  + ":DIR with the four IDX files)");
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("--dataset: cannot read " + p + ": " + e.getMessage());
      }
    }
    for (String[] pair : new String[][] {TRAIN, TEST}) {
      String images = new Path(dir, pair[0]).toString();
      String labels = new Path(dir, pair[1]).toString();
      IdxHeader ih = checkedHeader(images, conf);
      IdxHeader lh = checkedHeader(labels, conf);
      checkPair(images, ih, labels, lh);
    }
  }

  private static void checkPair(String images, IdxHeader ih, String labels, IdxHeader lh) {
    if (ih.dims().length != 3 || lh.dims().length != 1 || ih.count() != lh.count()) {
      throw new IllegalArgumentException(
          "--dataset: "
              + images
              + " "
              + ih
              + " and "
              + labels
              + " "
              + lh
              + " are not a matching pair of image (3-d) and label (1-d) IDX files");
    }
  }

  /** The header of an IDX file whose length matches it exactly. */
  private static IdxHeader checkedHeader(String file, Configuration conf) {
    IdxHeader h = header(file, conf);
    Path p = new Path(file);
    long len;
    try {
      len = p.getFileSystem(conf).getFileStatus(p).getLen();
    } catch (IOException e) {
      throw new IllegalArgumentException("--dataset: cannot read " + file + ": " + e.getMessage());
    }
    long expected = h.headerBytes() + (long) h.count() * h.recordBytes();
    if (len != expected) {
      throw new IllegalArgumentException(
          "--dataset: "
              + file
              + " is "
              + len
              + " bytes but its IDX"
              + " header "
              + h
              + " announces "
              + expected
              + (len < expected ? " (truncated file)" : ""));
    }
    return h;
  }

  /**
   * One split: its examples (lazy), how many there are and their feature count, from the header,
   * and the same examples by index ({@link IdxRows}) when the source has them (else null).
   */
  public record Split(JavaRDD<Example> examples, int count, int dim, ExampleReader byIndex) {}

  /** The training or test split as examples, with their index in the file. */
  public static Split load(JavaSparkContext sc, String dir, boolean train, Normalisation norm) {
    String[] names = train ? TRAIN : TEST;
    String images = new Path(dir, names[0]).toString();
    String labels = new Path(dir, names[1]).toString();
    Configuration conf = sc.hadoopConfiguration();
    IdxHeader ih = checkedHeader(images, conf);
    IdxHeader lh = checkedHeader(labels, conf);
    checkPair(images, ih, labels, lh);
    int n = ih.count();
    List<int[]> chunks = new ArrayList<>();
    for (int s = 0; s < n; s += CHUNK) {
      chunks.add(new int[] {s, Math.min(n, s + CHUNK)});
    }
    int recordBytes = ih.recordBytes();
    int imageOffset = ih.headerBytes();
    int labelOffset = lh.headerBytes();
    JavaRDD<Example> examples =
        sc.parallelize(chunks, chunks.size())
            .flatMap(
                range ->
                    readChunk(images, labels, imageOffset, labelOffset, recordBytes, range, norm)
                        .iterator());
    return new Split(
        examples,
        n,
        recordBytes,
        new IdxRows(images, labels, imageOffset, labelOffset, recordBytes, n, norm));
  }

  /**
   * The examples of an IDX pair by index: the task reads the label section whole (one byte per
   * record) and the images in positional reads of up to 1 MiB, each starting at the next asked
   * record (a read per record, through Hadoop's local file system, made the first step slower than
   * the shuffle it replaces), and converts them as {@link #load} does, so an example is the same
   * whichever way it was read.
   */
  record IdxRows(
      String images,
      String labels,
      int imageOffset,
      int labelOffset,
      int recordBytes,
      int count,
      Normalisation norm)
      implements ExampleReader {
    @Override
    public List<Example> read(long[] indices) {
      byte[] lab = new byte[count];
      byte[] pix = new byte[Math.max(1, (1 << 20) / recordBytes) * recordBytes];
      List<Example> out = new ArrayList<>(indices.length);
      Configuration conf = new Configuration();
      Path ip = new Path(images);
      Path lp = new Path(labels);
      try {
        try (FSDataInputStream in = lp.getFileSystem(conf).open(lp)) {
          in.readFully(labelOffset, lab);
        }
        try (FSDataInputStream in = ip.getFileSystem(conf).open(ip)) {
          int k = 0;
          while (k < indices.length) {
            // one read of up to 1 MiB of records from the next asked one on
            long first = indices[k];
            int span = (int) Math.min(count - first, Math.max(1, (1 << 20) / recordBytes));
            in.readFully((long) imageOffset + first * recordBytes, pix, 0, span * recordBytes);
            for (; k < indices.length && indices[k] < first + span; k++) {
              long i = indices[k];
              int from = (int) (i - first) * recordBytes;
              out.add(example(i, pix, from, lab[(int) i], recordBytes, norm, labels));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + indices.length + " MNIST records", e);
      }
      return out;
    }
  }

  private static IdxHeader header(String file, Configuration conf) {
    Path p = new Path(file);
    try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
      return IdxHeader.read(in, file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--dataset: cannot read " + file + ": " + e.getMessage());
    }
  }

  static List<Example> readChunk(
      String images,
      String labels,
      int imageOffset,
      int labelOffset,
      int recordBytes,
      int[] range,
      Normalisation norm) {
    int count = range[1] - range[0];
    byte[] pix = new byte[count * recordBytes];
    byte[] lab = new byte[count];
    Configuration conf = new Configuration();
    try {
      Path ip = new Path(images);
      Path lp = new Path(labels);
      try (FSDataInputStream in = ip.getFileSystem(conf).open(ip)) {
        in.readFully((long) imageOffset + (long) range[0] * recordBytes, pix);
      }
      try (FSDataInputStream in = lp.getFileSystem(conf).open(lp)) {
        in.readFully((long) labelOffset + range[0], lab);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading MNIST records " + range[0] + ".." + range[1], e);
    }
    List<Example> out = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      out.add(example(range[0] + r, pix, r * recordBytes, lab[r], recordBytes, norm, labels));
    }
    return out;
  }

  /** The example of record {@code index}: its pixels at {@code pix[from..]}, its label byte. */
  private static Example example(
      long index,
      byte[] pix,
      int from,
      byte labelByte,
      int recordBytes,
      Normalisation norm,
      String labels) {
    double mean = norm.mean();
    double std = norm.std();
    float[] f = new float[recordBytes];
    for (int j = 0; j < recordBytes; j++) {
      f[j] = (float) (((pix[from + j] & 0xff) / 255.0 - mean) / std);
    }
    int label = labelByte & 0xff;
    if (label > 9) {
      throw new IllegalArgumentException(
          labels + ": label " + label + " of record " + index + " is outside 0..9");
    }
    return new Example(index, label, f);
  }
}
