package org.byzspark.train.hgo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.byzspark.cli.Cli;
import org.byzspark.io.MetricsTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model linear} end to end on generated LIBSVM regression files (the way Boston housing is
 * read): y = 2·x1 − x2 + 0.5·x3 + 3 + noise (sd 0.1), features in [−1, 1] like LIBSVM's {@code
 * housing_scale}.
 */
class LinearRegressionIT {
  @TempDir static Path tmp;
  static Path withTest;
  static Path heldOut;

  static String lines(SplittableRandom rnd, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double x1 = rnd.nextDouble(-1, 1);
      double x2 = rnd.nextDouble(-1, 1);
      double x3 = rnd.nextDouble(-1, 1);
      double noise = 0.1 * (rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 1.5) * 2;
      if (i % 7 == 0) {
        x2 = 0; // left out of the line, as LIBSVM files do with zeros
      }
      double y = 2 * x1 - x2 + 0.5 * x3 + 3 + noise;
      sb.append(String.format(Locale.ROOT, "%.6f 1:%.6f", y, x1));
      if (i % 7 != 0) {
        sb.append(String.format(Locale.ROOT, " 2:%.6f", x2));
      }
      sb.append(String.format(Locale.ROOT, " 3:%.6f%n", x3));
    }
    return sb.toString();
  }

  @BeforeAll
  static void data() throws Exception {
    SplittableRandom rnd = new SplittableRandom(5);
    withTest = tmp.resolve("reg");
    Files.writeString(withTest, lines(rnd, 600));
    Files.writeString(tmp.resolve("reg.t"), lines(rnd, 150));
    heldOut = tmp.resolve("reg-noTest");
    Files.writeString(heldOut, lines(rnd, 500));
  }

  static String[] job(Path data, Path out, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                "libsvm:" + data,
                "--model",
                "linear",
                "--workers",
                "6",
                "--byzantine",
                "1",
                "--attack",
                "signflip",
                "--aggregator",
                "cwmed",
                "--momentum",
                "0",
                "--clip",
                "none",
                "--weight-decay",
                "0",
                "--steps",
                "80",
                "--batch-size",
                "16",
                "--lr",
                "0.1",
                "--eval-every",
                "20",
                "--checkpoint-every",
                "30",
                "--seed",
                "2",
                "--out",
                out.toString(),
                "--master",
                "local[2]"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  static List<String[]> rows(Path out) throws Exception {
    List<String[]> r = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("metrics.csv"))) {
      r.add(l.split(",", -1));
    }
    return r;
  }

  @Test
  void trainWritesTestMseThatFallsToTheNoiseLevel() throws Exception {
    Path out = tmp.resolve("plain");
    Cli.Outcome o = Cli.run(job(withTest, out));
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("final test mse"), o.out());
    List<String[]> r = rows(out);
    assertEquals(MetricsTable.header(true, false), String.join(",", r.get(0)));
    assertEquals(81, r.size());
    double first = Double.NaN;
    double last = Double.NaN;
    for (int t = 1; t <= 80; t++) {
      String[] f = r.get(t);
      assertTrue(f[2].isEmpty(), "test_accuracy is empty for a regression run");
      assertEquals(t % 20 == 0, !f[3].isEmpty(), "test_mse at evaluations only");
      if (t == 20) {
        first = Double.parseDouble(f[3]);
      }
      if (t == 80) {
        last = Double.parseDouble(f[3]);
      }
    }
    // the target's variance is about 4/3 + 1/3 + 1/12 ≈ 1.75 around its mean 3; the noise's 0.01
    assertTrue(last < first, "MSE falls: " + first + " -> " + last);
    assertTrue(last < 0.1, "final test MSE " + last);
    String manifest = Files.readString(out.resolve("run.json"));
    assertTrue(manifest.contains("\"final_test_mse\""), manifest);
    assertTrue(manifest.contains("\"dimension\" : 4"), manifest);
  }

  @Test
  void hgoWithHeldOutTestSetIsDeterministic() throws Exception {
    Path a = tmp.resolve("hgo-a");
    Path b = tmp.resolve("hgo-b");
    String[] extra = {
      "--algorithm", "hgo", "--quorum-size", "5", "--tau", "0.0002", "--attack", "little"
    };
    Cli.Outcome o = Cli.run(job(heldOut, a, extra));
    assertEquals(0, o.code(), o.err());
    List<String> args = new ArrayList<>(List.of(job(heldOut, b, extra)));
    args.set(args.indexOf("local[2]"), "local[1]");
    assertEquals(0, HgoTrainingIT.run(args.toArray(String[]::new)).code());
    List<String[]> ra = rows(a);
    List<String[]> rb = rows(b);
    boolean partial = false;
    for (int t = 1; t <= 80; t++) {
      // every column but the two timings
      assertEquals(
          String.join(",", List.of(ra.get(t)).subList(0, 8)),
          String.join(",", List.of(rb.get(t)).subList(0, 8)),
          "step " + t);
      partial |= Integer.parseInt(ra.get(t)[7]) < 4;
    }
    assertTrue(partial, "tau = 0.0002 leaves weak workers a partial block");
    assertTrue(Double.parseDouble(ra.get(80)[3]) < 0.5, "final MSE " + ra.get(80)[3]);
  }

  @Test
  void badRegressionSettingsEndWithOneLine() throws Exception {
    for (String[] c :
        new String[][] {
          {"--attack labelflip", "poisons class labels"},
          {"--binary-classes 1,0", "--binary-classes"},
        }) {
      Path out = tmp.resolve("bad-" + Math.abs(c[0].hashCode()));
      List<String> args = new ArrayList<>(List.of(job(withTest, out)));
      args.addAll(List.of(c[0].split(" ")));
      Cli.Outcome o = Cli.run(args.toArray(String[]::new));
      assertEquals(2, o.code(), o.err());
      assertEquals(1, o.err().lines().count(), o.err());
      assertTrue(o.err().contains(c[1]), o.err());
      assertFalse(Files.exists(out), "nothing may be written");
    }
    // a real-valued label without --model linear names the fix
    Path out = tmp.resolve("bad-classes");
    Cli.Outcome o =
        Cli.run(
            "train",
            "--dataset",
            "libsvm:" + withTest,
            "--model",
            "logistic",
            "--out",
            out.toString());
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().contains("real targets need --model linear"), o.err());
    assertFalse(Files.exists(out));
  }
}
