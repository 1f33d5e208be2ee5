package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.byzspark.aggregation.RuleState;
import org.byzspark.attack.AttackState;
import org.byzspark.io.AtomicFile;
import org.byzspark.io.MetricsTable;
import org.byzspark.io.RunOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume point and momentum file formats: exact round trips, and clear refusals. */
class ResumePointTest {
  @TempDir Path tmp;

  static ResumePoint sample() {
    double[] theta = {0.1, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e308};
    RuleState state =
        RuleState.EMPTY
            .with("previous", new double[] {1.5, Double.NEGATIVE_INFINITY})
            .with("a", new double[0]);
    List<MetricsTable.Row> rows =
        List.of(
            new MetricsTable.Row(1, 2.3, Double.NaN, Double.NaN, 0.5, 1.25, 0.5, 7, 0.25, 12.5),
            new MetricsTable.Row(2, Double.NaN, 0.875, 3.5, Double.NaN, 2.5, 0.25, 0, 0.5, 11));
    AttackState attack = AttackState.EMPTY.with("target", new double[] {1, 4});
    return new ResumePoint(
        2, 3, "file:/x/_resume/step-2", theta, state, attack, rows, "1,clipped=0\n2,clipped=1 é\n");
  }

  @Test
  void roundTripIsBitExact() {
    ResumePoint p = sample();
    ResumePoint q = ResumePoint.fromBytes(p.toBytes(), "here");
    assertEquals(p.step(), q.step());
    assertEquals(p.workers(), q.workers());
    assertEquals(p.momentumDir(), q.momentumDir());
    assertEquals(p.ruleReports(), q.ruleReports());
    assertEquals(p.metrics(), q.metrics()); // records of doubles: NaN equals NaN in Double.equals
    assertEquals(p.ruleState(), q.ruleState());
    assertEquals(p.attackState(), q.attackState());
    assertEquals(List.of("target"), List.copyOf(q.attackState().keys()));
    long[] a = Arrays.stream(p.theta()).mapToLong(Double::doubleToRawLongBits).toArray();
    long[] b = Arrays.stream(q.theta()).mapToLong(Double::doubleToRawLongBits).toArray();
    assertArrayEquals(a, b);
  }

  @Test
  void damagedFilesAreRefusedWithTheirName() {
    byte[] good = sample().toBytes();
    IllegalArgumentException truncated =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResumePoint.fromBytes(Arrays.copyOf(good, good.length - 3), "P"));
    assertTrue(truncated.getMessage().contains("P is truncated"), truncated.getMessage());
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ResumePoint.fromBytes(magic, "P"))
            .getMessage()
            .contains("not a ByzSpark resume"));
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ResumePoint.fromBytes(longer, "P"))
            .getMessage()
            .contains("trailing bytes"));
    assertThrows(IllegalArgumentException.class, () -> ResumePoint.fromBytes(new byte[0], "P"));
    // a point whose rows do not match its step
    ResumePoint s = sample();
    byte[] inconsistent =
        new ResumePoint(
                5, 3, s.momentumDir(), s.theta(), s.ruleState(), s.metrics(), s.ruleReports())
            .toBytes();
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ResumePoint.fromBytes(inconsistent, "P"))
            .getMessage()
            .contains("inconsistent"));
  }

  @Test
  void momentumFilesRoundTripAndCheckWorkerAndStep() {
    WorkerState s = new WorkerState(4, 21, new double[] {1, Double.NaN, -3.25}, 0.75);
    byte[] bytes = ResumeStore.momentumBytes(s);
    WorkerState r = ResumeStore.momentumFromBytes(bytes, "F", 4, 21);
    assertEquals(4, r.worker());
    assertEquals(21, r.step());
    assertEquals(0.75, r.batchLoss());
    assertArrayEquals(s.momentum(), r.momentum());
    assertTrue(
        assertThrows(
                IllegalStateException.class, () -> ResumeStore.momentumFromBytes(bytes, "F", 3, 21))
            .getMessage()
            .contains("expected worker 3 at step 21"));
    assertThrows(
        IllegalStateException.class,
        () -> ResumeStore.momentumFromBytes(Arrays.copyOf(bytes, bytes.length - 1), "F", 4, 21));
  }

  @Test
  void momentumFilesHaveTheDocumentedBigEndianLayout() throws Exception {
    for (double[] m : new double[][] {{1, Double.NaN, -3.25, Double.MIN_VALUE}, {}, null}) {
      WorkerState s = new WorkerState(7, 1L << 40, m, -0.5);
      java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
      try (java.io.DataOutputStream out = new java.io.DataOutputStream(expected)) {
        out.writeBytes(ResumeStore.MOMENTUM_MAGIC);
        out.writeInt(7);
        out.writeLong(1L << 40);
        out.writeDouble(-0.5);
        out.writeInt(m == null ? -1 : m.length);
        for (int i = 0; m != null && i < m.length; i++) {
          out.writeDouble(m[i]);
        }
      }
      assertArrayEquals(expected.toByteArray(), ResumeStore.momentumBytes(s));
    }
  }

  @Test
  void readsThePointOfARunDirectoryAndFindsMissingMomenta() throws Exception {
    Configuration conf = new Configuration();
    RunOutput out = new RunOutput(tmp.resolve("run").toString(), conf);
    assertNull(ResumeStore.read(out, conf), "no point yet");
    String dir = tmp.resolve("run/_resume/step-2").toUri().toString();
    ResumePoint s = sample();
    ResumePoint p =
        new ResumePoint(
            2, 3, dir, s.theta(), s.ruleState(), s.attackState(), s.metrics(), s.ruleReports());
    AtomicFile.write(out.path(ResumeStore.POINT), p.toBytes(), conf);
    assertEquals(2, ResumeStore.read(out, conf).step());
    assertEquals(3, ResumeStore.missingMomenta(p, conf).size());
    for (int i = 0; i < 2; i++) {
      AtomicFile.write(
          new org.apache.hadoop.fs.Path(dir, "worker-" + i),
          ResumeStore.momentumBytes(new WorkerState(i, 2, new double[] {i}, 0)),
          conf);
    }
    List<String> missing = ResumeStore.missingMomenta(p, conf);
    assertEquals(1, missing.size());
    assertTrue(missing.get(0).endsWith("worker-2"), missing.toString());
    Files.writeString(tmp.resolve("run/_resume/point"), "garbage");
    assertThrows(IllegalArgumentException.class, () -> ResumeStore.read(out, conf));
  }
}
