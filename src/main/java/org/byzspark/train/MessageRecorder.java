package org.byzspark.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.io.MessageFile;
import org.byzspark.io.VectorCsv;

/**
 * {@code train --record-messages STEPS}: at each listed step, writes the n messages the rule
 * receives (honest momenta and forged ones, in the senders' order) to {@code
 * OUT/messages/step-T.csv} ({@link MessageFile}) and the parameters θ_{t−1} they were computed at
 * to {@code OUT/messages/step-T.theta.csv} (one {@link VectorCsv} line), through Hadoop FileSystem.
 *
 * <p>It only reads: it observes the {@link ByzantineStage}'s output ({@link
 * ByzantineStage#withObserver}), so a run with and without recording takes the same steps to the
 * bit. A step whose rule sees partial vectors (HGO segments of fewer than d coordinates) is not
 * recorded. Reading a sharded set collects it to the driver, for the recorded steps only.
 */
public final class MessageRecorder implements ByzantineStage.Observer {
  /** The directory under the run's output directory. */
  public static final String DIR = "messages";

  private final Set<Long> steps;
  private final Path dir;
  private final Configuration conf;
  private final int declaredF;
  private final int d;
  private final Supplier<double[]> theta;

  MessageRecorder(
      Set<Long> steps,
      Path dir,
      Configuration conf,
      int declaredF,
      int d,
      Supplier<double[]> theta) {
    this.steps = steps;
    this.dir = dir;
    this.conf = conf;
    this.declaredF = declaredF;
    this.d = d;
    this.theta = theta;
  }

  /**
   * {@code stage} observed by a recorder of the steps of {@code --record-messages} (unchanged when
   * the option is empty).
   *
   * @param theta the parameters the step's messages are computed at, read when a step is recorded
   */
  public static ByzantineStage attach(
      ByzantineStage stage,
      TrainConfig cfg,
      org.byzspark.io.RunOutput output,
      int declaredF,
      int d,
      Supplier<double[]> theta) {
    Set<Long> steps = steps(cfg.values().get(org.byzspark.options.TrainOptions.RECORD_MESSAGES));
    if (steps.isEmpty()) {
      return stage;
    }
    return stage.withObserver(
        new MessageRecorder(steps, output.path(DIR), new Configuration(), declaredF, d, theta));
  }

  /**
   * The steps of {@code --record-messages}: integers ≥ 1 separated by commas; "" for none.
   *
   * @throws IllegalArgumentException naming the option and what is allowed
   */
  public static Set<Long> steps(String spec) {
    Set<Long> out = new TreeSet<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      long t;
      try {
        t = Long.parseLong(part.strip());
      } catch (NumberFormatException e) {
        t = 0;
      }
      if (t < 1) {
        throw new IllegalArgumentException(
            "--record-messages: '"
                + part.strip()
                + "' is not allowed; allowed: steps >= 1 separated by commas, e.g. 1,100,500");
      }
      out.add(t);
    }
    return out;
  }

  @Override
  public void received(Round round, boolean[] byzantine, VectorSet messages) {
    if (!steps.contains(round.step()) || messages.dimension() != d) {
      return;
    }
    MessageFile file =
        new MessageFile(round.step(), round.seed(), declaredF, byzantine, messages.toArrays());
    try {
      file.write(new Path(dir, MessageFile.name(round.step())), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the messages of step " + round.step(), e);
    }
    VectorCsv.write(
        new Path(dir, MessageFile.thetaName(round.step())).toString(),
        "--record-messages",
        new double[][] {theta.get()},
        conf);
  }
}
