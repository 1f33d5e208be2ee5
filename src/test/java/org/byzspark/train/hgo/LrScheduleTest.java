package org.byzspark.train.hgo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void constantIsTheBaseRate() {
    LrSchedule s = LrSchedule.parse("constant");
    for (int t = 1; t <= 10; t++) {
      assertEquals(0.3, s.rate(0.3, t, 10));
    }
  }

  @Test
  void polyIsBrsgdAlphaZeroOverKPlusOneToThePowerP() {
    LrSchedule s = LrSchedule.parse("poly");
    assertEquals(0.75, s.p());
    assertEquals(1.0, s.rate(1.0, 1, 100)); // k = 0
    assertEquals(1.0 / Math.pow(2, 0.75), s.rate(1.0, 2, 100), 1e-15);
    LrSchedule half = LrSchedule.parse("poly:p=0.5");
    assertEquals(2.0 / 3.0, half.rate(2.0, 9, 100), 1e-15); // 2/√9
    assertEquals("", s.warning());
    assertTrue(LrSchedule.parse("poly:p=1.5").warning().contains("outside (1/2, 1)"));
    assertTrue(LrSchedule.parse("poly:p=0.5").warning().contains("outside"));
  }

  @Test
  void stepDecaysAtDefaultAndGivenMilestones() {
    LrSchedule s = LrSchedule.parse("step");
    assertEquals(1.0, s.rate(1.0, 49, 100));
    assertEquals(0.1, s.rate(1.0, 50, 100), 1e-15);
    assertEquals(0.01, s.rate(1.0, 75, 100), 1e-15);
    LrSchedule g = LrSchedule.parse("step:factor=0.5,milestones=3/7");
    assertEquals(2.0, g.rate(2.0, 2, 10));
    assertEquals(1.0, g.rate(2.0, 3, 10));
    assertEquals(0.5, g.rate(2.0, 7, 10));
  }

  @Test
  void cosineGoesFromBaseToMin() {
    LrSchedule s = LrSchedule.parse("cosine:min=0.1");
    assertEquals(1.0, s.rate(1.0, 1, 100), 1e-15);
    assertEquals(0.55, s.rate(1.0, 51, 100), 1e-15); // cos(π/2) = 0
    assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 99 / 100)) / 2, s.rate(1.0, 100, 100), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> s.check(0.05));
  }

  @Test
  void badSpecsNameTheOptionAndWhatIsAllowed() {
    for (String bad :
        new String[] {
          "linear",
          "poly:p=0",
          "poly:p=-1",
          "poly:q=1",
          "step:factor=2",
          "step:milestones=a/3",
          "cosine:min=-1",
          "poly:p"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("--lr-schedule: " + bad), e.getMessage());
      assertTrue(e.getMessage().contains("allowed: constant"), e.getMessage());
    }
  }
}
