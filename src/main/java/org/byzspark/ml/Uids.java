package org.byzspark.ml;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.spark.ml.util.Identifiable;

/**
 * The uid of a Params object while its Spark superclass is being constructed. Spark's Scala classes
 * set their uid field before the superclass constructor runs, and that constructor already reads it
 * (every shared Param is created with {@code parent = uid}); a Java constructor cannot assign a
 * field that early, so {@code uid()} reads the uid being constructed here until the field is set.
 */
final class Uids {
  private static final ThreadLocal<Deque<String>> PENDING =
      ThreadLocal.withInitial(ArrayDeque::new);

  private Uids() {}

  /** A new random uid with a prefix, as Spark makes them ({@code prefix_12 hex digits}). */
  static String random(String prefix) {
    return Identifiable.randomUID(prefix);
  }

  /** Starts constructing the object of {@code uid} on this thread. */
  static Pending begin(String uid) {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException("uid: an empty value is not allowed");
    }
    PENDING.get().push(uid);
    return new Pending();
  }

  /** The uid of the innermost object under construction on this thread. */
  static String current() {
    return PENDING.get().peek();
  }

  /** The token of one construction: {@link #end} once the superclass constructor returned. */
  static final class Pending {
    private Pending() {}

    String end() {
      return PENDING.get().pop();
    }
  }
}
