package org.byzspark.model;

import org.byzspark.linalg.Conv;
import org.byzspark.linalg.Gemm;
import org.byzspark.util.Component;
import org.byzspark.util.Seeds;

/**
 * The convolutional network of RESAM appendix D.3 for (Fashion-)MNIST, command-line name {@code
 * cnn}: C(20)-R-M-C(20)-R-M-L(500)-R-L(10)-S, i.e.
 *
 * <pre>
 *   x (1×28×28) → conv 5×5, 20 channels, padding 0, stride 1 → ReLU → max-pool 2×2   (20×12×12)
 *               → conv 5×5, 20 channels                      → ReLU → max-pool 2×2   (20×4×4)
 *               → flatten (PyTorch's (c, h, w) order, 320)   → linear 500 → ReLU → linear 10
 *               → log-softmax, mean cross-entropy over the batch (no regularisation term)
 * </pre>
 *
 * <p>d = (20·25 + 20) + (20·20·25 + 20) + (500·320 + 500) + (10·500 + 10) = 520 + 10,020 + 160,500
 * + 5,010 = <b>176,050</b>.
 *
 * <p>Parameter layout: PyTorch's state_dict order, each tensor row-major: conv1.weight (20, 1, 5,
 * 5), conv1.bias, conv2.weight (20, 20, 5, 5), conv2.bias, fc1.weight (500, 320), fc1.bias,
 * fc2.weight (10, 500), fc2.bias.
 *
 * <p>Initialisation: PyTorch's defaults for {@code nn.Conv2d} and {@code nn.Linear}:
 * kaiming_uniform_(a=√5) weights, which is U(−1/√fan_in, 1/√fan_in), and biases U(−1/√fan_in,
 * 1/√fan_in), with fan_in = C_in·k·k for a convolution (25, 500) and the input width for a linear
 * layer (320, 500); drawn in layout order from {@code Seeds.rng(seed, Seeds.Purpose.INIT)}.
 *
 * <p>Computation: each convolution is im2col (over the whole batch) and one GEMM {@code W·cols}
 * through {@link org.byzspark.linalg.Gemm}; its backward pass is ∂W = δ·colsᵀ, ∂b = row sums of δ
 * and ∂cols = Wᵀ·δ followed by col2im. Max-pooling routes the gradient to the first maximum of each
 * window; ReLU's derivative is 0 at 0 (both as PyTorch). Every sum has a fixed order, so the
 * gradient is bit-identical whatever the core count or CPU. Inner activations are kept as (C, B, H,
 * W), see {@link ConvOps}. Prediction runs in chunks of {@value #CHUNK} rows to bound the im2col
 * buffers.
 *
 * <p>How the sums above are computed (the bits are those of the plain im2col + GEMM form): conv1's
 * im2col orders each example's columns by pooling-window position ({@link ConvOps#im2colPooled}),
 * so bias, ReLU and pooling are one element-wise pass ({@link Conv#biasReluMaxPool4}) that keeps
 * the window position of each maximum; conv2, when its output side is a multiple of 4 (8 for the
 * paper's network), uses {@link Conv}'s implicit-im2col kernels (forward, ∂W, and ∂q1 with col2im
 * fused), reading the pooled activations where they lie; other shapes use im2col buffers, one group
 * of examples at a time.
 *
 * <p>The shape is a parameter (input side, kernel, channels, hidden width) so that tests can check
 * small instances by finite differences; {@link Models} builds the paper's one.
 */
public final class Cnn implements Model {
  private static final long serialVersionUID = 1L;

  /**
   * The registry's declaration: {@code cnn}, RESAM's CNN for the data's shape ({@link #forInput}:
   * this network for square single-channel images, {@link CifarCnn} for square 3-channel ones); its
   * probe shape is MNIST's 784 pixels.
   */
  public static final ModelType TYPE =
      ModelType.of(
              Component.of(
                  "cnn",
                  "RESAM D.3's CNN for the data's shape: square 1-channel images ((Fashion-)MNIST)"
                      + " or square 3-channel ones (CIFAR-10)"),
              (p, inputDim, numClasses) -> forInput(inputDim, numClasses))
          .withProbeInputDim(784);

  static final int CHUNK = 100;

  private final int side;
  private final int kernel;
  private final int c1;
  private final int c2;
  private final int hidden;
  private final int numClasses;
  // derived shapes
  private final int o1; // conv1 output side
  private final int p1; // after pool 1
  private final int o2;
  private final int p2;
  private final int flat;
  private final int dimension;

  /** The paper's network for 28×28 single-channel images and {@code numClasses} classes. */
  public Cnn(int numClasses) {
    this(28, 5, 20, 20, 500, numClasses);
  }

  public Cnn(int side, int kernel, int c1, int c2, int hidden, int numClasses) {
    if (side < 1 || kernel < 1 || c1 < 1 || c2 < 1 || hidden < 1 || numClasses < 2) {
      throw new IllegalArgumentException("cnn needs positive sizes and numClasses >= 2");
    }
    this.side = side;
    this.kernel = kernel;
    this.c1 = c1;
    this.c2 = c2;
    this.hidden = hidden;
    this.numClasses = numClasses;
    this.o1 = ConvOps.convOut(side, kernel, 0);
    this.p1 = o1 / 2;
    this.o2 = ConvOps.convOut(p1, kernel, 0);
    this.p2 = o2 / 2;
    if (p2 < 1) {
      throw new IllegalArgumentException(
          "cnn: "
              + side
              + "×"
              + side
              + " images are too small for"
              + " two "
              + kernel
              + "×"
              + kernel
              + " convolutions and two 2×2 poolings");
    }
    this.flat = c2 * p2 * p2;
    this.dimension =
        Dense.checkedDimension(
            "cnn",
            (long) c1 * kernel * kernel
                + c1
                + (long) c2 * c1 * kernel * kernel
                + c2
                + (long) hidden * flat
                + hidden
                + (long) numClasses * hidden
                + numClasses);
  }

  /**
   * RESAM's CNN for the input shape: {@code inputDim} = side² single-channel pixels gives this
   * network ((Fashion-)MNIST), {@code inputDim} = 3·side² with side a multiple of 4 gives {@link
   * CifarCnn} (CIFAR-10's 3×32×32).
   */
  static Model forInput(int inputDim, int numClasses) {
    int side = (int) Math.round(Math.sqrt(inputDim));
    if (side * side == inputDim) {
      return new Cnn(side, 5, 20, 20, 500, numClasses);
    }
    int s3 = (int) Math.round(Math.sqrt(inputDim / 3.0));
    if (inputDim % 3 == 0 && s3 * s3 * 3 == inputDim && s3 % 4 == 0) {
      return new CifarCnn(s3, 3, 64, 128, 128, numClasses);
    }
    throw new IllegalArgumentException(
        "cnn takes square single-channel images (e.g. 784 = 28×28"
            + " pixels) or square 3-channel images with a side divisible by 4 (e.g. 3072 = 3×32×32),"
            + " got "
            + inputDim
            + " features");
  }

  @Override
  public String name() {
    return "cnn";
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int inputDim() {
    return side * side;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  private int k1() {
    return kernel * kernel;
  }

  private int k2() {
    return c1 * kernel * kernel;
  }

  int offB1() {
    return c1 * k1();
  }

  int offW2() {
    return offB1() + c1;
  }

  int offB2() {
    return offW2() + c2 * k2();
  }

  int offF1() {
    return offB2() + c2;
  }

  int offFb1() {
    return offF1() + hidden * flat;
  }

  int offF2() {
    return offFb1() + hidden;
  }

  int offFb2() {
    return offF2() + numClasses * hidden;
  }

  @Override
  public double[] init(long seed) {
    double[] theta = new double[dimension];
    var rng = Seeds.rng(seed, Seeds.Purpose.INIT);
    Dense.initLinear(rng, k1(), c1, theta, 0, offB1());
    Dense.initLinear(rng, k2(), c2, theta, offW2(), offB2());
    Dense.initLinear(rng, flat, hidden, theta, offF1(), offFb1());
    Dense.initLinear(rng, hidden, numClasses, theta, offF2(), offFb2());
    return theta;
  }

  /** Multiply-adds ×2 of one forward and backward pass on b rows (for benchmarks). */
  public long flopsPerGradient(int b) {
    long n1 = (long) b * o1 * o1;
    long n2 = (long) b * o2 * o2;
    long conv1 = 2L * c1 * k1() * n1;
    long conv2 = 2L * c2 * k2() * n2;
    long fc = 2L * b * ((long) hidden * flat + (long) numClasses * hidden);
    // forward; backward: ∂W of all four layers, ∂input of conv2, fc1, fc2 (not of conv1)
    return conv1 + conv2 + fc + conv1 + 2 * conv2 + 2 * fc;
  }

  /**
   * Examples per group of a convolution: the group's im2col matrix (k·k·C_in rows, g·plane columns)
   * holds at most about {@code budget} doubles, so that it stays in the L2 cache while its products
   * use it, and g·plane is a multiple of 4 (the lane count of {@link Gemm#dotPartials}), so that
   * the weight-gradient chunks of consecutive groups line up with the lanes of one product over the
   * whole batch.
   */
  static int groupSize(int plane, int rowsOfCols, int budget) {
    int g0 = (plane & 1) != 0 ? 4 : (plane & 3) != 0 ? 2 : 1;
    long perGroup = (long) g0 * plane * rowsOfCols;
    return g0 * (int) Math.max(1, budget / perGroup);
  }

  /**
   * Doubles per im2col group buffer (256 KiB, a quarter of this machine's 1 MiB L2, which also
   * holds the group's convolution output and the weights): 2 examples per conv1 group and 1 per
   * conv2 group for the paper's network.
   */
  static final int COLS_BUDGET = 1 << 15;

  /** The activations of one forward pass, kept for the backward pass. */
  private final class Forward {
    final int b;
    final int g1; // examples per conv1 group
    final int g2;
    final double[] q1; // (c1, B, p1, p1) after ReLU and pooling
    final double[] pos1; // for each entry of q1, its window position 0..3 (dy, dx) row-major
    final double[] y2; // (c2, B, o2, o2) after ReLU
    final int[] arg2;
    final double[] f; // (B, flat)
    final double[] h; // (B, hidden) after ReLU
    final double[] z; // (B, classes) logits

    Forward(double[] theta, double[] x, int xOff, int b, int budget) {
      this.b = b;
      int s1 = o1 * o1;
      int ps1 = p1 * p1;
      int m1 = b * ps1;
      q1 = new double[c1 * m1];
      pos1 = new double[c1 * m1];
      g1 = Math.min(b, groupSize(s1, k1(), budget));
      double[] cols1 = new double[k1() * g1 * 4 * ps1];
      double[] y1 = new double[c1 * g1 * 4 * ps1];
      int px = side * side;
      for (int e0 = 0; e0 < b; e0 += g1) {
        conv1Group(theta, x, xOff + e0 * px, e0, Math.min(g1, b - e0), cols1, y1);
      }
      int s2 = o2 * o2;
      int n2 = b * s2;
      y2 = new double[c2 * n2];
      conv2Forward(theta, s2, n2, ps1, m1, budget);
      g2 = Math.min(b, groupSize(s2, k2(), budget));
      ConvOps.addRowBiasRelu(y2, c2, n2, theta, offB2());
      int ps2 = p2 * p2;
      double[] q2 = new double[c2 * b * ps2];
      arg2 = new int[q2.length];
      ConvOps.maxPool(y2, c2 * b, o2, o2, q2, arg2);
      // (c2, B, ps2) → (B, c2·ps2): PyTorch's flatten order (c, h, w) per example
      f = new double[b * flat];
      for (int c = 0; c < c2; c++) {
        for (int r = 0; r < b; r++) {
          System.arraycopy(q2, (c * b + r) * ps2, f, r * flat + c * ps2, ps2);
        }
      }
      h = new double[b * hidden];
      Dense.abT(b, hidden, flat, f, 0, theta, offF1(), h, 0);
      for (int r = 0, i = 0; r < b; r++) {
        for (int j = 0; j < hidden; j++, i++) {
          double v = h[i] + theta[offFb1() + j];
          h[i] = v > 0 ? v : 0.0;
        }
      }
      z = new double[b * numClasses];
      Dense.abT(b, numClasses, hidden, h, 0, theta, offF2(), z, 0);
      Dense.addBias(z, b, numClasses, theta, offFb2());
    }

    /**
     * conv1 of examples [e0, e0 + g) (input from xOff), bias, ReLU and pooling into q1: only the
     * outputs that the pooling reads, with the columns ordered so that the four positions of every
     * window are four planes ({@link ConvOps#im2colPooled}), so the pooling is element-wise.
     */
    private void conv1Group(
        double[] theta, double[] x, int xOff, int e0, int g, double[] cols1, double[] y1) {
      int ps1 = p1 * p1;
      int px = side * side;
      int n = g * 4 * ps1;
      ConvOps.im2colPooled(x, xOff, g, 1, side, side, px, px, kernel, cols1);
      Gemm.mul(c1, n, k1(), theta, 0, k1(), 1, cols1, 0, n, y1, 0, n, false);
      for (int c = 0; c < c1; c++) {
        double bias = theta[offB1() + c];
        for (int e = 0; e < g; e++) {
          Conv.biasReluMaxPool4(
              y1, c * n + e * 4 * ps1, ps1, bias, q1, (c * b + e0 + e) * ps1, pos1);
        }
      }
    }

    /** conv2's products, one group of examples at a time, into y2 (before bias and ReLU). */
    private void conv2Forward(double[] theta, int s2, int n2, int ps1, int m1, int budget) {
      if (Conv.fast(o2)) {
        // no im2col buffer: the kernel reads q1 where it lies (same bits)
        Conv.forward(c2, c1, b, p1, p1, kernel, theta, offW2(), k2(), q1, 0, m1, ps1, y2, 0, n2);
        return;
      }
      int g2 = Math.min(b, groupSize(s2, k2(), budget));
      double[] cols2 = new double[k2() * g2 * s2];
      for (int e0 = 0; e0 < b; e0 += g2) {
        int g = Math.min(g2, b - e0);
        int n = g * s2;
        ConvOps.im2col(q1, e0 * ps1, g, c1, p1, p1, ps1, m1, kernel, 0, cols2);
        Gemm.mul(c2, n, k2(), theta, offW2(), k2(), 1, cols2, 0, n, y2, e0 * s2, n2, false);
      }
    }
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
    return lossAndGradient(theta, batch, grad, COLS_BUDGET);
  }

  /**
   * {@link #lossAndGradient(double[], Batch, double[])} with the im2col groups sized by {@code
   * budget} (doubles); every budget gives the same bits (tests use a small one to check it).
   */
  double lossAndGradient(double[] theta, Batch batch, double[] grad, int budget) {
    Dense.check(this, theta, batch, grad);
    int b = batch.rows();
    Forward fw = new Forward(theta, batch.x(), 0, b, budget);
    double[] z = fw.z;
    double loss = Dense.softmaxCrossEntropy(z, b, numClasses, batch.y(), true); // z := δ
    // fc2
    Dense.aTb(numClasses, hidden, b, z, 0, fw.h, 0, grad, offF2());
    Dense.columnSums(z, b, numClasses, grad, offFb2());
    double[] dh = new double[b * hidden];
    Dense.ab(b, hidden, numClasses, z, 0, theta, offF2(), dh, 0);
    for (int i = 0; i < dh.length; i++) {
      if (!(fw.h[i] > 0)) {
        dh[i] = 0.0;
      }
    }
    // fc1
    Dense.aTb(hidden, flat, b, dh, 0, fw.f, 0, grad, offF1());
    Dense.columnSums(dh, b, hidden, grad, offFb1());
    double[] df = new double[b * flat];
    Dense.ab(b, flat, hidden, dh, 0, theta, offF1(), df, 0);
    // unflatten (B, c2·ps2) → (c2, B, ps2), then unpool into (c2, B, o2, o2) and mask the ReLU
    int ps2 = p2 * p2;
    double[] dq2 = new double[c2 * b * ps2];
    for (int c = 0; c < c2; c++) {
      for (int r = 0; r < b; r++) {
        System.arraycopy(df, r * flat + c * ps2, dq2, (c * b + r) * ps2, ps2);
      }
    }
    int s2 = o2 * o2;
    int n2 = b * s2;
    double[] dy2 = new double[c2 * n2];
    ConvOps.maxPoolReluBackward(dq2, fw.arg2, dq2.length, fw.y2, dy2);
    java.util.Arrays.fill(grad, offB2(), offB2() + c2, 0.0);
    ConvOps.addRowSums(dy2, c2, n2, grad, offB2()); // = rowSums, four rows at a time
    // conv2: ∂W2 = δ·cols2ᵀ summed as one product over the whole batch, ∂q1 = col2im(W2ᵀ·δ)
    int ps1 = p1 * p1;
    int m1 = b * ps1;
    double[] dq1 = new double[c1 * m1];
    double[] part = new double[Math.max(c2 * k2(), c1 * k1()) * 4];
    if (Conv.fast(o2)) {
      // implicit im2col: ∂W2 and col2im(W2ᵀ·δ) read q1 and δ where they lie (same bits)
      Conv.weightGradient(
          c2, c1, b, p1, p1, kernel, dy2, 0, n2, fw.q1, 0, m1, ps1, grad, offW2(), k2());
      Conv.inputGradient(
          c2, c1, b, p1, p1, kernel, theta, offW2(), k2(), dy2, 0, n2, dq1, 0, m1, ps1);
    } else {
      conv2Backward(theta, fw, dy2, n2, dq1, part, grad);
    }

    // conv1, one group at a time: unpool ∂q1 through the ReLU mask (q1 > 0 is the pooled ReLU
    // output at the window's maximum), ∂W1 = δ·cols1ᵀ (the input needs no gradient), ∂b1
    int s1 = o1 * o1;
    int g1 = fw.g1;
    double[] cols1 = new double[k1() * g1 * s1];
    double[] dy1 = new double[c1 * g1 * s1];
    java.util.Arrays.fill(part, 0, c1 * k1() * 4, 0.0);
    java.util.Arrays.fill(grad, offB1(), offB1() + c1, 0.0);
    int px = side * side;
    int tail = 0;
    int tailLd = 0;
    for (int e0 = 0; e0 < b; e0 += g1) {
      int g = Math.min(g1, b - e0);
      int n = g * s1;
      int n4 = n & ~3;
      ConvOps.im2col(batch.x(), e0 * px, g, 1, side, side, px, px, kernel, 0, cols1);
      java.util.Arrays.fill(dy1, 0, c1 * n, 0.0);
      for (int c = 0; c < c1; c++) {
        ConvOps.unpoolRelu4(dq1, fw.pos1, fw.q1, (c * b + e0) * ps1, g, o1, o1, dy1, c * n);
      }
      ConvOps.addRowSums(dy1, c1, n, grad, offB1());
      Gemm.dotPartials(c1, k1(), n4, dy1, 0, n, cols1, 0, n, part);
      tail = n - n4;
      tailLd = n;
    }
    Gemm.dotFinish(
        c1,
        k1(),
        tail,
        dy1,
        tailLd - tail,
        tailLd,
        cols1,
        tailLd - tail,
        tailLd,
        part,
        grad,
        0,
        k1(),
        false);
    return loss;
  }

  /**
   * conv2's backward pass through im2col buffers, one group of examples at a time (for output sides
   * that are not a multiple of 4): ∂W2 = δ·cols2ᵀ summed as one product over the whole batch,
   * ∂cols2 = W2ᵀ·δ, col2im into ∂q1. The same bits as {@link Conv}'s implicit kernels.
   */
  private void conv2Backward(
      double[] theta,
      Forward fw,
      double[] dy2,
      int n2,
      double[] dq1,
      double[] part,
      double[] grad) {
    int b = fw.b;
    int s2 = o2 * o2;
    int ps1 = p1 * p1;
    int m1 = b * ps1;
    int g2 = fw.g2;
    double[] cols2 = new double[k2() * g2 * s2];
    double[] dcols2 = new double[k2() * g2 * s2];
    int tail = 0;
    int tailCol = 0;
    int tailLd = 0;
    for (int e0 = 0; e0 < b; e0 += g2) {
      int g = Math.min(g2, b - e0);
      int n = g * s2;
      int n4 = n & ~3; // n4 < n only for the last group (g2·s2 is a multiple of 4)
      ConvOps.im2col(fw.q1, e0 * ps1, g, c1, p1, p1, ps1, m1, kernel, 0, cols2);
      Gemm.dotPartials(c2, k2(), n4, dy2, e0 * s2, n2, cols2, 0, n, part);
      tail = n - n4;
      tailCol = e0 * s2 + n4;
      tailLd = n;
      Gemm.mul(k2(), n, c2, theta, offW2(), 1, k2(), dy2, e0 * s2, n2, dcols2, 0, n, false);
      ConvOps.col2im(dcols2, g, c1, p1, p1, ps1, m1, kernel, 0, dq1, e0 * ps1);
    }
    Gemm.dotFinish(
        c2,
        k2(),
        tail,
        dy2,
        tailCol,
        n2,
        cols2,
        tailLd - tail,
        tailLd,
        part,
        grad,
        offW2(),
        k2(),
        false);
  }

  @Override
  public double loss(double[] theta, Batch batch) {
    Dense.check(this, theta, batch, null);
    int rows = batch.rows();
    if (rows <= CHUNK) {
      return Dense.softmaxCrossEntropy(
          new Forward(theta, batch.x(), 0, rows, COLS_BUDGET).z,
          rows,
          numClasses,
          batch.y(),
          false);
    }
    double total = 0;
    for (int r0 = 0; r0 < rows; r0 += CHUNK) {
      int b = Math.min(CHUNK, rows - r0);
      Forward fw = new Forward(theta, batch.x(), r0 * inputDim(), b, COLS_BUDGET);
      int[] y = java.util.Arrays.copyOfRange(batch.y(), r0, r0 + b);
      total += Dense.softmaxCrossEntropy(fw.z, b, numClasses, y, false) * b;
    }
    return total / rows;
  }

  @Override
  public int[] predict(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    int rows = batch.rows();
    int[] out = new int[rows];
    for (int r0 = 0; r0 < rows; r0 += CHUNK) {
      int b = Math.min(CHUNK, rows - r0);
      Forward fw = new Forward(theta, batch.x(), r0 * inputDim(), b, COLS_BUDGET);
      System.arraycopy(Dense.argmaxRows(fw.z, b, numClasses), 0, out, r0, b);
    }
    return out;
  }

  /** The logits, computed on the chunks of {@link #predict}. */
  @Override
  public double[] scores(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    int rows = batch.rows();
    double[] out = new double[rows * numClasses];
    for (int r0 = 0; r0 < rows; r0 += CHUNK) {
      int b = Math.min(CHUNK, rows - r0);
      Forward fw = new Forward(theta, batch.x(), r0 * inputDim(), b, COLS_BUDGET);
      System.arraycopy(fw.z, 0, out, r0 * numClasses, b * numClasses);
    }
    return out;
  }

  @Override
  public boolean probabilistic() {
    return true;
  }

  /** (1, side, side). */
  @Override
  public int[] inputShape() {
    return new int[] {1, side, side};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cnn m
        && m.side == side
        && m.kernel == kernel
        && m.c1 == c1
        && m.c2 == c2
        && m.hidden == hidden
        && m.numClasses == numClasses;
  }

  @Override
  public int hashCode() {
    return ((((side * 31 + kernel) * 31 + c1) * 31 + c2) * 31 + hidden) * 31 + numClasses;
  }

  @Override
  public String toString() {
    return "cnn("
        + side
        + "×"
        + side
        + ", k="
        + kernel
        + ", C("
        + c1
        + ")-R-M-C("
        + c2
        + ")-R-M-L("
        + hidden
        + ")-R-L("
        + numClasses
        + "), d="
        + dimension
        + ")";
  }
}
