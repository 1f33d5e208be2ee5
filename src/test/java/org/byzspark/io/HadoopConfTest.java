package org.byzspark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** A Hadoop configuration shipped by Java serialisation keeps the driver's settings. */
class HadoopConfTest {
  @Test
  void serialisationKeepsEverySettingAndCopiesTheConfiguration() throws Exception {
    Configuration driver = new Configuration();
    driver.set("fs.defaultFS", "hdfs://namenode:8020");
    driver.set("byzspark.test.key", "a value");
    HadoopConf shipped = new HadoopConf(driver);
    driver.set("byzspark.test.key", "changed after");
    HadoopConf back = roundTrip(shipped);
    assertEquals("hdfs://namenode:8020", back.get().get("fs.defaultFS"));
    assertEquals("a value", back.get().get("byzspark.test.key"));
    // a default of Hadoop's own resources came along with the driver's copy
    assertEquals(driver.get("io.file.buffer.size"), back.get().get("io.file.buffer.size"));
    assertNotSame(shipped.get(), back.get());
  }

  @Test
  void sparksKryoSerializerCarriesItToo() {
    // the serializer conf/spark-defaults.conf sets; Kryo does not call writeObject/readObject
    Configuration driver = new Configuration();
    driver.set("byzspark.test.key", "through kryo");
    org.apache.spark.serializer.SerializerInstance kryo =
        new org.apache.spark.serializer.KryoSerializer(new org.apache.spark.SparkConf())
            .newInstance();
    scala.reflect.ClassTag<HadoopConf> tag =
        scala.reflect.ClassTag$.MODULE$.apply(HadoopConf.class);
    HadoopConf back = kryo.deserialize(kryo.serialize(new HadoopConf(driver), tag), tag);
    assertEquals("through kryo", back.get().get("byzspark.test.key"));
  }

  private static HadoopConf roundTrip(HadoopConf c) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (HadoopConf) in.readObject();
    }
  }
}
