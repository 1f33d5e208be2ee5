package org.byzspark.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.BlockResult;
import org.apache.spark.storage.RDDBlockId;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The RDD operations that training steps run (the worker step, the sharded set's block operations,
 * the evaluations), called on Spark's Scala API with small named function classes instead of
 * through {@code JavaRDD}.
 *
 * <p>{@code JavaRDD}'s operations, and {@code RDD.collect}, wrap the function in a Scala lambda;
 * Spark's closure cleaner then reads and parses, with ASM, the class file of the class that defines
 * that lambda ({@code JavaRDDLike}, {@code RDD}, {@code SparkContext}: hundreds of kilobytes of
 * bytecode) at every call, and serialises the closure once more to check it. A training step calls
 * four or five such operations; on the driver's thread they took about a third of its time (sampled
 * on the default job). Spark's cleaner skips a function object that is not a Scala lambda, so the
 * functions here are instances of named classes: each operation does what the {@code JavaRDD} one
 * does (same RDD classes, same partitioning, same results), without that work. A function that
 * cannot be serialised fails when its task is serialised, with Spark's error.
 */
public final class RddOps {
  private RddOps() {}

  /** A serialisable function of two Java iterators, as {@code JavaRDD.zipPartitions} takes. */
  @FunctionalInterface
  public interface Zip<A, B, V> extends Serializable {
    Iterator<V> call(Iterator<A> a, Iterator<B> b);
  }

  /** A serialisable function of one value. */
  @FunctionalInterface
  public interface Fn<A, B> extends Serializable {
    B call(A a);
  }

  /** The class tag {@code JavaRDD} gives the RDDs it makes (any object). */
  @SuppressWarnings("unchecked")
  private static <T> ClassTag<T> anyRef() {
    return (ClassTag<T>) (ClassTag<?>) ClassTag$.MODULE$.AnyRef();
  }

  /**
   * The partitions of {@code a} and {@code b} zipped by {@code f}, as {@code a.zipPartitions(b,
   * f)}: a {@code ZippedPartitionsRDD2} that does not preserve partitioning (whose {@code
   * clearDependencies} drops the function once the RDD is checkpointed).
   */
  public static <A, B, V> JavaRDD<V> zipPartitions(JavaRDD<A> a, JavaRDD<B> b, Zip<A, B, V> f) {
    ClassTag<V> tv = anyRef();
    RDD<V> z = a.rdd().zipPartitions(b.rdd(), false, new ZipFn<>(f), b.classTag(), tv);
    return new JavaRDD<>(z, tv);
  }

  /** The elements of {@code rdd} for which {@code keep} is true, as {@code rdd.filter(keep)}. */
  @SuppressWarnings("unchecked")
  public static <T> JavaRDD<T> filter(JavaRDD<T> rdd, Fn<T, Boolean> keep) {
    scala.Function1<T, Object> f =
        (scala.Function1<T, Object>) (scala.Function1<?, ?>) new Fn1<>(keep);
    return new JavaRDD<>(rdd.rdd().filter(f), rdd.classTag());
  }

  /** {@code f} of every element, as {@code rdd.map(f)}. */
  public static <T, U> JavaRDD<U> map(JavaRDD<T> rdd, Fn<T, U> f) {
    ClassTag<U> tu = anyRef();
    return new JavaRDD<>(rdd.rdd().map(new Fn1<>(f), tu), tu);
  }

  /** All elements of {@code rdd}, partition after partition, as {@code rdd.collect()}. */
  @SuppressWarnings("unchecked")
  public static <T> List<T> collect(JavaRDD<T> rdd) {
    int parts = rdd.getNumPartitions();
    Object[][] results = new Object[parts][];
    Seq<Object> all =
        CollectionConverters.asScala((Iterable<Object>) (Iterable<?>) Arrays.asList(range(parts)))
            .toSeq();
    rdd.context()
        .runJob(
            rdd.rdd(),
            new ToArray<T>(),
            all,
            new Store(results),
            ClassTag$.MODULE$.apply(Object[].class));
    List<T> out = new ArrayList<>();
    for (Object[] r : results) {
      for (Object x : r) {
        out.add((T) x);
      }
    }
    return out;
  }

  /**
   * The elements of partition {@code p} of the cached {@code rdd} as this JVM's block manager holds
   * them, without a job and without serialisation, or null when the block is not there (not cached
   * yet, evicted, or held by another JVM's executor). In local mode the executors' block manager is
   * the driver's, so a partition that a finished job cached is here: the same objects the task
   * produced.
   */
  @SuppressWarnings("unchecked")
  public static <T> List<T> cachedHere(JavaRDD<T> rdd, int p) {
    Option<BlockResult> block =
        SparkEnv.get().blockManager().getLocalValues(new RDDBlockId(rdd.id(), p));
    if (block.isEmpty()) {
      return null;
    }
    // reading to the end releases the read lock the block manager took for this thread
    scala.collection.Iterator<Object> it = block.get().data();
    List<T> out = new ArrayList<>();
    while (it.hasNext()) {
      out.add((T) it.next());
    }
    return out;
  }

  /** The Scala function object {@link #map} and {@link #filter} hand to Spark (for the tests). */
  static Object scalaFunction(Fn<?, ?> f) {
    return new Fn1<>(f);
  }

  /** The Scala function object {@link #zipPartitions} hands to Spark (for the tests). */
  static Object scalaFunction(Zip<?, ?, ?> f) {
    return new ZipFn<>(f);
  }

  /** The Scala function object {@link #collect} hands to Spark (for the tests). */
  static Object collectFunction() {
    return new ToArray<>();
  }

  private static Integer[] range(int n) {
    Integer[] r = new Integer[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** A partition's elements as an array (runs in the task). */
  private static final class ToArray<T>
      extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, Object[]>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object[] apply(TaskContext ctx, scala.collection.Iterator<T> it) {
      List<Object> xs = new ArrayList<>();
      while (it.hasNext()) {
        xs.add(it.next());
      }
      return xs.toArray();
    }
  }

  /** Puts a partition's result at its index (runs on the driver). */
  private static final class Store extends AbstractFunction2<Object, Object[], BoxedUnit> {
    private final Object[][] results;

    Store(Object[][] results) {
      this.results = results;
    }

    @Override
    public BoxedUnit apply(Object index, Object[] result) {
      results[(Integer) index] = result;
      return BoxedUnit.UNIT;
    }
  }

  private static final class Fn1<A, B> extends AbstractFunction1<A, B> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Fn<A, B> f;

    Fn1(Fn<A, B> f) {
      this.f = f;
    }

    @Override
    public B apply(A a) {
      return f.call(a);
    }
  }

  private static final class ZipFn<A, B, V>
      extends AbstractFunction2<
          scala.collection.Iterator<A>, scala.collection.Iterator<B>, scala.collection.Iterator<V>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Zip<A, B, V> f;

    ZipFn(Zip<A, B, V> f) {
      this.f = f;
    }

    @Override
    public scala.collection.Iterator<V> apply(
        scala.collection.Iterator<A> a, scala.collection.Iterator<B> b) {
      return CollectionConverters.asScala(
          f.call(CollectionConverters.asJava(a), CollectionConverters.asJava(b)));
    }
  }
}
