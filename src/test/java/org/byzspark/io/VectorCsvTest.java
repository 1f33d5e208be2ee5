package org.byzspark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** The matrix of the NumPy samples below, as Java literals. */
  private static final double[][] NUMPY_X = {
    {1.0, -0.25, Double.NaN},
    {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.PI},
    {1e-300, -0.0, 123456789.0}
  };

  /**
   * {@code np.savetxt(f, X, **kw)} for the matrix {@link #NUMPY_X}, as NumPy 2.4.6 wrote it (each
   * text is NumPy's byte-for-byte output, captured once; the test itself needs no Python): default
   * ({@code fmt='%.18e'}, {@code delimiter=' '}); {@code delimiter=','}; with {@code header} and
   * {@code footer}; {@code fmt='%s', delimiter=', '}; {@code fmt='%.17g', delimiter='\t'}.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.000000000000000000e+00 -2.500000000000000000e-01 nan\ninf -inf 3.141592653589793116e+00\n"
            + "1.000000000000000025e-300 -0.000000000000000000e+00 1.234567890000000000e+08\n",
        "1.000000000000000000e+00,-2.500000000000000000e-01,nan\ninf,-inf,3.141592653589793116e+00\n"
            + "1.000000000000000025e-300,-0.000000000000000000e+00,1.234567890000000000e+08\n",
        "# three vectors\n# d = 3\n1.000000000000000000e+00 -2.500000000000000000e-01 nan\n"
            + "inf -inf 3.141592653589793116e+00\n"
            + "1.000000000000000025e-300 -0.000000000000000000e+00 1.234567890000000000e+08\n# end\n",
        "1.0, -0.25, nan\ninf, -inf, 3.141592653589793\n1e-300, -0.0, 123456789.0\n",
        "1\t-0.25\tnan\ninf\t-inf\t3.1415926535897931\n1e-300\t-0\t123456789\n"
      })
  void readsWhatNumpySavetxtWrites(String text) throws Exception {
    Path p = tmp.resolve("np.txt");
    Files.writeString(p, text);
    double[][] x = VectorCsv.read(p.toString(), "--input", 3);
    assertEquals(NUMPY_X.length, x.length);
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(
            Double.doubleToLongBits(NUMPY_X[i][j]),
            Double.doubleToLongBits(x[i][j]),
            "row " + i + " col " + j + ": " + x[i][j]);
      }
    }
  }

  @Test
  void nonFiniteValuesInAnyCaseWithAnySign() throws Exception {
    String[] nan = {"nan", "NaN", "NAN", "nAn", "-nan", "+nan", "+NaN"};
    String[] pos = {"inf", "Inf", "INF", "+inf", "infinity", "Infinity", "INFINITY", "+Infinity"};
    String[] neg = {"-inf", "-Inf", "-INF", "-infinity", "-Infinity", "-INFINITY"};
    // one vector per word, comma-separated, blank-separated and one per line
    Path p = tmp.resolve("nf.csv");
    for (String text :
        List.of(String.join(",", nan), String.join(" ", nan), String.join("\n", nan))) {
      Files.writeString(p, text + "\n");
      double[][] x = VectorCsv.read(p.toString(), "--input", -1);
      assertEquals(nan.length, x.length * x[0].length, text);
      for (double[] row : x) {
        for (double v : row) {
          assertTrue(Double.isNaN(v), text);
        }
      }
    }
    Files.writeString(p, String.join(" , ", pos) + "\n" + String.join("\t", pos) + "\n");
    for (double[] row : VectorCsv.read(p.toString(), "--input", pos.length)) {
      for (double v : row) {
        assertEquals(Double.POSITIVE_INFINITY, v);
      }
    }
    Files.writeString(p, String.join(",", neg) + "\n" + String.join("  ", neg) + "\n");
    for (double[] row : VectorCsv.read(p.toString(), "--input", neg.length)) {
      for (double v : row) {
        assertEquals(Double.NEGATIVE_INFINITY, v);
      }
    }
  }

  /** Look-alikes of the non-finite words stay errors, with their line and position. */
  @ParameterizedTest
  @ValueSource(strings = {"infi", "nana", "--inf", "in f", "+-nan", "1,0"})
  void nearMissesAreNotNumbers(String bad) throws Exception {
    Path p = tmp.resolve("bad.txt");
    Files.writeString(p, "1 2\n3 " + bad + "\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> VectorCsv.read(p.toString(), "--input", -1));
    assertTrue(e.getMessage().startsWith("--input: " + p + " line 2"), e.getMessage());
  }

  /** Blank-separated rows obey the same length rule as comma-separated ones. */
  @Test
  void blankSeparatedRaggedRowIsReported() throws Exception {
    Path p = tmp.resolve("r.txt");
    Files.writeString(p, "# header\n1 2 3\n4\t5   6\n7 8\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> VectorCsv.read(p.toString(), "--input", -1));
    assertEquals(
        "--input: " + p + " line 4 has 2 values, expected 3 (as on line 2)", e.getMessage());
  }

  @Test
  void commentAfterValuesIsIgnored() throws Exception {
    Path p = tmp.resolve("c.csv");
    Files.writeString(p, "1,2 # first\n3 4# second\n");
    assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, VectorCsv.read(p.toString(), "--input", -1));
  }

  /** {@code %.18e} (C and Java alike keep 19 significant digits) gives back every double. */
  @Test
  void percentEighteenERoundTripsEveryDouble() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    double[][] x = new double[20][6];
    StringBuilder text = new StringBuilder("# written as np.savetxt(f, X) would\n");
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = Double.longBitsToDouble(r.nextLong());
        if (Double.isNaN(row[j]) || Double.isInfinite(row[j])) {
          row[j] = r.nextDouble() - 0.5;
        }
        text.append(j > 0 ? " " : "").append(String.format(Locale.ROOT, "%.18e", row[j]));
      }
      text.append('\n');
    }
    Path p = tmp.resolve("e18.txt");
    Files.writeString(p, text);
    double[][] y = VectorCsv.read(p.toString(), "--input", 6);
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 6; j++) {
        assertEquals(
            Double.doubleToLongBits(x[i][j]), Double.doubleToLongBits(y[i][j]), "row " + i);
      }
    }
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
