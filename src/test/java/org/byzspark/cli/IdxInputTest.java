package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.byzspark.data.MnistSource;
import org.byzspark.data.Synthetic;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken IDX files (generated, then damaged) are refused before Spark starts: one line naming the
 * file and what is wrong, exit code 2, nothing written; for mnist:DIR and fashion-mnist:DIR alike.
 */
class IdxInputTest {
  @TempDir Path tmp;

  private Cli.Outcome train(String kind, Path dir, Path out) {
    return Cli.run(
        "train",
        "--dataset",
        kind + ":" + dir,
        "--out",
        out.toString(),
        "--master",
        "local[1]",
        "--steps",
        "1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mnist", "fashion-mnist"})
  void truncatedImageFile(String kind) throws Exception {
    Path dir = tmp.resolve("d");
    Synthetic.writeMnistLike(dir, 20, 5, 4, 4, 1);
    Path images = dir.resolve(MnistSource.TRAIN[0]);
    byte[] all = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(all, all.length - 7));
    Path out = tmp.resolve("out");
    Cli.Outcome o = train(kind, dir, out);
    Cli.assertUsageError(
        o,
        "train",
        images
            + " is "
            + (all.length - 7)
            + " bytes but its IDX header IdxHeader[20, 4, 4] announces "
            + all.length
            + " (truncated file)");
    Cli.assertNothingWritten(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mnist", "fashion-mnist"})
  void wrongMagic(String kind) throws Exception {
    Path dir = tmp.resolve("d");
    Synthetic.writeMnistLike(dir, 20, 5, 4, 4, 1);
    Path labels = dir.resolve(MnistSource.TEST[1]);
    byte[] all = Files.readAllBytes(labels);
    ByteBuffer.wrap(all).putInt(0, 0x00000d01); // type 0x0d (float) instead of unsigned byte
    Files.write(labels, all);
    Path out = tmp.resolve("out");
    Cli.assertUsageError(
        train(kind, dir, out), "train", labels + " is not an unsigned-byte IDX file (magic 0xd01");
    Cli.assertNothingWritten(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mnist", "fashion-mnist"})
  void filesThatDoNotPairUp(String kind) throws Exception {
    Path dir = tmp.resolve("d");
    Synthetic.writeMnistLike(dir, 20, 5, 4, 4, 1);
    Path other = tmp.resolve("other");
    Synthetic.writeMnistLike(other, 21, 5, 4, 4, 1);
    Files.copy(
        other.resolve(MnistSource.TRAIN[1]),
        dir.resolve(MnistSource.TRAIN[1]),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path out = tmp.resolve("out");
    Cli.assertUsageError(
        train(kind, dir, out),
        "train",
        "are not a matching pair of image (3-d) and label (1-d) IDX files");
    Cli.assertNothingWritten(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mnist", "fashion-mnist"})
  void emptyFile(String kind) throws Exception {
    Path dir = tmp.resolve("d");
    Synthetic.writeMnistLike(dir, 20, 5, 4, 4, 1);
    Files.write(dir.resolve(MnistSource.TEST[0]), new byte[0]);
    Path out = tmp.resolve("out");
    Cli.assertUsageError(
        train(kind, dir, out), "train", "is not an IDX file: shorter than its header");
    Cli.assertNothingWritten(out);
  }

  private Cli.Outcome trainCifar(Path dir, Path out) {
    return Cli.run(
        "train",
        "--dataset",
        "cifar10:" + dir,
        "--model",
        "mlp",
        "--out",
        out.toString(),
        "--master",
        "local[1]",
        "--steps",
        "1");
  }

  @org.junit.jupiter.api.Test
  void truncatedCifarFile() throws Exception {
    Path dir = tmp.resolve("c");
    org.byzspark.data.CifarSourceTest.writeCifarLike(dir, 3, 1);
    Path f = dir.resolve("data_batch_3.bin");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 100));
    Path out = tmp.resolve("out");
    Cli.assertUsageError(
        trainCifar(dir, out),
        "train",
        f
            + " is 9119 bytes, not a positive"
            + " multiple of the 3073-byte CIFAR-10 record (truncated, or not the binary version)");
    Cli.assertNothingWritten(out);
  }

  @org.junit.jupiter.api.Test
  void notACifarFile() throws Exception {
    Path dir = tmp.resolve("c");
    org.byzspark.data.CifarSourceTest.writeCifarLike(dir, 3, 1);
    Path f = dir.resolve(org.byzspark.data.CifarSource.TEST);
    byte[] all = Files.readAllBytes(f);
    all[0] = (byte) 0x89; // e.g. a PNG's first byte
    Files.write(f, all);
    Path out = tmp.resolve("out");
    Cli.assertUsageError(
        trainCifar(dir, out),
        "train",
        f + " is not a CIFAR-10 binary file: its first record's label byte is 137, expected 0..9");
    Cli.assertNothingWritten(out);
  }

  @org.junit.jupiter.api.Test
  void missingCifarFile() throws Exception {
    Path dir = tmp.resolve("c");
    org.byzspark.data.CifarSourceTest.writeCifarLike(dir, 3, 1);
    Files.delete(dir.resolve("data_batch_5.bin"));
    Path out = tmp.resolve("out");
    Cli.assertUsageError(trainCifar(dir, out), "train", "data_batch_5.bin not found");
    Cli.assertNothingWritten(out);
  }

  /**
   * RESAM's CIFAR-10 CNN end to end on generated CIFAR files (batch norm and dropout per worker):
   * it trains, and one and two executor threads give the same metrics, bit for bit.
   */
  @org.junit.jupiter.api.Test
  void cifarCnnTrainsAndIsDeterministicAcrossThreads() throws Exception {
    Path dir = tmp.resolve("c");
    org.byzspark.data.CifarSourceTest.writeCifarLike(dir, 6, 2);
    String[] metrics = new String[2];
    for (int k = 1; k <= 2; k++) {
      Path out = tmp.resolve("out" + k);
      Cli.Outcome o =
          Cli.run(
              "train",
              "--dataset",
              "cifar10:" + dir,
              "--model",
              "cnn",
              "--workers",
              "3",
              "--byzantine",
              "1",
              "--attack",
              "little",
              "--aggregator",
              "cwtm",
              "--batch-size",
              "2",
              "--steps",
              "2",
              "--eval-every",
              "1",
              "--momentum",
              "0.9",
              "--lr",
              "0.25",
              "--clip",
              "5",
              "--weight-decay",
              "1e-2",
              "--out",
              out.toString(),
              "--master",
              "local[" + k + "]");
      org.junit.jupiter.api.Assertions.assertEquals(0, o.code(), o.err());
      metrics[k - 1] =
          Files.readString(out.resolve("metrics.csv"))
              .lines()
              .map(l -> String.join(",", Arrays.copyOf(l.split(","), 3)))
              .collect(java.util.stream.Collectors.joining("\n"));
      org.junit.jupiter.api.Assertions.assertTrue(
          metrics[k - 1].lines().count() >= 3, metrics[k - 1]);
    }
    org.junit.jupiter.api.Assertions.assertEquals(metrics[0], metrics[1]);
  }
}
