package org.byzspark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void quotesOnlyFieldsThatNeedIt() {
    assertEquals("a,,1.5\n", Csv.line(Arrays.asList("a", null, "1.5")));
    assertEquals(
        "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",plain\n",
        Csv.line(List.of("x,y", "say \"hi\"", "two\nlines", "plain")));
  }

  @Test
  void readsBackWhatItWritesAndColumnsByName() {
    List<String> header = List.of("run_id", "error", "acc");
    List<List<String>> rows =
        List.of(List.of("r1", "diverged, at 3", "0.5"), List.of("r2", "", "0.75"));
    String text = Csv.render(header, rows);
    assertEquals("run_id,error,acc\nr1,\"diverged, at 3\",0.5\nr2,,0.75\n", text);
    Csv.Table t = Csv.read(text);
    assertEquals(header, t.header());
    assertEquals(rows, t.rows());
    assertEquals(List.of("0.5", "0.75"), t.column("acc"));
    assertEquals("diverged, at 3", Csv.parse(text).get(0).get("error"));
  }

  @Test
  void carriageReturnsAndBlankLinesAreSkippedAndShortRowsRefused() {
    Csv.Table t = Csv.read("a,b\r\n1,2\r\n\r\n3,4");
    assertEquals(List.of(List.of("1", "2"), List.of("3", "4")), t.rows());
    assertEquals(List.of(), Csv.read("").header());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Csv.read("a,b\n1\n"));
    assertEquals("line 2: 1 fields, the header has 2", e.getMessage());
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> t.column("c"));
    assertTrue(c.getMessage().contains("no column 'c'"), c.getMessage());
  }
}
