package org.byzspark.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Small generated datasets for tests (never the network): IDX files in MNIST's layout and LIBSVM
 * text files, with class-dependent means so that a linear model can learn them.
 */
public final class Synthetic {
  private Synthetic() {}

  /** Writes the four MNIST file names into {@code dir}: images of rows×cols bytes, 10 classes. */
  public static void writeMnistLike(Path dir, int train, int test, int rows, int cols, long seed)
      throws IOException {
    Files.createDirectories(dir);
    SplittableRandom rng = new SplittableRandom(seed);
    int pixels = rows * cols;
    int[][] prototypes = new int[10][pixels];
    for (int c = 0; c < 10; c++) {
      for (int j = 0; j < pixels; j++) {
        prototypes[c][j] = rng.nextInt(2) == 0 ? 30 : 220;
      }
    }
    write(dir, MnistSource.TRAIN, train, rows, cols, prototypes, rng);
    write(dir, MnistSource.TEST, test, rows, cols, prototypes, rng);
  }

  private static void write(
      Path dir,
      String[] names,
      int count,
      int rows,
      int cols,
      int[][] prototypes,
      SplittableRandom rng)
      throws IOException {
    byte[] labels = new byte[count];
    byte[] images = new byte[count * rows * cols];
    for (int i = 0; i < count; i++) {
      int c = rng.nextInt(10);
      labels[i] = (byte) c;
      for (int j = 0; j < rows * cols; j++) {
        int v = prototypes[c][j] + (int) Math.round(rng.nextGaussian() * 40);
        images[i * rows * cols + j] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(names[0]));
        DataOutputStream d = new DataOutputStream(o)) {
      d.writeInt(0x00000803);
      d.writeInt(count);
      d.writeInt(rows);
      d.writeInt(cols);
      d.write(images);
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(names[1]));
        DataOutputStream d = new DataOutputStream(o)) {
      d.writeInt(0x00000801);
      d.writeInt(count);
      d.write(labels);
    }
  }

  /** A binary LIBSVM file with labels −1/+1 whose sign follows a fixed linear rule. */
  public static void writeLibsvm(Path file, int count, int dim, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
      for (int i = 0; i < count; i++) {
        double[] x = new double[dim];
        double s = 0;
        for (int j = 0; j < dim; j++) {
          x[j] = rng.nextGaussian();
          s += (j % 2 == 0 ? 1 : -1) * x[j];
        }
        StringBuilder line = new StringBuilder(s > 0 ? "+1" : "-1");
        for (int j = 0; j < dim; j++) {
          line.append(' ')
              .append(j + 1)
              .append(':')
              .append(String.format(Locale.ROOT, "%.4f", x[j]));
        }
        w.println(line);
      }
    }
  }
}
