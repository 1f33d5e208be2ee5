package org.byzspark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.model.Models;
import org.byzspark.model.SparseBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelTest {
  @TempDir java.nio.file.Path tmp;

  private static final Configuration CONF = new Configuration();

  private static SavedModel.Data data() {
    return new SavedModel.Data("libsvm:/somewhere/a9a", "3,5", 7);
  }

  private static SavedModel.Training training() {
    return new SavedModel.Training(40, 0.875, Double.NaN);
  }

  private static double[] randomTheta(Model m, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] t = new double[m.dimension()];
    for (int i = 0; i < t.length; i++) {
      t[i] = rng.nextDouble(-1, 1);
    }
    return t;
  }

  private static double[][] rows(int n, int p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[n][p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        row[j] = rng.nextDouble(-2, 2);
      }
    }
    return x;
  }

  private org.apache.hadoop.fs.Path dir(String name) {
    return new org.apache.hadoop.fs.Path(tmp.resolve(name).toString());
  }

  @Test
  void writeThenReadGivesTheSameModelAndTheSamePredictions() throws IOException {
    Map<String, String> params =
        Models.resolvedParams("mlp:hidden=7", org.byzspark.util.Params.empty());
    Model m = Models.create("mlp:hidden=7", 5, 4);
    double[] theta = randomTheta(m, 1);
    SavedModel saved = SavedModel.of("mlp", params, 5, 4, data(), training(), theta);
    saved.write(dir("model"), CONF);

    SavedModel back = SavedModel.read(dir("model"), CONF);
    assertEquals("mlp", back.modelType());
    assertEquals(Map.of("hidden", "7"), back.modelParams());
    assertEquals(m, back.model());
    assertArrayEquals(theta, back.parameters());
    assertEquals(data(), back.data());
    assertEquals(40, back.training().steps());
    assertEquals(0.875, back.training().finalTestAccuracy());
    assertTrue(Double.isNaN(back.training().finalTestMse()));

    double[][] x = rows(9, 5, 2);
    SavedModel.Predictions a = saved.predict(x);
    SavedModel.Predictions b = back.predict(x);
    assertArrayEquals(a.classes(), b.classes());
    assertArrayEquals(a.scores(), b.scores());
    assertArrayEquals(a.probabilities(), b.probabilities());
    // and they are the model's own predictions on θ
    double[] flat = new double[45];
    for (int r = 0; r < 9; r++) {
      System.arraycopy(x[r], 0, flat, 5 * r, 5);
    }
    assertArrayEquals(m.predict(theta, new Batch(flat, new int[9], 9, 5)), b.classes());
    for (int r = 0; r < 9; r++) {
      double[] p = b.probabilitiesOf(r);
      assertEquals(1.0, p[0] + p[1] + p[2] + p[3], 1e-12);
      int best = 0;
      for (int c = 1; c < 4; c++) {
        best = p[c] > p[best] ? c : best;
      }
      assertEquals(b.classes()[r], best);
      assertEquals(b.classes()[r], b.prediction(r));
    }
    // nothing but the two files, no temporary directory left next to the model
    try (var s = Files.list(tmp)) {
      assertEquals(1, s.count());
    }
    try (var s = Files.list(tmp.resolve("model"))) {
      assertEquals(
          java.util.Set.of("model.json", "parameters.bin"),
          s.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
    }
  }

  @Test
  void survivesSparksKryoSerializerAndJavaSerialization() throws Exception {
    Model m = Models.create("mlp:hidden=3", 4, 3);
    SavedModel saved =
        SavedModel.of("mlp", Map.of("hidden", "3"), 4, 3, data(), training(), randomTheta(m, 9));
    saved.predict(rows(1, 4, 1)); // the model built before shipping, as on the driver
    var kryo =
        new org.apache.spark.serializer.KryoSerializer(new org.apache.spark.SparkConf())
            .newInstance();
    scala.reflect.ClassTag<SavedModel> tag =
        scala.reflect.ClassTag$.MODULE$.apply(SavedModel.class);
    SavedModel viaKryo = kryo.deserialize(kryo.serialize(saved, tag), tag);
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(saved);
    }
    SavedModel viaJava;
    try (var in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      viaJava = (SavedModel) in.readObject();
    }
    double[][] x = rows(6, 4, 3);
    for (SavedModel back : new SavedModel[] {viaKryo, viaJava}) {
      assertEquals(saved.data(), back.data());
      assertEquals(saved.modelParams(), back.modelParams());
      assertEquals(0.875, back.training().finalTestAccuracy());
      assertArrayEquals(saved.predict(x).scores(), back.predict(x).scores());
    }
  }

  @Test
  void parametersFileHasTheDocumentedLayout() throws IOException {
    double[] theta = {1.5, -0.25, 3.0};
    SavedModel saved = SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), theta.clone());
    saved.write(dir("m"), CONF);
    byte[] bytes = Files.readAllBytes(tmp.resolve("m/parameters.bin"));
    assertEquals(24 + 8 * 3, bytes.length);
    assertEquals("BYZSPARM", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1, buf.getInt(8));
    assertEquals(3L, buf.getLong(12));
    assertEquals(1.5, buf.getDouble(20));
    assertEquals(-0.25, buf.getDouble(28));
    assertEquals(3.0, buf.getDouble(36));
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    assertEquals(crc.getValue(), Integer.toUnsignedLong(buf.getInt(bytes.length - 4)));
    String json = Files.readString(tmp.resolve("m/model.json"));
    assertTrue(json.contains("\"crc32\" : " + crc.getValue()), json);
    assertTrue(json.contains("\"format_version\" : 1"), json);
    assertTrue(json.contains("\"binary_classes\" : \"3,5\""), json);
  }

  @Test
  void logisticProbabilitiesAreTheSigmoidOfTheScore() {
    // w = (2, -1), b = 0.5: z(x) = 2 x0 - x1 + 0.5
    SavedModel saved =
        SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), new double[] {2, -1, 0.5});
    SavedModel.Predictions p = saved.predict(new double[][] {{1, 1}, {0, 3}, {0, 0.5}});
    double[] z = {1.5, -2.5, 0.0};
    for (int r = 0; r < 3; r++) {
      assertArrayEquals(new double[] {0, z[r]}, p.scoresOf(r));
      double sig = 1 / (1 + Math.exp(-z[r]));
      assertEquals(sig, p.probabilitiesOf(r)[1], 1e-15);
      assertEquals(1 - sig, p.probabilitiesOf(r)[0], 1e-15);
    }
    assertArrayEquals(new int[] {1, 0, 0}, p.classes()); // z = 0 is class 0, as predict says
  }

  @Test
  void svmGivesRawScoresWithoutProbabilities() {
    SavedModel saved =
        SavedModel.of("svm", Map.of("c", "1.0"), 2, 2, data(), training(), new double[] {1, 1, 0});
    assertFalse(saved.isProbabilistic());
    SavedModel.Predictions p = saved.predict(new double[][] {{1, -3}});
    assertNull(p.probabilities());
    assertArrayEquals(new double[] {0, -2}, p.scoresOf(0));
    assertEquals(0, p.classes()[0]);
  }

  @Test
  void regressionPredictsValuesFromTheFeaturesAlone() throws IOException {
    // linear on 2 features: input_dim 3 (features + target), θ = (w0, w1, b)
    SavedModel saved =
        SavedModel.of(
            "linear",
            Map.of(),
            3,
            1,
            new SavedModel.Data("libsvm:/x", null, 1),
            new SavedModel.Training(5, Double.NaN, 0.5),
            new double[] {2, -1, 0.25});
    saved.write(dir("lin"), CONF);
    SavedModel back = SavedModel.read(dir("lin"), CONF);
    assertTrue(back.isRegression());
    assertEquals(2, back.featureCount());
    SavedModel.Predictions p = back.predict(new double[][] {{1, 1}, {0.5, 4}});
    assertArrayEquals(new double[] {1.25, -2.75}, p.values());
    assertNull(p.classes());
    assertEquals(-2.75, p.prediction(1));
    assertEquals(0.5, back.training().finalTestMse());
    assertNull(back.data().binaryClasses());
  }

  @Test
  void sparseBatchesGiveTheDenseAnswers() {
    Model m = Models.create("softmax", 6, 3);
    double[] theta = randomTheta(m, 3);
    SavedModel saved = SavedModel.of("softmax", Map.of(), 6, 3, data(), training(), theta);
    // rows: {0: 1.0, 4: -2.0}, {2: 0.5}
    SparseBatch sparse =
        new SparseBatch(
            new int[] {0, 2, 3}, new int[] {0, 4, 2}, new double[] {1, -2, 0.5}, new int[2], 2, 6);
    SavedModel.Predictions s = saved.predict(sparse);
    SavedModel.Predictions d = saved.predict(sparse.toDense());
    assertArrayEquals(d.classes(), s.classes());
    assertArrayEquals(d.scores(), s.scores());
  }

  @Test
  void rowsOfTheWrongWidthAreRefused() {
    SavedModel saved =
        SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), new double[] {2, -1, 0.5});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> saved.predict(new double[][] {{1}}));
    assertTrue(e.getMessage().contains("2 features"), e.getMessage());
  }

  @Test
  void aCorruptedParametersFileIsRefused() throws IOException {
    double[] theta = {1, 2, 3};
    SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), theta).write(dir("c"), CONF);
    java.nio.file.Path file = tmp.resolve("c/parameters.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[25] ^= 0x10; // one bit of θ_0
    Files.write(file, bytes);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SavedModel.read(dir("c"), CONF));
    assertTrue(e.getMessage().contains("parameters.bin is corrupt"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));

    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 9)); // truncated
    e = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(dir("c"), CONF));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Files.writeString(file, "not a model");
    e = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(dir("c"), CONF));
    assertTrue(e.getMessage().contains("not a ByzSpark parameters file"), e.getMessage());
  }

  @Test
  void filesOfTwoWritesAreRefused() throws IOException {
    SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), new double[] {1, 2, 3})
        .write(dir("a"), CONF);
    SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), new double[] {1, 2, 4})
        .write(dir("b"), CONF);
    Files.copy(
        tmp.resolve("b/parameters.bin"),
        tmp.resolve("a/parameters.bin"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SavedModel.read(dir("a"), CONF));
    assertTrue(e.getMessage().contains("different writes"), e.getMessage());
  }

  @Test
  void missingOrForeignDirectoriesAreRefused() throws IOException {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SavedModel.read(dir("none"), CONF));
    assertTrue(e.getMessage().endsWith("does not exist"), e.getMessage());
    Files.createDirectories(tmp.resolve("empty"));
    e = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(dir("empty"), CONF));
    assertTrue(e.getMessage().contains("not a saved model"), e.getMessage());
    Files.writeString(tmp.resolve("empty/model.json"), "{\"format\": \"other\"}");
    e = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(dir("empty"), CONF));
    assertTrue(e.getMessage().contains("not a ByzSpark model"), e.getMessage());
  }

  @Test
  void aSecondWriteReplacesTheFirstWhole() throws IOException {
    SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), new double[] {1, 2, 3})
        .write(dir("r"), CONF);
    SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), new double[] {4, 5, 6})
        .write(dir("r"), CONF);
    assertArrayEquals(new double[] {4, 5, 6}, SavedModel.read(dir("r"), CONF).parameters());
    try (var s = Files.list(tmp)) {
      assertEquals(1, s.count()); // neither the temporary nor the old directory remains
    }
  }

  @Test
  void aThetaOfTheWrongLengthIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SavedModel.of("logistic", Map.of(), 2, 2, data(), training(), new double[4]));
    assertTrue(e.getMessage().contains("d = 3"), e.getMessage());
  }

  @Test
  void softmaxRowsStaysDefinedOnInfinitiesAndNaN() {
    double inf = Double.POSITIVE_INFINITY;
    double[] p =
        SavedModel.softmaxRows(
            new double[] {inf, 0, inf, -inf, -inf, -inf, Double.NaN, 1, 2, 1000, 0, -1000}, 4, 3);
    assertArrayEquals(new double[] {0.5, 0, 0.5}, java.util.Arrays.copyOfRange(p, 0, 3));
    assertArrayEquals(
        new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, java.util.Arrays.copyOfRange(p, 3, 6));
    assertTrue(Double.isNaN(p[6]) && Double.isNaN(p[8]));
    assertEquals(1.0, p[9]);
    assertEquals(Math.exp(-1000), p[10]);
  }
}
