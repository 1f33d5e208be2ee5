package org.byzspark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: the command line of a {@code byzspark train} run, built option by option. Options
 * keep the order they were first given in; setting an option again replaces its value in place.
 */
public final class TrainArgs {
  private final Map<String, String> options = new LinkedHashMap<>();

  private TrainArgs() {}

  /** A command line of the given {@code --option value} pairs. */
  public static TrainArgs of(String... pairs) {
    return new TrainArgs().set(pairs);
  }

  /**
   * The MNIST-format MLP run of the training, cluster and resume tests: 7 workers, 2 Byzantine with
   * the little attack, cwtm, momentum 0.9, 30 steps of batch 16 at lr 0.5, evaluated every 10
   * steps, checkpointed every 7, seed 3.
   */
  public static TrainArgs mnistMlp(Path mnist) {
    return of(
        "--dataset",
        "mnist:" + mnist,
        "--model",
        "mlp",
        "--workers",
        "7",
        "--byzantine",
        "2",
        "--attack",
        "little",
        "--aggregator",
        "cwtm",
        "--momentum",
        "0.9",
        "--steps",
        "30",
        "--batch-size",
        "16",
        "--lr",
        "0.5",
        "--eval-every",
        "10",
        "--checkpoint-every",
        "7",
        "--seed",
        "3");
  }

  /** Sets {@code --option value} pairs. */
  public TrainArgs set(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("option/value pairs expected: " + List.of(pairs));
    }
    for (int i = 0; i < pairs.length; i += 2) {
      options.put(pairs[i], pairs[i + 1]);
    }
    return this;
  }

  /** Sets {@code --out} and {@code --master}. */
  public TrainArgs out(Path out, String master) {
    return set("--out", out.toString(), "--master", master);
  }

  /** The options as {@code --option value} pairs, without the subcommand. */
  public List<String> options() {
    List<String> a = new ArrayList<>();
    options.forEach(
        (k, v) -> {
          a.add(k);
          a.add(v);
        });
    return a;
  }

  /** {@code train}, the options, then {@code extra} as given. */
  public List<String> list(String... extra) {
    List<String> a = new ArrayList<>();
    a.add("train");
    a.addAll(options());
    a.addAll(List.of(extra));
    return a;
  }

  /** {@link #list} as an array, for {@code Main.run}. */
  public String[] train(String... extra) {
    return list(extra).toArray(String[]::new);
  }
}
