package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.byzspark.data.Synthetic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad values of the HGO / BRSGD options end before Spark: one line, exit 2, nothing written. */
class HgoCommandTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void data() throws Exception {
    data = tmp.resolve("mnist");
    Synthetic.writeMnistLike(data, 30, 10, 4, 4, 1);
  }

  static String[] train(Path out, String extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                "mnist:" + data,
                "--out",
                out.toString(),
                "--master",
                "local[1]",
                "--workers",
                "10",
                "--byzantine",
                "2",
                "--aggregator",
                "cwmed"));
    for (String s : extra.strip().split("\\s+")) {
      a.add(s);
    }
    return a.toArray(String[]::new);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--algorithm hgo --quorum-size 11 | --quorum-size: 11 is not allowed; allowed: 1 <= q <= n = 10",
        "--algorithm hgo --quorum-size 8 --quorum 9 | --quorum: 9 is not allowed; allowed: 1 <= v <= q = 8",
        "--algorithm hgo --tau 0 | --tau: 0.0 is not allowed; allowed: a finite number > 0",
        "--algorithm hgo --tau -1 | --tau: -1.0 is not allowed",
        "--algorithm sgd --deadline 0 | --deadline: 0.0 is not allowed; allowed: a number > 0, or none",
        "--lr-schedule poly:p=0 | --lr-schedule: poly:p=0 is not allowed (p must be a finite number > 0)",
        "--lr-schedule poly:p=-0.5 | --lr-schedule: poly:p=-0.5 is not allowed",
        "--lr-schedule linear | unknown schedule 'linear'",
        "--split dirichlet:0 | --split: dirichlet:0 is not allowed (alpha must be a finite number > 0)",
        "--split dirichlet:-2 | --split: dirichlet:-2 is not allowed",
        "--split classes:11 | --split: classes:11 is not allowed (k=11 is more than the 10 classes)",
        "--split shards | unknown split 'shards'",
        "--algorithm fedavg | --algorithm: fedavg is not allowed; allowed: resam, hgo, sgd",
        "--byzantine-placement first | --byzantine-placement: first is not allowed; allowed: last",
        "--declared-byzantine 10 | --declared-byzantine: 10 is not allowed; allowed: 0 <= F' < q = 10",
        "--profile medium | --profile: medium is not allowed (unknown profile 'medium')",
        "--profile rates:1/2/3 --algorithm hgo | it lists 3 rates for --workers 10",
        "--binary-classes 3 | --binary-classes: 3 is not allowed",
        "--binary-classes 3,12 --model logistic | --binary-classes: 3,12 is not allowed with 10 classes",
        "--model logistic --algorithm hgo | logistic is binary",
        "--algorithm hgo --aggregator cc | cc is not allowed with --algorithm hgo",
        "--algorithm hgo --quorum 4 | cwmed needs n > 2f",
        "--hidden 0 | --hidden: 0 is not allowed; allowed: an integer >= 1",
        "--model softmax --hidden 30 | --hidden: 30 is not allowed with --model softmax, which has no"
            + " hidden layer width; allowed: a model with a hidden parameter (mlp)",
        "--algorithm hgo --layer-blocks 5 | --layer-blocks: 5 is not allowed; allowed: 2 block sizes",
      })
  void badValuesEndWithOneLineAndExitCodeTwo(String extra, String expected) throws Exception {
    Path out = tmp.resolve("out-" + Math.abs(extra.hashCode()));
    Cli.Outcome o = Cli.run(train(out, extra));
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), "one line expected, got: " + o.err());
    assertTrue(o.err().startsWith("byzspark train: error: "), o.err());
    assertTrue(o.err().contains(expected), "expected «" + expected + "» in «" + o.err() + "»");
    assertFalse(Files.exists(out), "nothing may be written");
  }
}
