package org.byzspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The dataset registry: values parse exactly as the former hand-written parser did, every built-in
 * dataset declares the properties it had, and a scoped dataset is parsed, listed and then gone.
 */
class DatasetRegistryTest {
  private static final String TABLES = "parquet:PATH, orc:PATH, csv:PATH, json:PATH or table:NAME";

  private static final String FORMER_ALLOWED =
      "mnist, mnist:DIR, fashion-mnist, fashion-mnist:DIR, cifar10:DIR, libsvm:PATH, "
          + SyntheticData.USAGE
          + ", "
          + TABLES;

  /** The parser before the registry (kind and path, or the error message). */
  private static String former(String value, String dataDir) {
    String v = value.trim();
    for (String kind : new String[] {"mnist", "fashion-mnist"}) {
      if (v.equals(kind)) {
        return kind + "|" + new Path(dataDir, kind);
      }
      if (v.startsWith(kind + ":") && v.length() > kind.length() + 1) {
        return kind + "|" + v.substring(kind.length() + 1);
      }
    }
    if (v.startsWith("cifar10:") && v.length() > 8) {
      return "cifar10|" + v.substring(8);
    }
    if (v.startsWith("synthetic:") || v.equals("synthetic")) {
      try {
        SyntheticData s = SyntheticData.parse(v.equals("synthetic") ? "" : v.substring(10));
        return "synthetic|" + s.toString().substring(10);
      } catch (IllegalArgumentException e) {
        return "error|" + e.getMessage();
      }
    }
    if (v.startsWith("libsvm:") && v.length() > 7) {
      return "libsvm|" + v.substring(7);
    }
    return "error|--dataset: unknown value '" + value + "'; allowed: " + FORMER_ALLOWED;
  }

  private static String now(String value, String dataDir) {
    try {
      DatasetSpec s = DatasetSpec.parse(value, dataDir);
      return s.kind() + "|" + s.path();
    } catch (IllegalArgumentException e) {
      return "error|" + e.getMessage();
    }
  }

  @Test
  void valuesParseAsBefore() {
    assertEquals(FORMER_ALLOWED, DatasetSpec.ALLOWED);
    assertEquals(FORMER_ALLOWED, Datasets.allowed());
    List<String> values =
        List.of(
            "mnist",
            "  mnist ",
            "mnist:/a/b",
            "mnist:",
            "mnist:hdfs://nn:8020/mnist",
            "mnistx",
            "fashion-mnist",
            "fashion-mnist:rel/dir",
            "fashion-mnist:",
            "cifar10:/c",
            "cifar10",
            "cifar10:",
            "libsvm:/f.txt",
            "libsvm:hdfs://nn:8020/a9a",
            "libsvm",
            "libsvm:",
            "synthetic:d=10,examples=5,nnz=1",
            "synthetic:nnz=5, examples=1e3,d=100",
            "synthetic:d=10,examples=5",
            "synthetic",
            "synthetic:",
            "imagenet",
            "hdfs://nn/x",
            ":mnist",
            "");
    for (String v : values) {
      assertEquals(former(v, "/d"), now(v, "/d"), "--dataset '" + v + "'");
    }
  }

  private record Props(
      int dim,
      int classes,
      HorizontalFlip flip,
      boolean regression,
      boolean fetchable,
      boolean sparse) {}

  private static Props props(String value) {
    DatasetSpec s = DatasetSpec.parse(value, "/d");
    return new Props(
        s.knownDim(),
        s.knownClasses(),
        s.augmentation(),
        s.regressionTargets(),
        DatasetSpec.fetchedByLauncher(value),
        s.isSparse());
  }

  @Test
  void builtInDatasetsDeclareTheirProperties() {
    assertEquals(
        List.of(
            "mnist",
            "fashion-mnist",
            "cifar10",
            "libsvm",
            "synthetic",
            "parquet",
            "orc",
            "csv",
            "json",
            "table"),
        Datasets.names());
    assertEquals(new Props(784, 10, null, false, true, false), props("mnist"));
    assertEquals(new Props(784, 10, null, false, false, false), props("mnist:/x"));
    assertEquals(
        new Props(784, 10, new HorizontalFlip(1, 28, 28), false, true, false),
        props("fashion-mnist"));
    assertEquals(
        new Props(3072, 10, new HorizontalFlip(3, 32, 32), false, false, false),
        props("cifar10:/c"));
    assertEquals(new Props(-1, -1, null, true, false, false), props("libsvm:/f"));
    assertEquals(
        new Props(100, 2, null, false, false, true), props("synthetic:d=100,examples=5,nnz=2"));
    assertEquals(
        new SyntheticData(100, 5, 2, 7, 0.1, 3.0, 9),
        DatasetSpec.parse("synthetic:seed=9,d=100,examples=5,nnz=2,test=7,noise=0.1,scale=3", "/d")
            .synthetic());
    assertThrows(IllegalStateException.class, () -> DatasetSpec.parse("mnist", "/d").synthetic());
    assertEquals("libsvm:PATH, " + TABLES, Datasets.regressionUsages());
    assertEquals(new Props(-1, -1, null, true, false, false), props("parquet:/p"));
    assertEquals(new Props(-1, -1, null, true, false, false), props("table:t"));
    assertFalse(DatasetSpec.fetchedByLauncher("nope"));
  }

  @Test
  void regressionNeedsADatasetWithTargets() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainingData.loadRegression(null, DatasetSpec.parse("mnist", "/d"), 1));
    assertEquals(
        "--dataset: a regression model needs a dataset with real-valued targets; allowed:"
            + " libsvm:PATH, "
            + TABLES
            + ", got --dataset mnist",
        e.getMessage());
  }

  /** A dataset of a test: NAME:K gives K-feature rows; nothing to read. */
  private static final class Toy implements DatasetSource {
    @Override
    public String name() {
      return "toy-rows";
    }

    @Override
    public String summary() {
      return "rows of a test";
    }

    @Override
    public String usage() {
      return "toy-rows:K";
    }

    @Override
    public String parse(String argument, String dataDir) {
      return argument == null || !argument.matches("[1-9][0-9]*") ? null : argument;
    }

    @Override
    public void checkPresent(String path, Configuration conf, boolean regression) {}

    @Override
    public int knownDim(String path) {
      return Integer.parseInt(path);
    }

    @Override
    public TrainingData load(JavaSparkContext sc, String path, long seed) {
      throw new IllegalStateException("not loaded in this test");
    }
  }

  @Test
  void aScopedDatasetIsParsedAndListedThenGone() {
    try (var reg = Datasets.register(new Toy())) {
      DatasetSpec s = DatasetSpec.parse("toy-rows:12", "/d");
      assertEquals("toy-rows", s.kind());
      assertEquals(12, s.knownDim());
      assertEquals(-1, s.knownClasses());
      assertNull(s.augmentation());
      assertFalse(s.regressionTargets());
      assertEquals(FORMER_ALLOWED.replace(" or ", ", ") + " or toy-rows:K", Datasets.allowed());
      assertEquals(FORMER_ALLOWED, DatasetSpec.ALLOWED);
      String bad = now("toy-rows:x", "/d");
      assertTrue(bad.endsWith("allowed: " + Datasets.allowed()), bad);
      assertThrows(IllegalStateException.class, () -> Datasets.register(new Toy()));
    }
    assertEquals(FORMER_ALLOWED, Datasets.allowed());
    assertEquals(
        "error|--dataset: unknown value 'toy-rows:12'; allowed: " + FORMER_ALLOWED,
        now("toy-rows:12", "/d"));
  }
}
