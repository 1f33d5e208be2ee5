package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Lineage} on a real local Spark context: what is destroyed and deleted, and when. */
class LineageIT {
  @TempDir Path tmp;

  @Test
  void broadcastsLiveUntilTheNextCheckpoint() {
    SparkConf conf =
        new SparkConf()
            .setMaster("local[1]")
            .setAppName("LineageIT")
            .set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setCheckpointDir(tmp.resolve("cp").toString());
      Lineage lineage = new Lineage();
      JavaRDD<Integer> data = sc.parallelize(List.of(1, 2, 3), 1);
      JavaRDD<Integer> state = sc.parallelize(List.of(0), 1);
      List<Broadcast<Integer>> all = new ArrayList<>();
      for (int t = 1; t <= 5; t++) {
        Broadcast<Integer> b = lineage.track(sc.broadcast(t));
        all.add(b);
        // as the trainers do: zipPartitions drops its closure (and so b) once checkpointed
        JavaRDD<Integer> next =
            data.zipPartitions(state, (d, st) -> List.of(st.next() + b.value()).iterator()).cache();
        boolean checkpoint = t % 2 == 0;
        if (checkpoint) {
          next.checkpoint();
        }
        next.count();
        if (checkpoint) {
          lineage.afterCheckpoint();
        }
        state = next;
        if (t == 1) {
          assertEquals(1, lineage.tracked());
          assertTrue(all.get(0).isValid());
        }
        if (t == 2) {
          assertEquals(0, lineage.tracked(), "destroyed at the checkpoint");
          assertFalse(all.get(0).isValid());
          assertFalse(all.get(1).isValid());
        }
      }
      // checkpoints at steps 2 and 4
      assertEquals(1, lineage.tracked(), "step 5's broadcast is still needed");
      assertTrue(all.get(4).isValid());
      assertEquals(List.of(15), state.collect(), "1+2+3+4+5");
      lineage.release();
      assertFalse(all.get(4).isValid());
      assertEquals(0, lineage.tracked());
    }
  }
}
