package org.byzspark.bench;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.byzspark.util.Seeds;

/**
 * The Spark side of {@code scripts/bench-table.sh}: writes a Parquet table of a given size, and
 * times Spark's own reads of it.
 *
 * <pre>
 * generate PATH BYTES SEED   rows of (label int 0..9, features a dense Spark ML Vector of 32
 *                            doubles), written by Spark tasks; prints
 *                            "generated ROWS rows, BYTES bytes, FILES files"
 * read PATH EXECUTORS        once EXECUTORS executors are up: spark.read.parquet(PATH).count(),
 *                            then a scan of every column (written nowhere: format noop), each
 *                            timed; prints "count ROWS ms MS" and "scan ms MS"
 * </pre>
 *
 * <p>Row i is drawn from its own stream, {@code Seeds.rng(seed, SYNTHETIC, 2, i)} (kind 2 of the
 * synthetic coordinates: benchmark tables), so the table depends on the seed and the number of rows
 * only, not on the partitioning. Its label is uniform in 0..9 and its features are standard normal
 * draws, those of the coordinates j with j mod 10 = label shifted by 1.5: the label can be learned.
 * Full-precision random doubles do not compress, so the table's size on disk is close to the size
 * of its rows in the workers' memory (8 bytes a value): a table of B bytes is held by the executors
 * in about B bytes, which is what the benchmark's executors are sized for. (An image-like table
 * such as MNIST's compresses about 13 times in Parquet, and its rows would need 13 times the
 * table's size in the executors.) The number of rows is the requested size over the bytes per row
 * of a 4,000-row sample written first (and removed), so the table's size is close to the request.
 */
public final class TableBench {
  static final int DIM = 32;
  static final int CLASSES = 10;
  static final double SHIFT = 1.5;
  static final long SAMPLE_ROWS = 4000;
  static final long BYTES_PER_PARTITION = 64L << 20;

  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("label", DataTypes.IntegerType, false),
            DataTypes.createStructField("features", SQLDataTypes.VectorType(), false)
          });

  private TableBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2
        || !(args[0].equals("generate") && args.length == 4
            || args[0].equals("read") && args.length == 3)) {
      System.err.println("usage: TableBench generate PATH BYTES SEED | read PATH EXECUTORS");
      System.exit(2);
    }
    SparkSession.Builder builder =
        SparkSession.builder().appName("ByzSpark table benchmark: " + args[0]);
    // an authenticating cluster's secret, from the environment as for scripts/byzspark
    String secret = System.getenv("_SPARK_AUTH_SECRET");
    if (secret != null && !secret.isEmpty()) {
      builder.config("spark.authenticate.secret", secret);
    }
    SparkSession spark = builder.getOrCreate();
    try {
      if (args[0].equals("generate")) {
        generate(spark, args[1], Long.parseLong(args[2]), Long.parseLong(args[3]));
      } else {
        read(spark, args[1], Integer.parseInt(args[2]));
      }
    } finally {
      spark.stop();
    }
  }

  static void generate(SparkSession spark, String path, long bytes, long seed) throws Exception {
    Path target = new Path(path);
    FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path sample = new Path(path + ".sample");
    fs.delete(sample, true);
    write(spark, sample.toString(), SAMPLE_ROWS, 1, seed);
    double perRow = (double) fs.getContentSummary(sample).getLength() / SAMPLE_ROWS;
    fs.delete(sample, true);
    long rows = Math.max(SAMPLE_ROWS, Math.round(bytes / perRow));
    int partitions = (int) Math.max(2, (bytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION);
    write(spark, path, rows, partitions, seed);
    var summary = fs.getContentSummary(target);
    System.out.printf(
        Locale.ROOT,
        "generated %d rows, %d bytes, %d files%n",
        rows,
        summary.getLength(),
        summary.getFileCount());
  }

  static void write(SparkSession spark, String path, long rows, int partitions, long seed) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> parts = IntStream.range(0, partitions).boxed().toList();
    JavaRDD<Row> rdd =
        sc.parallelize(parts, partitions).flatMap(p -> rows(p, partitions, rows, seed));
    spark.createDataFrame(rdd, SCHEMA).write().mode(SaveMode.ErrorIfExists).parquet(path);
  }

  /** Rows rows·p/partitions .. rows·(p+1)/partitions − 1, in order. */
  static Iterator<Row> rows(int p, int partitions, long rows, long seed) {
    long start = rows * p / partitions;
    long end = rows * (p + 1L) / partitions;
    return new Iterator<>() {
      long i = start;

      @Override
      public boolean hasNext() {
        return i < end;
      }

      @Override
      public Row next() {
        if (i >= end) {
          throw new NoSuchElementException();
        }
        return row(seed, i++);
      }
    };
  }

  /** Row {@code i} of the table of {@code seed}. */
  static Row row(long seed, long i) {
    SplittableRandom r = Seeds.rng(seed, Seeds.Purpose.SYNTHETIC, 2, i);
    int label = r.nextInt(CLASSES);
    double[] x = new double[DIM];
    for (int j = 0; j < DIM; j++) {
      x[j] = gaussian(r) + (j % CLASSES == label ? SHIFT : 0);
    }
    return RowFactory.create(label, Vectors.dense(x));
  }

  /** A standard normal draw (Box-Muller, one of the pair). */
  static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble(); // in (0, 1]
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  static void read(SparkSession spark, String path, int executors) throws InterruptedException {
    // the executors' start is not part of the read: wait for them (10 minutes at most)
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + executors + " executors after 10 minutes");
      }
      Thread.sleep(100);
    }
    long t0 = System.nanoTime();
    long rows = spark.read().parquet(path).count();
    long t1 = System.nanoTime();
    spark.read().parquet(path).write().format("noop").mode(SaveMode.Overwrite).save();
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "count %d ms %d%n", rows, (t1 - t0) / 1_000_000);
    System.out.printf(Locale.ROOT, "scan ms %d%n", (t2 - t1) / 1_000_000);
  }
}
