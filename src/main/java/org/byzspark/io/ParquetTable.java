package org.byzspark.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A small table of typed columns written as Parquet with the Parquet library's own writer, in the
 * layout Spark's {@code DataFrameWriter.parquet} gives: a directory holding one {@code
 * part-00000-*.snappy.parquet} file and an empty {@code _SUCCESS} marker. Every column is optional
 * (nullable); a {@link Kind#LONG} column is INT64, a {@link Kind#DOUBLE} column DOUBLE and a {@link
 * Kind#STRING} column a UTF-8 string, which is what Spark, pandas and pyarrow read back as long,
 * double and string.
 *
 * <p>Why not Spark SQL: a {@code train} command has no other use for a SparkSession, and starting
 * one to write a table of a few dozen rows took about 3 s, several percent of the default job's
 * whole command.
 *
 * <p>The directory is written beside the target under a hidden name and then renamed over it, so a
 * reader sees the old table or the new one, never a part of one (the old directory is deleted just
 * before the rename).
 */
public final class ParquetTable {
  private ParquetTable() {}

  /** The type of a column. */
  public enum Kind {
    LONG,
    DOUBLE,
    STRING
  }

  /**
   * Writes {@code rows} (each value a {@link Long}, {@link Double} or {@link String} as its
   * column's kind says, or null) to the directory {@code dir}, replacing it.
   */
  public static void write(
      Path dir, List<String> names, List<Kind> kinds, List<Object[]> rows, Configuration conf)
      throws IOException {
    if (names.size() != kinds.size()) {
      throw new IllegalArgumentException(
          names.size() + " column names for " + kinds.size() + " column kinds");
    }
    MessageType schema = schema(names, kinds);
    FileSystem fs = dir.getFileSystem(conf);
    Path target = fs.makeQualified(dir);
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID());
    try {
      Path part = new Path(tmp, "part-00000-" + UUID.randomUUID() + "-c000.snappy.parquet");
      try (ParquetWriter<Object[]> w =
          new Builder(HadoopOutputFile.fromPath(part, conf), schema)
              .withConf(conf)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build()) {
        for (Object[] r : rows) {
          if (r.length != names.size()) {
            throw new IllegalArgumentException(
                "a row of " + r.length + " values in a table of " + names.size() + " columns");
          }
          w.write(r);
        }
      }
      fs.create(new Path(tmp, "_SUCCESS"), true).close();
      if (fs.exists(target)) {
        fs.delete(target, true);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, true);
      }
    }
  }

  /** The Parquet schema of the columns: every column optional. */
  static MessageType schema(List<String> names, List<Kind> kinds) {
    List<Type> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      fields.add(
          switch (kinds.get(i)) {
            case LONG -> Types.optional(PrimitiveTypeName.INT64).named(name);
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            case STRING ->
                Types.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named(name);
          });
    }
    return new MessageType("spark_schema", fields);
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final MessageType schema;

    Builder(OutputFile file, MessageType schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(schema);
    }
  }

  /** Writes one row: its non-null values, each as its column's primitive type. */
  private static final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      consumer.startMessage();
      for (int i = 0; i < row.length; i++) {
        Object v = row[i];
        if (v == null) {
          continue;
        }
        String name = schema.getFieldName(i);
        consumer.startField(name, i);
        switch (schema.getType(i).asPrimitiveType().getPrimitiveTypeName()) {
          case INT64 -> consumer.addLong((Long) v);
          case DOUBLE -> consumer.addDouble((Double) v);
          default -> consumer.addBinary(Binary.fromString((String) v));
        }
        consumer.endField(name, i);
      }
      consumer.endMessage();
    }
  }
}
