package org.byzspark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.byzspark.io.ParquetTable.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet tables: types, nulls, the directory layout, replacement, and what is refused. */
class ParquetTableTest {
  @TempDir File tmp;

  private static final List<String> NAMES = List.of("run_id", "step", "test_accuracy");
  private static final List<Kind> KINDS = List.of(Kind.STRING, Kind.LONG, Kind.DOUBLE);

  private File part(File dir) {
    File[] parts = dir.listFiles((d, n) -> n.startsWith("part-") && n.endsWith(".parquet"));
    assertEquals(1, parts.length, Arrays.toString(dir.list()));
    return parts[0];
  }

  private List<Group> read(File file) throws IOException {
    List<Group> rows = new ArrayList<>();
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), new Path(file.getPath())).build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        rows.add(g);
      }
    }
    return rows;
  }

  @Test
  void writesTypedNullableColumnsInSparksLayout() throws IOException {
    File dir = new File(tmp, "results.parquet");
    List<Object[]> rows =
        List.of(
            new Object[] {"a", 50L, 0.5},
            new Object[] {"", null, null},
            new Object[] {"b", -3L, Double.NaN});
    ParquetTable.write(new Path(dir.getPath()), NAMES, KINDS, rows, new Configuration());
    assertTrue(new File(dir, "_SUCCESS").isFile());
    File part = part(dir);
    List<Group> back = read(part);
    assertEquals(3, back.size());
    GroupType schema = back.get(0).getType();
    for (Type t : schema.getFields()) {
      assertEquals(Type.Repetition.OPTIONAL, t.getRepetition(), t.getName());
    }
    assertEquals(
        PrimitiveTypeName.BINARY,
        schema.getType("run_id").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(
        LogicalTypeAnnotation.stringType(), schema.getType("run_id").getLogicalTypeAnnotation());
    assertEquals(
        PrimitiveTypeName.INT64, schema.getType("step").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(
        PrimitiveTypeName.DOUBLE,
        schema.getType("test_accuracy").asPrimitiveType().getPrimitiveTypeName());
    assertEquals("a", back.get(0).getString("run_id", 0));
    assertEquals(50L, back.get(0).getLong("step", 0));
    assertEquals(0.5, back.get(0).getDouble("test_accuracy", 0));
    // an empty string is a value, a null is absent
    assertEquals("", back.get(1).getString("run_id", 0));
    assertEquals(0, back.get(1).getFieldRepetitionCount("step"));
    assertEquals(0, back.get(1).getFieldRepetitionCount("test_accuracy"));
    assertEquals(-3L, back.get(2).getLong("step", 0));
    assertTrue(Double.isNaN(back.get(2).getDouble("test_accuracy", 0)));
  }

  @Test
  void aSecondWriteReplacesTheTableAndLeavesNothingElse() throws IOException {
    File dir = new File(tmp, "t.parquet");
    Configuration conf = new Configuration();
    ParquetTable.write(
        new Path(dir.getPath()),
        NAMES,
        KINDS,
        List.<Object[]>of(new Object[] {"x", 1L, 1.0}),
        conf);
    ParquetTable.write(
        new Path(dir.getPath()),
        NAMES,
        KINDS,
        List.of(new Object[] {"y", 2L, 2.0}, new Object[] {"z", 3L, 3.0}),
        conf);
    List<Group> back = read(part(dir));
    assertEquals(2, back.size());
    assertEquals("y", back.get(0).getString("run_id", 0));
    // only the table itself in its parent: no hidden temporary directory left
    assertEquals(List.of("t.parquet"), Arrays.asList(tmp.list()));
  }

  @Test
  void aRowOfTheWrongWidthIsRefusedAndTheOldTableStays() throws IOException {
    File dir = new File(tmp, "t.parquet");
    Configuration conf = new Configuration();
    ParquetTable.write(
        new Path(dir.getPath()),
        NAMES,
        KINDS,
        List.<Object[]>of(new Object[] {"x", 1L, 1.0}),
        conf);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ParquetTable.write(
                    new Path(dir.getPath()),
                    NAMES,
                    KINDS,
                    List.<Object[]>of(new Object[] {"y", 2L}),
                    conf));
    assertTrue(
        e.getMessage().contains("a row of 2 values in a table of 3 columns"), e.getMessage());
    assertEquals("x", read(part(dir)).get(0).getString("run_id", 0));
    assertEquals(List.of("t.parquet"), Arrays.asList(tmp.list()));
    assertFalse(new File(tmp, ".t.parquet").exists());
  }
}
