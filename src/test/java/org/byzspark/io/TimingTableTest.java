package org.byzspark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.byzspark.io.TimingTable.Item;
import org.junit.jupiter.api.Test;

/** timing.csv's layout: the documented header, milliseconds from nanoseconds, empty task cells. */
class TimingTableTest {
  @Test
  void theHeaderIsTheDocumentedOne() throws Exception {
    String doc = Files.readString(Path.of("docs/performance.md"), StandardCharsets.UTF_8);
    assertTrue(doc.contains("\n" + TimingTable.header() + "\n"), "docs/performance.md");
    for (Item item : Item.values()) {
      assertTrue(doc.contains("| `" + item.column() + "` |"), item.column() + " is documented");
    }
    assertEquals("step", TimingTable.header().split(",")[0]);
    assertEquals("other_ms", TimingTable.header().split(",")[Item.values().length]);
    assertEquals("step_ms", TimingTable.header().split(",")[Item.values().length + 1]);
  }

  @Test
  void rowsInMillisecondsAndEmptyTasksWhenUnknown() {
    TimingTable t = new TimingTable();
    long[] nanos = new long[Item.values().length];
    nanos[Item.WORKERS.ordinal()] = 12_345_678; // 12.345678 ms
    nanos[Item.RULE.ordinal()] = 500; // 0.0005 ms
    nanos[Item.OTHER.ordinal()] = 1_000_000;
    t.add(new TimingTable.Row(1, nanos, 13_346_178, new TimingTable.Tasks(15, 80, 7, 3), 512.2));
    t.add(new TimingTable.Row(2, nanos, 13_346_178, null, 600));
    List<String> lines = t.toCsv().lines().toList();
    assertEquals(3, lines.size());
    assertEquals(
        "1,0.000,12.346,0.000,0.000,0.001,0.000,0.000,0.000,1.000,13.346,15,80,7,3,512.2",
        lines.get(1));
    String[] second = lines.get(2).split(",", -1);
    assertEquals(TimingTable.header().split(",").length, second.length);
    assertEquals("", second[Item.values().length + 2], "tasks unknown");
    assertEquals("600.0", second[second.length - 1]);
  }

  @Test
  void aRowHasOneValuePerItem() {
    assertThrows(
        IllegalArgumentException.class, () -> new TimingTable.Row(1, new long[3], 0, null, 0));
  }
}
