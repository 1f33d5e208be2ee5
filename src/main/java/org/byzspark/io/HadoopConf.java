package org.byzspark.io;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * A Hadoop {@link Configuration} that can be shipped to the executors (in a broadcast): the
 * driver's settings, {@code spark.hadoop.*} included, serialised with {@link Configuration#write}
 * and read back into a configuration that loads no resource files.
 *
 * <p>Executor code that opens files would otherwise create {@code new Configuration()}, which
 * parses Hadoop's XML resources again for every instance (about 4.5 ms each, measured on a 2-core
 * x86_64 machine) and ignores the settings given to Spark. Treat {@link #get} as read-only: one
 * instance is shared by the tasks of an executor.
 */
public final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Configuration conf;

  public HadoopConf(Configuration conf) {
    this.conf = new Configuration(conf);
  }

  /** The configuration (do not modify: it is shared). */
  public Configuration get() {
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
