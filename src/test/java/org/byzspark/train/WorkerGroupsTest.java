package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.util.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker job's groups: k tasks of consecutive workers that cover every worker once, in order,
 * each preferring where the cached block of its first worker is.
 */
class WorkerGroupsTest {
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = LocalSpark.start("worker-groups-test");
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  @Test
  void groupsAreConsecutiveRangesCoveringEveryWorkerOnce() {
    for (int n = 1; n <= 40; n++) {
      for (int k = 1; k <= n; k++) {
        assertEquals(0, WorkerGroups.start(0, n, k));
        assertEquals(n, WorkerGroups.start(k, n, k));
        for (int g = 0; g < k; g++) {
          int size = WorkerGroups.start(g + 1, n, k) - WorkerGroups.start(g, n, k);
          assertTrue(size == n / k || size == n / k + 1, n + " workers, " + k + " groups: " + size);
        }
      }
    }
  }

  @Test
  void tasksComputeTheirWorkersInOrderWherePreferred() {
    int n = 7;
    List<Integer> workers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      workers.add(i);
    }
    JavaRDD<Integer> data = sc.parallelize(workers, n).persist(StorageLevel.MEMORY_ONLY());
    // before the data is cached, no group has a preference from the cache
    JavaRDD<Integer> first = WorkerGroups.coalesce(sc, data.map(i -> 10 * i), data, 3);
    assertEquals(3, first.getNumPartitions());
    for (int g = 0; g < 3; g++) {
      assertTrue(first.rdd().preferredLocations(first.rdd().partitions()[g]).isEmpty());
    }
    assertEquals(List.of(0, 10, 20, 30, 40, 50, 60), first.collect());
    List<List<Integer>> tasks = first.glom().collect();
    assertEquals(List.of(List.of(0, 10), List.of(20, 30), List.of(40, 50, 60)), tasks);
    // the data is now cached: each group prefers its first worker's executor
    JavaRDD<Integer> next = WorkerGroups.coalesce(sc, data.map(i -> i + 1), data, 3);
    for (int g = 0; g < 3; g++) {
      List<String> prefs =
          scala.jdk.javaapi.CollectionConverters.asJava(
              next.rdd().preferredLocations(next.rdd().partitions()[g]));
      String expected =
          sc.sc().getPreferredLocs(data.rdd(), WorkerGroups.start(g, n, 3)).head().toString();
      assertEquals(List.of(expected), prefs, "group " + g);
      assertTrue(expected.startsWith("executor_"), expected);
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), next.collect());
    // as many tasks as workers, or more: a task per worker, the partitions untouched
    JavaRDD<Integer> each = data.map(i -> i);
    assertSame(each, WorkerGroups.coalesce(sc, each, data, n));
    assertSame(each, WorkerGroups.coalesce(sc, each, data, 100));
    data.unpersist(false);
  }
}
