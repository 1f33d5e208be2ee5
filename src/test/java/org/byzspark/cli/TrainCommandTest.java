package org.byzspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.byzspark.cli.Cli.Outcome;
import org.byzspark.data.Synthetic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid command lines end before Spark starts: one line, exit code 2, nothing written. */
class TrainCommandTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void data() throws Exception {
    data = tmp.resolve("mnist");
    Synthetic.writeMnistLike(data, 30, 10, 4, 4, 1);
  }

  static Outcome run(String... args) {
    return Cli.run(args);
  }

  /** A valid base command line (synthetic data) followed by the case's options. */
  static String[] train(Path out, String... extra) {
    return TrainArgs.of("--dataset", "mnist:" + data).out(out, "local[1]").train(extra);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--aggregator | nosuchrule | unknown aggregator 'nosuchrule'; allowed: average, cwtm",
        "--attack | nosuchattack | unknown attack 'nosuchattack'; allowed: none, little",
        "--model | resnet | unknown model 'resnet'; allowed: softmax, logistic, mlp, cnn",
        "--byzantine | 15 | --byzantine: 15 is not allowed with --workers 15; allowed: 0 <= f < n",
        "--byzantine | -1 | --byzantine: -1 is not allowed with --workers 15; allowed: 0 <= f < n",
        "--lr | -0.5 | --lr: -0.5 is not allowed; allowed: a finite number > 0",
        "--momentum | 1 | --momentum: 1.0 is not allowed; allowed: a number in [0, 1)",
        "--momentum | -0.1 | --momentum: -0.1 is not allowed; allowed: a number in [0, 1)",
        "--weight-decay | -1 | --weight-decay: -1.0 is not allowed; allowed: a finite number >= 0",
        "--clip | 0 | --clip: 0.0 is not allowed; allowed: a number > 0, or none",
        "--workers | many | --workers: 'many' is not an integer",
        "--steps | 0 | --steps: 0 is not allowed; allowed: an integer >= 1",
        "--batch-size | 0 | --batch-size: 0 is not allowed; allowed: an integer >= 1",
        "--job | /no/such/job.conf | --job: file /no/such/job.conf not found",
        "--dataset | mnist:/no/such/dir | --dataset: mnist file /no/such/dir/train-images-idx3-ubyte not found",
        "--dataset | fashion-mnist:/no/such/dir | --dataset: fashion-mnist file /no/such/dir/train-images-idx3-ubyte not found (run scripts/fetch-data.sh fashion-mnist",
        "--dataset | imagenet | --dataset: unknown value 'imagenet'; allowed: mnist, mnist:DIR, fashion-mnist, fashion-mnist:DIR, cifar10:DIR, libsvm:PATH, synthetic:d=D,examples=N,nnz=K",
        "--dataset | 'synthetic:d=100,examples=50,nnz=5,colour=3' | --dataset: synthetic key 'colour' is unknown; allowed keys: d, examples, nnz, test, noise, scale, seed",
        "--dataset | 'synthetic:d=100,nnz=5' | --dataset: synthetic key examples is missing",
        "--dataset | 'synthetic:d=100,examples=50,nnz=500' | --dataset: synthetic key nnz=500 is not allowed; allowed: an integer in 1..min(d, 10000) = 1..100",
        "--dataset | 'synthetic:d=1e8x,examples=50,nnz=5' | --dataset: synthetic key d=1e8x is not allowed; allowed: an integer",
        "--dataset | 'synthetic:d=100,examples=50,nnz=5,noise=0.7' | --dataset: synthetic key noise=0.7 is not allowed; allowed: a number in [0, 0.5]",
        "--dataset | 'synthetic:d=100,examples=50,nnz=5,nnz=6' | --dataset: synthetic key nnz is given twice",
        "--dataset | 'synthetic:d=100,examples=10,nnz=5' | --model: mlp does not take sparse data (the synthetic dataset); allowed: softmax, logistic, svm",
        "--aggregator | cwtm:q=3 | unknown parameter 'q' for cwtm",
        "--no-such-option | 1 | nknown option --no-such-option",
        "--aggregation | cluster | --aggregation: cluster is not allowed; allowed: driver, sharded, auto",
        "--aggregation-threshold | 12x | --aggregation-threshold: 12x is not a size; allowed: a size in bytes",
        "--aggregation-threshold | -1g | --aggregation-threshold: -1g is not a size; allowed",
        "--aggregation-threshold | 99999999999999t | --aggregation-threshold: 99999999999999t is too large",
      })
  void invalidValuesEndWithOneLineAndExitCodeTwo(String option, String value, String expected) {
    Path out = tmp.resolve("out-" + option.replace("-", "") + "-" + Math.abs(value.hashCode()));
    Outcome o = run(train(out, option, value));
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), "one line expected, got: " + o.err());
    assertTrue(o.err().contains(expected), "expected «" + expected + "» in «" + o.err() + "»");
    assertTrue(o.err().startsWith("byzspark train: error: "), o.err());
    assertFalse(Files.exists(out), "nothing may be written");
  }

  @Test
  void ruleRequirementIsCheckedBeforeSpark() {
    Path out = tmp.resolve("out-cwtm");
    Outcome o = run(train(out, "--workers", "4", "--byzantine", "2"));
    assertEquals(2, o.code());
    assertTrue(o.err().contains("cwtm needs n > 2f, got n=4 f=2"), o.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void jobFileUnknownKeyNamesTheLine() throws Exception {
    Path job = tmp.resolve("bad.conf");
    Files.writeString(job, "# comment\nworkers = 7\nwrokers = 3\n");
    Outcome o = run(train(tmp.resolve("out-job"), "--job", job.toString()));
    assertEquals(2, o.code());
    assertTrue(o.err().contains("line 3: unknown option 'wrokers'"), o.err());
  }

  @Test
  void aSecondJobFileReplacesTheFirstAsASecondValueOfAnyOptionDoes() throws Exception {
    Path first = tmp.resolve("first.conf");
    Files.writeString(first, "workers = 7\nsteps = 11\n");
    Path second = tmp.resolve("second.conf");
    Files.writeString(second, "workers = 9\n");
    Map<String, List<String>> cl = new java.util.LinkedHashMap<>();
    cl.put("job", List.of(first.toString(), second.toString()));
    org.byzspark.train.TrainConfig cfg =
        TrainCommand.resolve(cl, new org.apache.hadoop.conf.Configuration()).cfg();
    assertEquals(9, cfg.workers());
    assertEquals(800, cfg.steps()); // the first file is not read at all
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    Outcome o = run("train", "--help");
    assertEquals(0, o.code());
    for (Scopt.Opt opt : TrainCommand.options()) {
      assertTrue(o.out().contains("--" + opt.name()), "help lacks --" + opt.name());
      if (opt.defaultValue() != null) {
        assertTrue(
            o.out().contains("(default: " + opt.defaultValue() + ")"),
            "help lacks the default of --" + opt.name());
      }
    }
  }

  @Test
  void anAttackWithStateTrainsWithWholeVectorsAndIsRefusedWithPartialGradients() {
    Path out = tmp.resolve("out-mimic-state");
    String attack = "mimic:target=heuristic,every=3";
    Outcome ok = run(train(out, "--attack", attack, "--validate-only"));
    assertEquals(0, ok.code(), ok.err());
    Outcome hgo = run(train(out, "--attack", attack, "--algorithm", "hgo", "--byzantine", "2"));
    assertEquals(2, hgo.code(), hgo.err());
    assertEquals(1, hgo.err().lines().count(), hgo.err());
    assertTrue(
        hgo.err().contains("--attack: mimic is not allowed with --algorithm hgo"), hgo.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void shardedAggregationIsAllowedWithHgoAndSgd() {
    for (String algorithm : List.of("hgo", "sgd")) {
      Path out = tmp.resolve("out-sharded-" + algorithm);
      Outcome o =
          run(
              train(
                  out,
                  "--aggregation",
                  "sharded",
                  "--algorithm",
                  algorithm,
                  "--byzantine",
                  "2",
                  "--validate-only"));
      assertEquals(0, o.code(), o.err());
      assertFalse(Files.exists(out));
    }
  }

  @Test
  void aggregationThresholdSizes() {
    assertEquals(1L << 30, TrainCommand.size("--x", "1g"));
    assertEquals(512L << 20, TrainCommand.size("--x", "512M"));
    assertEquals(3L << 10, TrainCommand.size("--x", "3KiB"));
    assertEquals(12345, TrainCommand.size("--x", "12345"));
    assertEquals(7, TrainCommand.size("--x", "7b"));
    assertEquals(2L << 40, TrainCommand.size("--x", "2t"));
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    Outcome o = run("trian");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("unknown subcommand 'trian'"), o.err());
  }

  /** The default job file and the built-in defaults are the same experiment. */
  @Test
  void defaultJobEqualsBuiltInDefaults() {
    Path job = Path.of("jobs", "resam-mnist.conf");
    Map<String, List<String>> fromJob = Options.readJob(job.toString(), TrainCommand.options());
    for (Scopt.Opt opt : TrainCommand.options()) {
      if (fromJob.containsKey(opt.name())) {
        String v = fromJob.get(opt.name()).get(0);
        assertEquals(opt.defaultValue(), v, "jobs/resam-mnist.conf " + opt.name());
      }
    }
    assertTrue(fromJob.size() >= 13, "the default job should spell out the RESAM setting");
  }

  @Test
  void preSpecsKeepTheirParameters() {
    assertEquals(
        List.of("nnm", "clip:c=2", "bucketing:s=2,seed=3"),
        TrainCommand.splitPre("nnm,clip:c=2,bucketing:s=2,seed=3"));
  }
}
