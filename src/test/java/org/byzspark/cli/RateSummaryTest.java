package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The per-p summary of `byzspark rate` over seeds, on hand-computed slopes. */
class RateSummaryTest {
  @Test
  void meanSdMinMaxAndHowManyRunsDecayAtLeastAsFastAsTheBound() {
    Map<Double, List<Double>> slopes = new TreeMap<>();
    slopes.put(0.6, List.of(-0.3, -0.1)); // mean −0.2, sd √0.02 = 0.1414; bound −0.2
    slopes.put(0.9, List.of(-0.04)); // bound −0.05: not as fast
    String[] lines = RateCommand.summary(slopes).split("\n");
    assertEquals(4, lines.length);
    assertEquals("| 0.6 | 2 | -0.200 ± 0.141 | -0.300 | -0.100 | -0.200 | 1 of 2 |", lines[2]);
    assertEquals("| 0.9 | 1 | -0.040 ± 0.000 | -0.040 | -0.040 | -0.050 | 0 of 1 |", lines[3]);
  }
}
