package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxHeaderTest {
  @Test
  void readsImageAndLabelHeaders() throws Exception {
    byte[] h = {0, 0, 8, 3, 0, 0, (byte) 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28};
    IdxHeader ih = IdxHeader.read(new ByteArrayInputStream(h), "x");
    assertArrayEquals(new int[] {60000, 28, 28}, ih.dims());
    assertEquals(16, ih.headerBytes());
    assertEquals(784, ih.recordBytes());
  }

  @Test
  void rejectsOtherFiles() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdxHeader.read(new ByteArrayInputStream(png), "f.png"));
    assertTrue(e.getMessage().startsWith("f.png is not an unsigned-byte IDX file"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> IdxHeader.read(new ByteArrayInputStream(new byte[] {0, 0}), "short"));
  }

  @Test
  void readsAndNormalisesRecords(@TempDir Path dir) throws Exception {
    Synthetic.writeMnistLike(dir, 12, 3, 2, 3, 5);
    byte[] raw = Files.readAllBytes(dir.resolve(MnistSource.TRAIN[0]));
    byte[] lab = Files.readAllBytes(dir.resolve(MnistSource.TRAIN[1]));
    List<Example> chunk =
        MnistSource.readChunk(
            dir.resolve(MnistSource.TRAIN[0]).toString(),
            dir.resolve(MnistSource.TRAIN[1]).toString(),
            16,
            8,
            6,
            new int[] {4, 7},
            MnistSource.Normalisation.MNIST);
    assertEquals(3, chunk.size());
    Example e = chunk.get(1); // record 5
    assertEquals(5, e.index());
    assertEquals(lab[8 + 5], e.label());
    int pixel = raw[16 + 5 * 6 + 2] & 0xff;
    assertEquals((pixel / 255.0 - 0.1307) / 0.3081, e.features()[2], 1e-6);
  }
}
