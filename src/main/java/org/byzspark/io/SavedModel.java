package org.byzspark.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Path;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.model.ModelType;
import org.byzspark.model.Models;
import org.byzspark.model.RegressionModel;
import org.byzspark.model.SparseBatch;
import org.byzspark.util.Params;

/**
 * A trained model as kept on disk: everything needed to rebuild the network ({@link #model()}) and
 * its parameters θ, with the dataset it was trained on. Plain Java plus the Hadoop file system, so
 * it reads and writes local paths, {@code hdfs://}, {@code s3a://}, ...; serializable, so that it
 * can be broadcast to executors as it is.
 *
 * <h2>The model directory (format version {@value #FORMAT_VERSION})</h2>
 *
 * <p>Two files, {@code model.json} and {@code parameters.bin}.
 *
 * <p><b>{@code model.json}</b>, a JSON object:
 *
 * <ul>
 *   <li>{@code format}: {@code "byzspark-model"}; {@code format_version}: {@value #FORMAT_VERSION};
 *   <li>{@code model}: the registry name of the model type ({@code softmax}, {@code mlp}, ...,
 *       {@link Models}); {@code model_params}: its resolved parameters as strings (every declared
 *       parameter with its value, e.g. {@code {"hidden": "100"}});
 *   <li>{@code input_dim}: the width p of an input row as the model takes it (for a regression
 *       model: the features plus the target column, see {@link RegressionModel}); {@code
 *       num_classes}: C (1 for a regression model); {@code input_shape}: (channels, height, width)
 *       for an image model, else null; {@code dimension}: d, the number of parameters; {@code
 *       regression}, {@code probabilistic} ({@link Model#probabilistic()});
 *   <li>{@code data}: {@code dataset} (the canonical {@code --dataset} value, e.g. {@code
 *       libsvm:/data/a9a}), {@code binary_classes} ({@code "POS,NEG"} or null) and {@code seed}
 *       (which picks the held-out test examples of a LIBSVM file without a {@code .t} file): what
 *       rebuilds the test set the run was evaluated on;
 *   <li>{@code training}: {@code steps} and the run's {@code final_test_accuracy} or {@code
 *       final_test_mse} (null when not evaluated);
 *   <li>{@code parameters}: {@code file} ({@code "parameters.bin"}), {@code count} (= d) and {@code
 *       crc32} (the file's trailing checksum, as an unsigned decimal number).
 * </ul>
 *
 * <p><b>{@code parameters.bin}</b>, little-endian, 24 + 8·d bytes:
 *
 * <pre>
 * offset      size  content
 * 0           8     magic, the ASCII bytes "BYZSPARM"
 * 8           4     format version, unsigned 32-bit ({@value #FORMAT_VERSION})
 * 12          8     d, unsigned 64-bit
 * 20          8·d   θ_0 … θ_{d−1}, IEEE 754 binary64 (float64) in the model's layout order
 * 20 + 8·d    4     CRC-32 (the zlib / IEEE 802.3 polynomial) of bytes [0, 20 + 8·d), unsigned 32-bit
 * </pre>
 *
 * (In Python: {@code numpy.frombuffer(data[20:-4], "<f8")}, checked by {@code
 * zlib.crc32(data[:-4])}.) The layout of θ is the model class's (e.g. {@code Mlp}: W1, b1, W2, b2).
 *
 * <h2>Atomicity</h2>
 *
 * {@link #write} writes both files into a hidden temporary directory next to the target and then
 * renames that directory to the target, so a reader finds either no model or a whole one; a model
 * already at the target is first renamed aside and removed after the new one is in place. {@link
 * #read} checks the magic, version, length, the checksum, and that the checksum and d agree with
 * model.json, and fails with one line naming the file and the problem otherwise (a truncated or
 * corrupted file, or files of two different writes).
 */
public final class SavedModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The version written, and the only one read. */
  public static final int FORMAT_VERSION = 1;

  /** The name of the model directory inside a run's output directory. */
  public static final String DIR = "model";

  public static final String MANIFEST = "model.json";
  public static final String PARAMETERS = "parameters.bin";
  static final String FORMAT = "byzspark-model";
  static final byte[] MAGIC = "BYZSPARM".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER = 20;

  /**
   * The data a model was trained on: the canonical {@code --dataset} value, the two classes kept
   * ({@code "POS,NEG"}, or null) and the seed of the run (the LIBSVM hold-out). A plain class, not
   * a record: Spark's Kryo serializer cannot serialise records.
   */
  public static final class Data implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String dataset;
    private final String binaryClasses;
    private final long seed;

    public Data(String dataset, String binaryClasses, long seed) {
      this.dataset = dataset;
      this.binaryClasses = binaryClasses;
      this.seed = seed;
    }

    public String dataset() {
      return dataset;
    }

    public String binaryClasses() {
      return binaryClasses;
    }

    public long seed() {
      return seed;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d
          && d.dataset.equals(dataset)
          && java.util.Objects.equals(d.binaryClasses, binaryClasses)
          && d.seed == seed;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(dataset, binaryClasses, seed);
    }

    @Override
    public String toString() {
      return dataset
          + (binaryClasses == null ? "" : ", binary classes " + binaryClasses)
          + ", seed "
          + seed;
    }
  }

  /**
   * What the run reported at its end: its number of steps and final test accuracy (NaN for a
   * regression model) or test MSE (NaN for a classifier). A plain class (Kryo, see {@link Data}).
   */
  public static final class Training implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long steps;
    private final double finalTestAccuracy;
    private final double finalTestMse;

    public Training(long steps, double finalTestAccuracy, double finalTestMse) {
      this.steps = steps;
      this.finalTestAccuracy = finalTestAccuracy;
      this.finalTestMse = finalTestMse;
    }

    public long steps() {
      return steps;
    }

    public double finalTestAccuracy() {
      return finalTestAccuracy;
    }

    public double finalTestMse() {
      return finalTestMse;
    }
  }

  private final String modelType;
  private final LinkedHashMap<String, String> modelParams; // not a wrapper: Kryo rebuilds it
  private final int inputDim;
  private final int numClasses;
  private final Data data;
  private final Training training;
  private final double[] theta;
  private transient Model model;

  private SavedModel(
      String modelType,
      Map<String, String> modelParams,
      int inputDim,
      int numClasses,
      Data data,
      Training training,
      double[] theta) {
    this.modelType = modelType;
    this.modelParams = new LinkedHashMap<>(modelParams);
    this.inputDim = inputDim;
    this.numClasses = numClasses;
    this.data = data;
    this.training = training;
    this.theta = theta;
    Model m = model(); // checks the name, the parameters and the shape
    if (m.dimension() != theta.length) {
      throw new IllegalArgumentException(
          m
              + " has d = "
              + m.dimension()
              + " parameters, got "
              + theta.length
              + " (model.json and parameters.bin do not belong together)");
    }
  }

  /**
   * A model of registry type {@code modelType} with its resolved parameters, for {@code inputDim}
   * and {@code numClasses}, with parameters {@code theta} (copied).
   *
   * @throws IllegalArgumentException for an unknown type or parameter, or a θ whose length is not
   *     the model's d
   */
  public static SavedModel of(
      String modelType,
      Map<String, String> modelParams,
      int inputDim,
      int numClasses,
      Data data,
      Training training,
      double[] theta) {
    return new SavedModel(
        modelType, modelParams, inputDim, numClasses, data, training, theta.clone());
  }

  /** The registry name of the model type. */
  public String modelType() {
    return modelType;
  }

  /** The resolved parameters of the model type. */
  public Map<String, String> modelParams() {
    return Collections.unmodifiableMap(modelParams);
  }

  /** The width of a row as {@link #model()} takes it (regression: features plus target). */
  public int inputDim() {
    return inputDim;
  }

  /** C, 1 for a regression model. */
  public int numClasses() {
    return numClasses;
  }

  /** The number of features a row given to {@link #predict(double[][])} has. */
  public int featureCount() {
    return isRegression() ? inputDim - 1 : inputDim;
  }

  public boolean isRegression() {
    return model() instanceof RegressionModel;
  }

  /** Whether {@link Predictions#probabilities} are given ({@link Model#probabilistic()}). */
  public boolean isProbabilistic() {
    return model().probabilistic();
  }

  /** (channels, height, width) of an image model, else null. */
  public int[] inputShape() {
    return model().inputShape();
  }

  public Data data() {
    return data;
  }

  public Training training() {
    return training;
  }

  /** d, the number of parameters. */
  public int dimension() {
    return theta.length;
  }

  /** A copy of θ. */
  public double[] parameters() {
    return theta.clone();
  }

  /** The network, rebuilt from the registry (it holds shapes; θ is {@link #parameters()}). */
  public Model model() {
    if (model == null) {
      ModelType type = Models.type(modelType);
      model = type.create(Params.of(modelParams), inputDim, numClasses);
    }
    return model;
  }

  /**
   * What a model says about a batch of rows: for a classifier the predicted classes, the raw scores
   * (rows × C, row-major, {@link Model#scores}) and, when the model is probabilistic, their
   * softmax; for a regression model the predicted values.
   *
   * @param classes predicted class of each row; null for a regression model
   * @param scores rows × C raw scores; null for a regression model
   * @param probabilities rows × C class probabilities; null unless {@link #isProbabilistic()}
   * @param values predicted values; null for a classifier
   */
  public record Predictions(
      int rows,
      int numClasses,
      int[] classes,
      double[] scores,
      double[] probabilities,
      double[] values) {
    /** Row r's prediction as a number: its class, or its value for a regression model. */
    public double prediction(int r) {
      return classes == null ? values[r] : classes[r];
    }

    /** Row r's scores (a copy), or null. */
    public double[] scoresOf(int r) {
      return scores == null
          ? null
          : Arrays.copyOfRange(scores, r * numClasses, (r + 1) * numClasses);
    }

    /** Row r's probabilities (a copy), or null. */
    public double[] probabilitiesOf(int r) {
      return probabilities == null
          ? null
          : Arrays.copyOfRange(probabilities, r * numClasses, (r + 1) * numClasses);
    }
  }

  /**
   * Predictions for feature rows, each of {@link #featureCount()} values (a regression model's
   * target column is not given).
   *
   * @throws IllegalArgumentException when a row has another length
   */
  public Predictions predict(double[][] rows) {
    int p = featureCount();
    double[] x = new double[Math.multiplyExact(rows.length, inputDim)];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != p) {
        throw new IllegalArgumentException(
            "the model takes rows of "
                + p
                + " features, got a row of "
                + rows[r].length
                + " at index "
                + r);
      }
      System.arraycopy(rows[r], 0, x, r * inputDim, p);
    }
    return predict(new Batch(x, new int[rows.length], rows.length, inputDim));
  }

  /**
   * Predictions for a batch of {@link #inputDim()} columns (for a regression model the last one is
   * the target, ignored); the labels are ignored. The batch is computed as one, as the training's
   * evaluation computes its chunks.
   */
  public Predictions predict(Batch batch) {
    Model m = model();
    if (batch.inputDim() != inputDim) {
      throw new IllegalArgumentException(
          "the model takes rows of "
              + featureCount()
              + " features, got "
              + (isRegression() ? batch.inputDim() - 1 : batch.inputDim()));
    }
    if (m instanceof RegressionModel rm) {
      return new Predictions(batch.rows(), 1, null, null, null, rm.predictValues(theta, batch));
    }
    int[] classes = m.predict(theta, batch);
    double[] scores = m.scores(theta, batch);
    return new Predictions(
        batch.rows(),
        numClasses,
        classes,
        scores,
        m.probabilistic() ? softmaxRows(scores, batch.rows(), numClasses) : null,
        null);
  }

  /** {@link #predict(Batch)} for a sparse batch (models that take sparse data). */
  public Predictions predict(SparseBatch batch) {
    Model m = model();
    if (batch.inputDim() != inputDim) {
      throw new IllegalArgumentException(
          "the model takes rows of " + inputDim + " features, got " + batch.inputDim());
    }
    int[] classes = m.predict(theta, batch);
    double[] scores = m.scores(theta, batch);
    return new Predictions(
        batch.rows(),
        numClasses,
        classes,
        scores,
        m.probabilistic() ? softmaxRows(scores, batch.rows(), numClasses) : null,
        null);
  }

  /**
   * The softmax of each row, with the row maximum subtracted; a row with +∞ scores shares the
   * probability among them, a row of −∞ is uniform, a row with NaN is NaN.
   */
  static double[] softmaxRows(double[] z, int rows, int cols) {
    double[] p = new double[z.length];
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      double max = Double.NEGATIVE_INFINITY;
      boolean nan = false;
      for (int c = 0; c < cols; c++) {
        nan |= Double.isNaN(z[o + c]);
        max = Math.max(max, z[o + c]);
      }
      if (nan) {
        Arrays.fill(p, o, o + cols, Double.NaN);
        continue;
      }
      if (max == Double.POSITIVE_INFINITY || max == Double.NEGATIVE_INFINITY) {
        int k = 0;
        for (int c = 0; c < cols; c++) {
          k += z[o + c] == max ? 1 : 0;
        }
        for (int c = 0; c < cols; c++) {
          p[o + c] = z[o + c] == max ? 1.0 / k : 0.0;
        }
        continue;
      }
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        p[o + c] = Math.exp(z[o + c] - max);
        sum += p[o + c];
      }
      for (int c = 0; c < cols; c++) {
        p[o + c] /= sum;
      }
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // writing

  /** The bytes of parameters.bin (see the class comment). */
  byte[] parameterBytes() {
    ByteBuffer buf =
        ByteBuffer.allocate(Math.addExact(HEADER + 4, Math.multiplyExact(8, theta.length)))
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).putInt(FORMAT_VERSION).putLong(theta.length);
    for (double v : theta) {
      buf.putDouble(v);
    }
    CRC32 crc = new CRC32();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    return buf.array();
  }

  private static long crcOf(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    return crc.getValue();
  }

  /** The text of model.json, for parameters whose checksum is {@code crc}. */
  String manifestJson(long crc) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("model", modelType);
    ObjectNode params = root.putObject("model_params");
    modelParams.forEach(params::put);
    root.put("input_dim", inputDim);
    root.put("num_classes", numClasses);
    int[] shape = inputShape();
    if (shape == null) {
      root.putNull("input_shape");
    } else {
      ArrayNode a = root.putArray("input_shape");
      for (int s : shape) {
        a.add(s);
      }
    }
    root.put("dimension", theta.length);
    root.put("regression", isRegression());
    root.put("probabilistic", isProbabilistic());
    ObjectNode d = root.putObject("data");
    d.put("dataset", data.dataset());
    if (data.binaryClasses() == null) {
      d.putNull("binary_classes");
    } else {
      d.put("binary_classes", data.binaryClasses());
    }
    d.put("seed", data.seed());
    ObjectNode t = root.putObject("training");
    t.put("steps", training.steps());
    putNumber(t, "final_test_accuracy", training.finalTestAccuracy());
    putNumber(t, "final_test_mse", training.finalTestMse());
    ObjectNode p = root.putObject("parameters");
    p.put("file", PARAMETERS);
    p.put("count", theta.length);
    p.put("crc32", crc);
    try {
      return json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + MANIFEST, e);
    }
  }

  private static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  /**
   * Writes the model directory {@code dir} (both files) atomically, replacing a model already there
   * (see the class comment); parent directories are created.
   */
  public void write(Path dir, Configuration conf) throws IOException {
    byte[] params = parameterBytes();
    byte[] manifest = manifestJson(crcOf(params)).getBytes(StandardCharsets.UTF_8);
    FileContext fc = AtomicFile.context(dir, conf);
    Path target = fc.makeQualified(dir);
    Path parent = target.getParent();
    String id = UUID.randomUUID().toString();
    Path tmp = new Path(parent, "." + target.getName() + "." + id + ".tmp");
    Path old = new Path(parent, "." + target.getName() + "." + id + ".old");
    boolean movedAside = false;
    try {
      fc.mkdir(tmp, null, true);
      writeFile(fc, new Path(tmp, PARAMETERS), params);
      writeFile(fc, new Path(tmp, MANIFEST), manifest);
      if (fc.util().exists(target)) {
        fc.rename(target, old);
        movedAside = true;
      }
      fc.rename(tmp, target);
      if (movedAside) {
        fc.delete(old, true);
        movedAside = false;
      }
    } finally {
      if (fc.util().exists(tmp)) {
        fc.delete(tmp, true);
      }
      if (movedAside && !fc.util().exists(target)) {
        fc.rename(old, target); // the new model did not land: the old one stays
      }
    }
  }

  private static void writeFile(FileContext fc, Path p, byte[] content) throws IOException {
    try (OutputStream out = fc.create(p, EnumSet.of(CreateFlag.CREATE))) {
      out.write(content);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // reading

  /**
   * Reads the model directory {@code dir}.
   *
   * @throws IllegalArgumentException with one line naming the file and the problem: no model there,
   *     a file that is not a ByzSpark model, another format version, a truncated or corrupted
   *     parameters file, files of two different writes, an unknown model type
   * @throws UncheckedIOException when the file system fails
   */
  public static SavedModel read(Path dir, Configuration conf) {
    try {
      FileContext fc = AtomicFile.context(dir, conf);
      Path mPath = new Path(dir, MANIFEST);
      Path pPath = new Path(dir, PARAMETERS);
      if (!fc.util().exists(dir)) {
        throw new IllegalArgumentException(dir + " does not exist");
      }
      if (!fc.util().exists(mPath)) {
        throw new IllegalArgumentException(
            dir + " is not a saved model (no " + MANIFEST + "); a run writes it in OUT/" + DIR);
      }
      JsonNode m;
      try {
        m = new ObjectMapper().readTree(readAll(fc, mPath));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException(mPath + " is not valid JSON: " + firstLine(e));
      }
      if (m == null || !m.isObject() || !FORMAT.equals(m.path("format").asText())) {
        throw new IllegalArgumentException(
            mPath + " is not a ByzSpark model (no \"format\": \"" + FORMAT + "\")");
      }
      int version = m.path("format_version").asInt(-1);
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            mPath
                + " has format version "
                + m.path("format_version")
                + "; this ByzSpark reads version "
                + FORMAT_VERSION);
      }
      long count = required(m.path("parameters"), "count", mPath).asLong();
      long crc = required(m.path("parameters"), "crc32", mPath).asLong();
      if (!fc.util().exists(pPath)) {
        throw new IllegalArgumentException(dir + " has " + MANIFEST + " but no " + PARAMETERS);
      }
      double[] theta = parseParameters(readAll(fc, pPath), pPath, count, crc);
      Map<String, String> params = new LinkedHashMap<>();
      JsonNode pn = m.path("model_params");
      for (Iterator<Map.Entry<String, JsonNode>> it = pn.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      JsonNode d = m.path("data");
      JsonNode t = m.path("training");
      try {
        return new SavedModel(
            required(m, "model", mPath).asText(),
            params,
            required(m, "input_dim", mPath).asInt(),
            required(m, "num_classes", mPath).asInt(),
            new Data(
                required(d, "dataset", mPath).asText(),
                d.path("binary_classes").isTextual() ? d.path("binary_classes").asText() : null,
                d.path("seed").asLong()),
            new Training(
                t.path("steps").asLong(),
                t.path("final_test_accuracy").isNumber()
                    ? t.path("final_test_accuracy").asDouble()
                    : Double.NaN,
                t.path("final_test_mse").isNumber()
                    ? t.path("final_test_mse").asDouble()
                    : Double.NaN),
            theta);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(mPath + ": " + e.getMessage());
      }
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(dir + ": " + firstLine(e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model in " + dir, e);
    }
  }

  /** θ from the bytes of parameters.bin, checked against model.json's count and checksum. */
  static double[] parseParameters(byte[] bytes, Path file, long count, long crc) {
    if (bytes.length < HEADER + 4
        || !Arrays.equals(Arrays.copyOfRange(bytes, 0, MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException(
          file + " is not a ByzSpark parameters file (no \"BYZSPARM\" header)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int version = buf.getInt(8);
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          file + " has format version " + version + "; this ByzSpark reads " + FORMAT_VERSION);
    }
    long d = buf.getLong(12);
    long expected = HEADER + 4 + 8 * d;
    if (d < 0 || d > Integer.MAX_VALUE || bytes.length != expected) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s is truncated or corrupt: its header says %d parameters (%d bytes), the file has"
                  + " %d bytes",
              file,
              d,
              expected,
              bytes.length));
    }
    long stored = Integer.toUnsignedLong(buf.getInt(bytes.length - 4));
    long computed = crcOf(bytes);
    if (stored != computed) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s is corrupt: its CRC-32 is %d, the file stores %d",
              file,
              computed,
              stored));
    }
    if (d != count || stored != crc) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s does not belong to its %s (%d parameters with CRC-32 %d there, %d with %d"
                  + " here): the two files come from different writes",
              file,
              MANIFEST,
              count,
              crc,
              d,
              stored));
    }
    double[] theta = new double[(int) d];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = buf.getDouble(HEADER + 8 * i);
    }
    return theta;
  }

  private static JsonNode required(JsonNode node, String key, Path file) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(file + " has no \"" + key + "\"");
    }
    return v;
  }

  private static byte[] readAll(FileContext fc, Path p) throws IOException {
    try (InputStream in = fc.open(p)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  private static String firstLine(Exception e) {
    String s = String.valueOf(e.getMessage());
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s%s (p=%d, C=%d, d=%d), trained on %s",
        modelType,
        modelParams.isEmpty() ? "" : modelParams,
        inputDim,
        numClasses,
        theta.length,
        data.dataset());
  }
}
