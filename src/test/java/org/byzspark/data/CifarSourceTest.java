package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CifarSourceTest {
  /** Writes the six CIFAR-10 binary files with {@code perFile} random records each. */
  public static void writeCifarLike(Path dir, int perFile, long seed) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom r = new SplittableRandom(seed);
    List<String> names = new java.util.ArrayList<>(CifarSource.TRAIN);
    names.add(CifarSource.TEST);
    for (String name : names) {
      byte[] b = new byte[perFile * CifarSource.RECORD];
      for (int i = 0; i < perFile; i++) {
        b[i * CifarSource.RECORD] = (byte) r.nextInt(10);
        for (int j = 1; j < CifarSource.RECORD; j++) {
          b[i * CifarSource.RECORD + j] = (byte) r.nextInt(256);
        }
      }
      Files.write(dir.resolve(name), b);
    }
  }

  @Test
  void readsRecordsWithPerChannelNormalisation(@TempDir Path dir) throws Exception {
    writeCifarLike(dir, 4, 1);
    Path f = dir.resolve("data_batch_2.bin");
    byte[] raw = Files.readAllBytes(f);
    List<Example> ex = CifarSource.readChunk(f.toString(), 1, 3, 100);
    assertEquals(2, ex.size());
    Example e = ex.get(1); // record 2 of the file
    assertEquals(101, e.index());
    int o = 2 * CifarSource.RECORD;
    assertEquals(raw[o], e.label());
    // red (0, 0), green (0, 5), blue (31, 31): planes of 1024 bytes after the label byte
    assertEquals(((raw[o + 1] & 0xff) / 255.0 - 0.4914) / 0.2023, e.features()[0], 1e-6);
    assertEquals(
        ((raw[o + 1 + 1024 + 5] & 0xff) / 255.0 - 0.4822) / 0.1994, e.features()[1029], 1e-6);
    assertEquals(((raw[o + 3072] & 0xff) / 255.0 - 0.4465) / 0.2010, e.features()[3071], 1e-6);
    long[] counts =
        CifarSource.checkPresent(dir.toString(), new org.apache.hadoop.conf.Configuration());
    assertArrayEquals(new long[] {4, 4, 4, 4, 4, 4}, counts);
  }

  @Test
  void badLabelInsideAFileNamesFileAndRecord(@TempDir Path dir) throws Exception {
    writeCifarLike(dir, 3, 2);
    Path f = dir.resolve("data_batch_1.bin");
    byte[] raw = Files.readAllBytes(f);
    raw[2 * CifarSource.RECORD] = (byte) 200;
    Files.write(f, raw);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CifarSource.readChunk(f.toString(), 0, 3, 0));
    assertEquals(f + ": label 200 of record 2 is outside 0..9", e.getMessage());
  }

  @Test
  void cifarSpecsAndAugmentation() {
    DatasetSpec s = DatasetSpec.parse("cifar10:/data/cifar-10-batches-bin", "/d");
    assertEquals("cifar10", s.kind());
    assertEquals("/data/cifar-10-batches-bin", s.path());
    assertEquals(3072, s.knownDim());
    assertEquals(new HorizontalFlip(3, 32, 32), s.augmentation());
  }
}
