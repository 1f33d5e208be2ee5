package org.byzspark.util;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The embedded Spark of the tests that need one: two cores, no web UI, Kryo, warnings only. */
public final class LocalSpark {
  private LocalSpark() {}

  /** A new local[2] context named {@code app}; the test stops it. */
  public static JavaSparkContext start(String app) {
    return start(app, new SparkConf());
  }

  /** As {@link #start(String)}, with the settings of {@code extra} added. */
  public static JavaSparkContext start(String app, SparkConf extra) {
    JavaSparkContext sc =
        new JavaSparkContext(
            extra
                .setMaster("local[2]")
                .setAppName(app)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
    sc.setLogLevel("WARN");
    return sc;
  }
}
