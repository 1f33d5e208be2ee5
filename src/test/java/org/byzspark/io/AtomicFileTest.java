package org.byzspark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-file writes on the local file system: content, replacement, no side files, failures. */
class AtomicFileTest {
  @TempDir File dir;

  private List<String> names(File d) {
    String[] n = d.list();
    Arrays.sort(n);
    return List.of(n);
  }

  @Test
  void writesCreatesParentsAndReplacesWithoutSideFiles() throws IOException {
    File target = new File(dir, "a/b/point");
    AtomicFile.write(new Path(target.getPath()), bytes("first"), new Configuration());
    assertEquals("first", Files.readString(target.toPath()));
    AtomicFile.write(
        new Path(target.toURI().toString()), bytes("second, longer"), new Configuration());
    assertEquals("second, longer", Files.readString(target.toPath()));
    byte[] big = new byte[1 << 20];
    Arrays.fill(big, (byte) 7);
    AtomicFile.write(new Path(target.getPath()), big, new Configuration());
    assertArrayEquals(big, Files.readAllBytes(target.toPath()));
    // no temporary file, no .crc file
    assertEquals(List.of("point"), names(target.getParentFile()));
  }

  @Test
  void aDirectoryInTheWayFailsAndIsLeftAsItWas() throws IOException {
    File target = new File(dir, "taken");
    assertTrue(new File(target, "inside").mkdirs());
    IOException e =
        assertThrows(
            IOException.class,
            () -> AtomicFile.write(new Path(target.getPath()), bytes("x"), new Configuration()));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    assertEquals(List.of("inside"), names(target));
    assertEquals(List.of("taken"), names(dir));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
