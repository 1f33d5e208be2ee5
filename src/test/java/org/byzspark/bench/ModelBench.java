package org.byzspark.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.byzspark.linalg.Gemm;
import org.byzspark.model.Batch;
import org.byzspark.model.Cnn;
import org.byzspark.model.Mlp;
import org.byzspark.model.Model;

/**
 * Plain timing main behind scripts/bench-models.sh: one worker gradient (b rows) of the MLP and of
 * the MNIST CNN, against this JVM's GEMM rate on square and on the CNN's own shapes, single thread.
 * Prints tab-separated lines {@code name wall-ms wall-gflops cpu-ms cpu-gflops} (medians).
 */
public final class ModelBench {
  private ModelBench() {}

  interface Body {
    void run();
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * Median wall time and median CPU time of this thread (ns) of one call, over {@code reps} timed
   * calls after {@code warm} warm-up ones. The CPU time leaves out the time the thread waits for a
   * core, so on a loaded machine it is the steadier of the two (caches and a shared core's other
   * hardware thread still slow it down); on a quiet machine the two agree.
   */
  static double[] median(Body body, int warm, int reps) {
    for (int i = 0; i < warm; i++) {
      body.run();
    }
    long[] t = new long[reps];
    long[] cpu = new long[reps];
    for (int i = 0; i < reps; i++) {
      long c = THREADS.getCurrentThreadCpuTime();
      long s = System.nanoTime();
      body.run();
      t[i] = System.nanoTime() - s;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - c;
    }
    java.util.Arrays.sort(t);
    java.util.Arrays.sort(cpu);
    return new double[] {t[reps / 2], cpu[reps / 2]};
  }

  static double[] random(SplittableRandom r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble(-1, 1);
    }
    return x;
  }

  /** Prints {@code name, wall ms, wall GFLOP/s, CPU ms, CPU GFLOP/s} (tab-separated). */
  static void report(String name, double[] ns, double flops) {
    System.out.printf(
        Locale.ROOT,
        "%s\t%.3f\t%.2f\t%.3f\t%.2f%n",
        name,
        ns[0] / 1e6,
        flops / ns[0],
        ns[1] / 1e6,
        flops / ns[1]);
  }

  public static void main(String[] args) {
    int b = args.length > 0 ? Integer.parseInt(args[0]) : 25;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    SplittableRandom r = new SplittableRandom(1);
    System.out.println("# vectorized\t" + Gemm.vectorized());
    // GEMM, square
    int n = 512;
    double[] a = random(r, n * n);
    double[] bb = random(r, n * n);
    double[] c = new double[n * n];
    // JIT warm-up of every kernel first (the Vector API is ~100× slower until C2 compiles it)
    Model warmCnn = new Cnn(10);
    double[] wt = warmCnn.init(2);
    Batch wb = new Batch(random(r, b * 784), new int[b], b, 784);
    double[] wg = new double[warmCnn.dimension()];
    for (int i = 0; i < 300; i++) {
      warmCnn.lossAndGradient(wt, wb, wg);
    }
    report(
        "gemm ab 512^3",
        median(() -> Gemm.ab(n, n, n, a, 0, bb, 0, c, 0), 20, 31),
        2.0 * n * n * n);
    report(
        "gemm abT 512^3",
        median(() -> Gemm.abT(n, n, n, a, 0, bb, 0, c, 0), 20, 31),
        2.0 * n * n * n);
    // GEMM, the CNN's biggest shapes at b = 25: conv2 forward 20×1600×500, conv2 ∂W 20×500×1600
    int n2 = b * 64;
    double[] w2 = random(r, 20 * 500);
    double[] cols2 = random(r, 500 * n2);
    double[] y2 = new double[20 * n2];
    report(
        "gemm conv2 fwd 20x" + n2 + "x500",
        median(() -> Gemm.ab(20, n2, 500, w2, 0, cols2, 0, y2, 0), 50, reps),
        2.0 * 20 * n2 * 500);
    double[] dw2 = new double[20 * 500];
    report(
        "gemm conv2 dW 20x500x" + n2,
        median(
            () -> Gemm.mulTransB(20, 500, n2, y2, 0, n2, cols2, 0, n2, dw2, 0, 500, false),
            50,
            reps),
        2.0 * 20 * n2 * 500);
    // one worker gradient
    Model mlp = new Mlp(784, 10);
    Cnn cnn = new Cnn(10);
    for (Model m : new Model[] {mlp, cnn}) {
      double[] theta = m.init(1);
      double[] x = random(r, b * 784);
      int[] y = new int[b];
      for (int i = 0; i < b; i++) {
        y[i] = r.nextInt(10);
      }
      Batch batch = new Batch(x, y, b, 784);
      double[] g = new double[m.dimension()];
      double flops =
          m instanceof Cnn cn
              ? cn.flopsPerGradient(b)
              : 2.0 * b * (2.0 * 784 * 100 + 3.0 * 10 * 100);
      report(
          m.name() + " step b=" + b,
          median(() -> m.lossAndGradient(theta, batch, g), 300, reps),
          flops);
    }
  }
}
