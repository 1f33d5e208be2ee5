package org.byzspark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;
import scala.Tuple2;

/**
 * Any Spark table as training data: a {@code Dataset<Row>} with a features column and a label
 * column becomes {@link TrainingData}, validated and indexed 0..N−1 in a deterministic order,
 * without collecting rows on the driver. The table sources of {@code --dataset} ({@link
 * TableDataset}: {@code parquet:}, {@code orc:}, {@code csv:}, {@code json:}, {@code table:}) read
 * through this class, and so does any caller holding a DataFrame ({@link #fromDataFrame}).
 *
 * <p><b>Columns.</b> The features are one column of Spark ML {@link Vector}s (dense or sparse) or
 * of arrays of numbers, or a comma-separated list of numeric columns assembled in that order. The
 * label is one numeric column. For a classifier a label must be a whole number in 0..C−1; C is the
 * largest training label plus one (at least 2, at most {@value #MAX_CLASSES}) unless the caller
 * states it. For a regression model the label is the real-valued target and becomes the example's
 * last feature column (class 0, one class), as {@link LibsvmDataset#loadRegression} does.
 *
 * <p><b>Order.</b> A table read from files is ordered by file path, then by the start of the file
 * split, then by position inside the split: the files' own row order, whatever the split size
 * (which follows {@code spark.sql.files.maxPartitionBytes} and the default parallelism). The first
 * pass counts the rows of every split (together with the validation), the second gives each row its
 * split's offset plus its position: two passes over the files, no sort. A table without file
 * metadata (a temporary view, which does not pass {@code _metadata} through, or a DataFrame built
 * in memory) is ordered by a 64-bit hash of each row's content (label and features as stored), ties
 * broken by the content itself, so only identical rows tie and their order does not matter. The
 * same rows therefore get the same indices, hence the same workers, on any number of cores or
 * partitions and on a re-read.
 *
 * <p><b>Validation.</b> Before anything is trained, each of these ends the load with one line
 * naming the column and what is allowed: a missing column, a column of the wrong type, a null
 * value, a non-finite feature (or one outside the 32-bit float range), a classifier label that is
 * not a whole number in range, vectors of different sizes, an empty table, a test set whose shape
 * or labels do not fit the training set. Fewer training rows than workers is refused when the data
 * are dealt ({@link WorkerPartitioner#iid}).
 */
public final class TableData {
  /** The most classes a classifier's labels may span (labels 0..MAX_CLASSES−1). */
  public static final int MAX_CLASSES = 65536;

  /** The default {@code --features-col}. */
  public static final String DEFAULT_FEATURES = "features";

  /** The default {@code --label-col}. */
  public static final String DEFAULT_LABEL = "label";

  private TableData() {}

  /**
   * The rows of {@code df} as training data for a classifier ({@code regression} false) or a
   * regression model, with 10% of the rows held out as the test set (the rows whose position in the
   * seeded permutation of purpose {@code HOLDOUT} is lowest, as for {@code libsvm:PATH}). The class
   * count is the largest label plus one.
   *
   * @param featuresCol a Vector or array column, or numeric columns separated by commas
   * @param labelCol a numeric column
   * @throws IllegalArgumentException one line naming what is wrong and what is allowed
   */
  public static TrainingData fromDataFrame(
      Dataset<Row> df, String featuresCol, String labelCol, boolean regression, long seed) {
    return fromDataFrames(df, null, featuresCol, labelCol, regression, 0, seed);
  }

  /**
   * The rows of {@code train} as training data and those of {@code test} as the test set (null: 10%
   * of {@code train} held out, see {@link #fromDataFrame}).
   *
   * @param classes a classifier's class count C (labels 0..C−1); 0: the largest training label plus
   *     one. Ignored for a regression model.
   * @throws IllegalArgumentException one line naming what is wrong and what is allowed
   */
  public static TrainingData fromDataFrames(
      Dataset<Row> train,
      Dataset<Row> test,
      String featuresCol,
      String labelCol,
      boolean regression,
      int classes,
      long seed) {
    return read(
        train,
        "the training table",
        test,
        "the test table",
        columns(featuresCol, labelCol),
        regression,
        classes,
        seed);
  }

  /** The column options: the features column or columns, the label column. */
  public record Columns(String features, String label) implements Serializable {
    public Columns {
      if (features == null || features.isBlank()) {
        throw new IllegalArgumentException(
            "--features-col: an empty value is not allowed; allowed: a Vector or array column,"
                + " or numeric columns separated by commas");
      }
      if (label == null || label.isBlank()) {
        throw new IllegalArgumentException(
            "--label-col: an empty value is not allowed; allowed: a numeric column");
      }
      features = features.strip();
      label = label.strip();
    }

    /** The features column names, in order. */
    public List<String> featureNames() {
      List<String> out = new ArrayList<>();
      for (String s : features.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
      return out;
    }
  }

  /** The default columns ({@code features}, {@code label}) or the given ones. */
  public static Columns columns(String featuresCol, String labelCol) {
    return new Columns(
        featuresCol == null ? DEFAULT_FEATURES : featuresCol,
        labelCol == null ? DEFAULT_LABEL : labelCol);
  }

  /**
   * Reads and validates the training and test tables (test null: 10% held out), naming them {@code
   * trainName} and {@code testName} in errors.
   */
  static TrainingData read(
      Dataset<Row> train,
      String trainName,
      Dataset<Row> test,
      String testName,
      Columns cols,
      boolean regression,
      int classes,
      long seed) {
    Indexed tr = index(train, trainName, cols, regression);
    Summary s = tr.summary();
    int dim = s.size;
    int c;
    if (regression) {
      c = 1;
    } else if (classes > 0) {
      if (classes < 2 || classes > MAX_CLASSES) {
        throw new IllegalArgumentException(
            "classes: " + classes + " is not allowed; allowed: 2.." + MAX_CLASSES);
      }
      if (s.maxLabel >= classes) {
        throw new IllegalArgumentException(
            "--label-col: "
                + trainName
                + " has label "
                + (long) s.maxLabel
                + " in column '"
                + cols.label()
                + "'; allowed: 0.."
                + (classes - 1)
                + " ("
                + classes
                + " classes)");
      }
      c = classes;
    } else {
      c = (int) s.maxLabel + 1;
      if (c < 2) {
        throw new IllegalArgumentException(
            "--label-col: every label of "
                + trainName
                + " in column '"
                + cols.label()
                + "' is 0; allowed: classes 0..C−1 with at least one label >= 1 (C = the largest"
                + " label + 1)");
      }
    }
    int exampleDim = regression ? dim + 1 : dim;
    if (test == null) {
      return LibsvmDataset.holdOut(tr.examples(), s.rows, seed, exampleDim, c);
    }
    Indexed te = index(test, testName, cols, regression);
    Summary t = te.summary();
    if (t.size != dim) {
      throw new IllegalArgumentException(
          "--test-data: "
              + testName
              + " has "
              + t.size
              + " features per row; allowed: "
              + dim
              + ", as the training table");
    }
    if (!regression && t.maxLabel >= c) {
      throw new IllegalArgumentException(
          "--test-data: "
              + testName
              + " has label "
              + (long) t.maxLabel
              + " in column '"
              + cols.label()
              + "'; allowed: 0.."
              + (c - 1)
              + ", the training table's classes");
    }
    return new TrainingData(tr.examples(), s.rows, te.examples(), exampleDim, c);
  }

  /** Examples with indices 0..N−1 (lazy) and the validated summary of their table. */
  record Indexed(JavaRDD<Example> examples, Summary summary) {}

  /**
   * Validates {@code df} (one pass, distributed) and indexes its rows (lazily) in the order of the
   * class comment; fails with one line on the first problem.
   */
  static Indexed index(Dataset<Row> df, String name, Columns cols, boolean regression) {
    StructType schema = df.schema();
    Column label = labelColumn(schema, name, cols);
    List<Column> features = featureColumns(schema, name, cols);
    boolean vector = features.size() == 1 && isVectorOrArray(field(schema, cols.features()));
    List<Column> select = new ArrayList<>();
    select.add(label);
    select.addAll(features);
    boolean files = hasFileMetadata(df);
    if (files) {
      select.add(functions.col("_metadata.file_path"));
      select.add(functions.col("_metadata.file_block_start"));
    }
    Dataset<Row> picked = df.select(select.toArray(Column[]::new));
    Convert convert = new Convert(cols, regression, vector, features.size(), files);
    JavaRDD<Item> items = picked.javaRDD().map(convert::apply);
    List<Summary> parts = items.mapPartitions(it -> List.of(Summary.of(it)).iterator()).collect();
    Summary s = Summary.merge(parts);
    s.check(name, cols, regression);
    JavaRDD<Example> examples = files ? byFileOrder(items, s) : byContent(items);
    return new Indexed(examples, s);
  }

  /** Offsets of the splits in (path, start) order, then each row's offset plus its position. */
  private static JavaRDD<Example> byFileOrder(JavaRDD<Item> items, Summary s) {
    Map<String, Long> offsets = new HashMap<>();
    long next = 0;
    for (Map.Entry<String, Long> e : new TreeMap<>(s.splits).entrySet()) {
      offsets.put(e.getKey(), next);
      next += e.getValue();
    }
    Broadcast<Map<String, Long>> off =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(items.context())
            .broadcast(offsets);
    return items.mapPartitions(
        it -> {
          Map<String, Long> seen = new HashMap<>();
          Map<String, Long> table = off.value();
          List<Example> out = new ArrayList<>();
          while (it.hasNext()) {
            Item r = it.next();
            Long base = table.get(r.split);
            if (base == null) {
              throw new IllegalStateException("file split " + r.split + " was not counted");
            }
            long pos = seen.merge(r.split, 1L, Long::sum) - 1;
            out.add(new Example(base + pos, r.label, r.features));
          }
          return out.iterator();
        },
        true);
  }

  /** Sorted by (hash of the content, content), then numbered. */
  private static JavaRDD<Example> byContent(JavaRDD<Item> items) {
    return items
        .mapToPair(r -> new Tuple2<>(new ContentKey(r.label, r.features), r))
        .sortByKey(true)
        .values()
        .zipWithIndex()
        .map(t -> new Example(t._2(), t._1().label, t._1().features));
  }

  /** Whether the rows come from files whose metadata ({@code _metadata.file_path}) resolves. */
  private static boolean hasFileMetadata(Dataset<Row> df) {
    try {
      df.select(functions.col("_metadata.file_path"), functions.col("_metadata.file_block_start"))
          .schema();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static StructField field(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static boolean isNumeric(DataType t) {
    return t instanceof NumericType || t instanceof DecimalType;
  }

  private static boolean isVectorOrArray(StructField f) {
    if (f == null) {
      return false;
    }
    DataType t = f.dataType();
    return t instanceof UserDefinedType<?> u
            && (Vector.class.isAssignableFrom(u.userClass())
                || org.apache.spark.mllib.linalg.Vector.class.isAssignableFrom(u.userClass()))
        || t instanceof ArrayType a && isNumeric(a.elementType());
  }

  private static String columnList(StructType schema) {
    StringBuilder sb = new StringBuilder();
    for (StructField f : schema.fields()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(f.name()).append(' ').append(f.dataType().simpleString());
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }

  private static Column labelColumn(StructType schema, String name, Columns cols) {
    StructField f = field(schema, cols.label());
    if (f == null) {
      throw new IllegalArgumentException(
          "--label-col: "
              + name
              + " has no column '"
              + cols.label()
              + "'; allowed: a numeric column of "
              + columnList(schema));
    }
    if (!isNumeric(f.dataType())) {
      throw new IllegalArgumentException(
          "--label-col: column '"
              + cols.label()
              + "' of "
              + name
              + " has type "
              + f.dataType().simpleString()
              + "; allowed: a numeric column");
    }
    return functions.col(quoted(cols.label())).cast("double");
  }

  private static List<Column> featureColumns(StructType schema, String name, Columns cols) {
    List<String> names = cols.featureNames();
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "--features-col: '"
              + cols.features()
              + "' names no column; allowed: a Vector or array column, or numeric columns"
              + " separated by commas");
    }
    if (names.size() == 1) {
      StructField f = field(schema, names.get(0));
      if (isVectorOrArray(f)) {
        return List.of(functions.col(quoted(names.get(0))));
      }
    }
    List<Column> out = new ArrayList<>();
    for (String n : names) {
      StructField f = field(schema, n);
      if (f == null) {
        throw new IllegalArgumentException(
            "--features-col: "
                + name
                + " has no column '"
                + n
                + "'; allowed: a Vector or array column, or numeric columns, of "
                + columnList(schema));
      }
      if (!isNumeric(f.dataType())) {
        throw new IllegalArgumentException(
            "--features-col: column '"
                + n
                + "' of "
                + name
                + " has type "
                + f.dataType().simpleString()
                + "; allowed: "
                + (names.size() == 1
                    ? "a Spark ML Vector column, an array of numbers or a numeric column"
                    : "numeric columns"));
      }
      out.add(functions.col(quoted(n)).cast("double"));
    }
    return out;
  }

  /** A column name as Spark's resolver takes it literally (dots and spaces included). */
  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** One converted row: its split key (file order) or null, label, features, or its problem. */
  static final class Item implements Serializable {
    private static final long serialVersionUID = 1L;
    final String split;
    final int label;
    final float[] features;
    final double rawLabel;
    final String problem;

    Item(String split, int label, float[] features, double rawLabel, String problem) {
      this.split = split;
      this.label = label;
      this.features = features;
      this.rawLabel = rawLabel;
      this.problem = problem;
    }
  }

  /** Row → Item, recording (never throwing) what is wrong with the row. */
  private record Convert(Columns cols, boolean regression, boolean vector, int width, boolean files)
      implements Serializable {
    Item apply(Row r) {
      String split = null;
      int base = 1 + (vector ? 1 : width);
      if (files) {
        split =
            r.getString(base)
                + "\u0000"
                + String.format(java.util.Locale.ROOT, "%020d", r.getLong(base + 1));
      }
      if (r.isNullAt(0)) {
        return bad(split, "a row has no value (null) in label column '" + cols.label() + "'");
      }
      double y = r.getDouble(0);
      double[] x;
      if (vector) {
        if (r.isNullAt(1)) {
          return bad(
              split, "a row has no value (null) in features column '" + cols.features() + "'");
        }
        Object v = r.get(1);
        if (v instanceof Vector vec) {
          x = vec.toArray();
        } else if (v instanceof org.apache.spark.mllib.linalg.Vector old) {
          x = old.toArray();
        } else {
          List<Object> list = r.getList(1);
          x = new double[list.size()];
          for (int i = 0; i < x.length; i++) {
            Object o = list.get(i);
            if (o == null) {
              return bad(
                  split, "a row has a null element in features column '" + cols.features() + "'");
            }
            x[i] = ((Number) o).doubleValue();
          }
        }
      } else {
        x = new double[width];
        List<String> names = cols.featureNames();
        for (int i = 0; i < width; i++) {
          if (r.isNullAt(1 + i)) {
            return bad(
                split, "a row has no value (null) in features column '" + names.get(i) + "'");
          }
          x[i] = r.getDouble(1 + i);
        }
      }
      int n = x.length + (regression ? 1 : 0);
      float[] f = new float[n];
      for (int i = 0; i < x.length; i++) {
        f[i] = (float) x[i];
        if (!Float.isFinite(f[i])) {
          String where =
              vector
                  ? "feature " + i + " of column '" + cols.features() + "'"
                  : "column '" + cols.featureNames().get(i) + "'";
          return bad(
              split,
              "a row has "
                  + x[i]
                  + " in "
                  + where
                  + "; allowed: finite numbers (within the 32-bit float range)");
        }
      }
      int label = 0;
      if (regression) {
        f[x.length] = (float) y;
        if (!Float.isFinite(f[x.length])) {
          return bad(
              split,
              "a row has target "
                  + y
                  + " in label column '"
                  + cols.label()
                  + "'; allowed: finite numbers (within the 32-bit float range)");
        }
      } else {
        if (y != Math.rint(y) || y < 0 || y >= MAX_CLASSES) {
          return bad(
              split,
              "a row has label "
                  + y
                  + " in column '"
                  + cols.label()
                  + "'; allowed: a whole number in 0.."
                  + (MAX_CLASSES - 1)
                  + " (classes 0..C−1; real-valued targets need --model linear)");
        }
        label = (int) y;
      }
      return new Item(split, label, f, y, null);
    }

    private static Item bad(String split, String problem) {
      return new Item(split, 0, null, 0, problem);
    }
  }

  /** What one pass over a table found: rows, feature sizes, largest label, splits, a problem. */
  static final class Summary implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    int size = -1;
    int otherSize = -1;
    double maxLabel = Double.NEGATIVE_INFINITY;
    String problem;
    final Map<String, Long> splits = new HashMap<>();

    static Summary of(Iterator<Item> it) {
      Summary s = new Summary();
      while (it.hasNext()) {
        Item r = it.next();
        if (r.split != null) {
          s.splits.merge(r.split, 1L, Long::sum);
        }
        s.rows++;
        if (r.problem != null) {
          if (s.problem == null) {
            s.problem = r.problem;
          }
          continue;
        }
        int n = r.features.length;
        if (s.size < 0) {
          s.size = n;
        } else if (n != s.size && s.otherSize < 0) {
          s.otherSize = n;
        }
        s.maxLabel = Math.max(s.maxLabel, r.rawLabel);
      }
      return s;
    }

    /** The partitions' summaries in partition order: the first problem is the earliest found. */
    static Summary merge(List<Summary> parts) {
      Summary s = new Summary();
      for (Summary p : parts) {
        s.rows += p.rows;
        if (s.problem == null) {
          s.problem = p.problem;
        }
        for (int n : new int[] {p.size, p.otherSize}) {
          if (n >= 0) {
            if (s.size < 0) {
              s.size = n;
            } else if (n != s.size && s.otherSize < 0) {
              s.otherSize = n;
            }
          }
        }
        s.maxLabel = Math.max(s.maxLabel, p.maxLabel);
        p.splits.forEach((k, v) -> s.splits.merge(k, v, Long::sum));
      }
      return s;
    }

    /** One line on the first problem of the table {@code name}. */
    void check(String name, Columns cols, boolean regression) {
      if (rows == 0) {
        throw new IllegalArgumentException(
            "--dataset: " + name + " holds no rows; allowed: a table with at least one row");
      }
      if (problem != null) {
        String option = problem.contains("label") ? "--label-col" : "--features-col";
        throw new IllegalArgumentException(option + ": " + name + ": " + problem);
      }
      int features = regression ? size - 1 : size;
      int other = regression ? otherSize - 1 : otherSize;
      if (otherSize >= 0) {
        int[] both = {features, other};
        Arrays.sort(both);
        throw new IllegalArgumentException(
            "--features-col: rows of "
                + name
                + " have "
                + both[0]
                + " and "
                + both[1]
                + " features in '"
                + cols.features()
                + "'; allowed: the same number in every row");
      }
      if (features < 1) {
        throw new IllegalArgumentException(
            "--features-col: the rows of "
                + name
                + " have no features in '"
                + cols.features()
                + "'; allowed: at least one feature");
      }
      size = features;
    }
  }

  /** The order of rows without file metadata: hash of the content, then the content. */
  static final class ContentKey implements Comparable<ContentKey>, Serializable {
    private static final long serialVersionUID = 1L;
    final long hash;
    final int label;
    final float[] features;

    ContentKey(int label, float[] features) {
      this.label = label;
      this.features = features;
      long h = 0x9E3779B97F4A7C15L ^ label;
      h = mix(h);
      for (float v : features) {
        h = mix(h ^ Float.floatToIntBits(v));
      }
      this.hash = h;
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    @Override
    public int compareTo(ContentKey o) {
      int c = Long.compare(hash, o.hash);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(label, o.label);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(features.length, o.features.length);
      for (int i = 0; c == 0 && i < features.length; i++) {
        c = Integer.compare(Float.floatToIntBits(features[i]), Float.floatToIntBits(o.features[i]));
      }
      return c;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ContentKey k && compareTo(k) == 0;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(hash);
    }
  }
}
