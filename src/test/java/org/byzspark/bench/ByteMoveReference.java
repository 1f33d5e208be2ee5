package org.byzspark.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The machine's reference for a shuffle of B bytes, for {@code scripts/bench-scale.sh}: the time to
 * write B bytes of random doubles to a new file of a directory (through the page cache, as Spark
 * writes its shuffle files, without a sync) and read them back, and the time to copy the same bytes
 * from one array to another in memory. Each is the median of R repetitions.
 *
 * <pre>
 * ByteMoveReference BYTES DIR [REPETITIONS]
 *   prints "disk_write_ms W disk_read_ms R memory_copy_ms M" (medians, milliseconds)
 * </pre>
 *
 * <p>The bytes are written and read in 1 MiB pieces through one direct buffer (the size of Spark's
 * default shuffle file buffer is 32 KiB; 1 MiB pieces keep the reference at the disk's speed rather
 * than the system calls').
 */
public final class ByteMoveReference {
  private static final int PIECE = 1 << 20;

  private ByteMoveReference() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ByteMoveReference BYTES DIR [REPETITIONS]");
      System.exit(2);
    }
    long bytes = Long.parseLong(args[0]);
    Path dir = Path.of(args[1]);
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Files.createDirectories(dir);
    ByteBuffer piece = ByteBuffer.allocateDirect(PIECE);
    SplittableRandom rng = new SplittableRandom(1);
    while (piece.remaining() >= 8) {
      piece.putDouble(rng.nextGaussian());
    }
    double[] write = new double[reps];
    double[] read = new double[reps];
    for (int r = 0; r < reps; r++) {
      Path file = Files.createTempFile(dir, "byte-move-", ".bin");
      try {
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          for (long done = 0; done < bytes; done += PIECE) {
            piece.clear().limit((int) Math.min(PIECE, bytes - done));
            while (piece.hasRemaining()) {
              ch.write(piece);
            }
          }
        }
        long t1 = System.nanoTime();
        long sum = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
          piece.clear();
          int k;
          while ((k = ch.read(piece)) >= 0) {
            sum += k;
            piece.clear();
          }
        }
        long t2 = System.nanoTime();
        if (sum != bytes) {
          throw new IOException("read " + sum + " bytes of " + bytes);
        }
        write[r] = (t1 - t0) / 1e6;
        read[r] = (t2 - t1) / 1e6;
      } finally {
        Files.deleteIfExists(file);
      }
    }
    // memory: the same number of bytes copied between two buffers of up to 256 MiB (larger than
    // every cache, so the time grows with the bytes as it does for one large copy; bounded, so
    // that a row of many GiB needs no heap of its size)
    double[] copy = new double[reps];
    // 16 bytes under 1 MiB with the array header: one G1 region of a 1 GiB heap each, where a
    // 1 MiB array would take two and 2 x 256 of them would not fit
    int longs = PIECE / 8 - 2;
    long step = 8L * longs;
    int chunks = (int) Math.max(1, Math.min(256, (bytes + step - 1) / step));
    long pieces = (bytes + step - 1) / step;
    long[][] from = new long[chunks][longs];
    long[][] to = new long[chunks][longs];
    for (long[] c : from) {
      for (int i = 0; i < longs; i++) {
        c[i] = rng.nextLong();
      }
    }
    for (long[] c : to) {
      Arrays.fill(c, 1L); // the pages of the destination exist before the timing
    }
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      for (long p = 0; p < pieces; p++) {
        int c = (int) (p % chunks);
        System.arraycopy(from[c], 0, to[c], 0, longs);
      }
      copy[r] = (System.nanoTime() - t0) / 1e6;
    }
    if (to[chunks - 1][longs - 1] != from[chunks - 1][longs - 1]) {
      throw new IllegalStateException("copy check failed");
    }
    System.out.printf(
        Locale.ROOT,
        "disk_write_ms %.1f disk_read_ms %.1f memory_copy_ms %.1f%n",
        median(write),
        median(read),
        median(copy));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
