package org.byzspark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorCsvTest {
  @TempDir Path tmp;

  @Test
  void readsSpecialValuesCommentsAndBlanks() throws Exception {
    Path p = tmp.resolve("v.csv");
    Files.writeString(
        p, "\uFEFF# header comment\n\n NaN , Infinity,-Infinity\r\n  # indented\n1e3,-0.5,+2\n");
    double[][] x = VectorCsv.read(p.toString(), "--input", -1);
    assertEquals(2, x.length);
    assertTrue(Double.isNaN(x[0][0]));
    assertEquals(Double.POSITIVE_INFINITY, x[0][1]);
    assertEquals(Double.NEGATIVE_INFINITY, x[0][2]);
    assertArrayEquals(new double[] {1000, -0.5, 2}, x[1]);
  }

  @Test
  void expectedDimensionIsEnforcedFromTheFirstRow() throws Exception {
    Path p = tmp.resolve("v.csv");
    Files.writeString(p, "1,2\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> VectorCsv.read(p.toString(), "--own", 3));
    assertEquals("--own: " + p + " line 1 has 2 values, expected 3", e.getMessage());
  }

  @Test
  void writeThenReadIsBitExact() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    double[][] x = new double[5][9];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = Double.longBitsToDouble(r.nextLong());
      }
    }
    x[0][0] = Double.NaN;
    x[0][1] = -0.0;
    x[0][2] = Double.MIN_VALUE;
    Path p = tmp.resolve("sub/w.csv");
    VectorCsv.write(p.toString(), "--output", x);
    double[][] y = VectorCsv.read(p.toString(), "--input", -1);
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[i].length; j++) {
        assertEquals(
            Double.doubleToLongBits(x[i][j]),
            Double.doubleToLongBits(y[i][j]),
            "row " + i + " col " + j);
      }
    }
    try (var s = Files.list(p.getParent())) {
      assertEquals(List.of("w.csv"), s.map(q -> q.getFileName().toString()).toList());
    }
  }

  @Test
  void writingOverADirectoryFailsWithoutSideEffects() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> VectorCsv.write(dir.toString(), "--output", new double[][] {{1}}));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    try (var s = Files.list(tmp)) {
      assertEquals(List.of("d"), s.map(q -> q.getFileName().toString()).toList());
    }
    assertFalse(Files.list(dir).findAny().isPresent());
  }
}
