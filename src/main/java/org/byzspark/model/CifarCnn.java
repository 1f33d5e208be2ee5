package org.byzspark.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.byzspark.linalg.Gemm;
import org.byzspark.util.Seeds;

/**
 * The convolutional network of RESAM appendix D.3 for CIFAR-10 (introduced by Baruch et al. 2019),
 * command-line name {@code cnn} on 3-channel input:
 *
 * <pre>
 *   (3,32×32)-C(64)-R-B-C(64)-R-B-M-D-C(128)-R-B-C(128)-R-B-M-D-L(128)-R-D-L(10)-S
 *
 *   x (3×32×32) → conv 3×3 pad 1 (64) → ReLU → BN → conv (64) → ReLU → BN → max-pool 2×2 → dropout
 *               → conv (128) → ReLU → BN → conv (128) → ReLU → BN → max-pool 2×2 → dropout
 *               → flatten (c, h, w) (128·8·8 = 8192) → linear 128 → ReLU → dropout → linear 10
 *               → log-softmax, mean cross-entropy over the batch
 * </pre>
 *
 * (ReLU before batch normalisation, in the paper's order; dropout probability 0.25 as D.3 says.)
 *
 * <p>d = (64·27 + 64) + 2·64 + (64·576 + 64) + 2·64 + (128·576 + 128) + 2·128 + (128·1152 + 128) +
 * 2·128 + (128·8192 + 128) + (10·128 + 10) = <b>1,310,922</b>.
 *
 * <p>Parameter layout, in layer order, each tensor row-major as PyTorch stores it: conv1.weight
 * (64, 3, 3, 3), conv1.bias, bn1.weight (γ), bn1.bias (β), conv2.*, bn2.*, conv3.*, bn3.*, conv4.*,
 * bn4.*, fc1.weight (128, 8192), fc1.bias, fc2.weight (10, 128), fc2.bias. Batch normalisation's
 * running statistics are not parameters and are not kept (see below).
 *
 * <p>Initialisation: PyTorch's defaults, U(±1/√fan_in) for convolution and linear weights and
 * biases (fan_in = C_in·9 for a convolution), drawn in layout order from {@code Seeds.rng(seed,
 * INIT)}; γ = 1 and β = 0 for batch normalisation (nothing drawn).
 *
 * <h2>Batch normalisation and dropout: computed per worker on its own mini-batch</h2>
 *
 * <ul>
 *   <li><b>Training</b> ({@link #lossAndGradient}): every batch normalisation uses the statistics
 *       of the worker's own mini-batch (per channel over B·H·W values, biased variance, ε = 1e-5,
 *       as PyTorch's training mode), and its gradient goes through those statistics. Dropout is
 *       PyTorch's inverted dropout (keep with probability 0.75, scale by 1/0.75); the masks of
 *       layer l are drawn from {@code Seeds.rng(noiseSeed, DROPOUT, l)}, where the trainer derives
 *       {@code noiseSeed} from (seed, DROPOUT, step, worker): a recomputed task draws the same
 *       masks, whatever the core count. The seedless {@link #lossAndGradient(double[], Batch,
 *       double[])} uses noiseSeed 0.
 *   <li><b>Evaluation</b> ({@link #predict}, {@link #loss}): dropout is off (identity) and batch
 *       normalisation uses the statistics of the evaluated rows themselves, taken over fixed
 *       consecutive chunks of {@value #EVAL_CHUNK} rows. <em>This differs from PyTorch's eval
 *       mode</em>, which uses running averages accumulated during training: those are state that
 *       changes at every forward pass of every worker, which ByzSpark's model (a vector θ that the
 *       server aggregates) does not have, and whose value in a distributed run depends on which
 *       worker's passes are counted. Statistics of 100 test rows estimate the same population
 *       statistics without that state; the price is that a row's prediction depends on the other
 *       rows of its chunk (the evaluation order is fixed, so results are still deterministic).
 * </ul>
 *
 * <h2>Computation</h2>
 *
 * As {@link Cnn}: activations in the (C, B, H, W) layout, each convolution im2col and one {@link
 * Gemm} product per group of examples. The im2col buffer of the paper's second convolution would be
 * 576 × B·1024 doubles (236 MB for b = 50), so the convolutions walk the batch in groups of
 * examples whose buffer holds at most {@value #COLS_BUDGET} doubles; the forward products are
 * written into their columns of the output (every output element is one fixed-order fma chain, so
 * the grouping does not change its bits), the weight gradient accumulates group after group (a
 * fixed order for a given shape: the bits depend on the shapes, never on the hardware or thread
 * count), and the backward pass recomputes each group's im2col instead of keeping it.
 */
public final class CifarCnn implements Model {
  private static final long serialVersionUID = 1L;

  /** Rows per batch-normalisation group at evaluation. */
  static final int EVAL_CHUNK = 100;

  /** Maximum size in doubles of one im2col buffer (8 MiB of doubles = 64 MB). */
  static final int COLS_BUDGET = 1 << 23;

  /** RESAM D.3's dropout probability. */
  static final double DROPOUT = 0.25;

  private static final int K = 3;
  private static final int PAD = 1;

  private final int side;
  private final int inChannels;
  private final int c1;
  private final int c2;
  private final int hidden;
  private final int numClasses;
  private final int colsBudget;
  private final int s2; // side after the first pooling
  private final int s4; // after the second
  private final int flat;
  private final int dimension;
  // offsets
  private final int[] offW = new int[4];
  private final int[] offB = new int[4];
  private final int[] offG = new int[4];
  private final int[] offBeta = new int[4];
  private final int offF1;
  private final int offFb1;
  private final int offF2;
  private final int offFb2;

  /** The paper's network for 3×32×32 images. */
  public CifarCnn(int numClasses) {
    this(32, 3, 64, 128, 128, numClasses);
  }

  /**
   * The network for {@code inChannels}×side×side images with {@code c1} channels in the first two
   * convolutions, {@code c2} in the last two, and a hidden layer of {@code hidden} units; side must
   * be a multiple of 4 (two 2×2 poolings).
   */
  public CifarCnn(int side, int inChannels, int c1, int c2, int hidden, int numClasses) {
    this(side, inChannels, c1, c2, hidden, numClasses, COLS_BUDGET);
  }

  /** With another im2col budget (tests: several groups per batch). */
  CifarCnn(int side, int inChannels, int c1, int c2, int hidden, int numClasses, int colsBudget) {
    this.colsBudget = colsBudget;
    if (side < 4
        || side % 4 != 0
        || inChannels < 1
        || c1 < 1
        || c2 < 1
        || hidden < 1
        || numClasses < 2) {
      throw new IllegalArgumentException(
          "the CIFAR cnn needs a side that is a positive multiple"
              + " of 4, positive widths and numClasses >= 2, got side "
              + side);
    }
    this.side = side;
    this.inChannels = inChannels;
    this.c1 = c1;
    this.c2 = c2;
    this.hidden = hidden;
    this.numClasses = numClasses;
    this.s2 = side / 2;
    this.s4 = side / 4;
    this.flat = c2 * s4 * s4;
    int[] cin = {inChannels, c1, c1, c2};
    int[] cout = {c1, c1, c2, c2};
    long o = 0;
    for (int l = 0; l < 4; l++) {
      offW[l] = (int) Math.min(o, Integer.MAX_VALUE);
      o += (long) cout[l] * cin[l] * K * K;
      offB[l] = (int) Math.min(o, Integer.MAX_VALUE);
      o += cout[l];
      offG[l] = (int) Math.min(o, Integer.MAX_VALUE);
      o += cout[l];
      offBeta[l] = (int) Math.min(o, Integer.MAX_VALUE);
      o += cout[l];
    }
    long f1 = o;
    long fb1 = f1 + (long) hidden * flat;
    long f2 = fb1 + hidden;
    long fb2 = f2 + (long) numClasses * hidden;
    this.dimension = Dense.checkedDimension("cnn", fb2 + numClasses);
    this.offF1 = (int) f1;
    this.offFb1 = (int) fb1;
    this.offF2 = (int) f2;
    this.offFb2 = (int) fb2;
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
    return inChannels * side * side;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  int offW(int l) {
    return offW[l];
  }

  int offB(int l) {
    return offB[l];
  }

  int offGamma(int l) {
    return offG[l];
  }

  int offBeta(int l) {
    return offBeta[l];
  }

  int offF1() {
    return offF1;
  }

  int offFb1() {
    return offFb1;
  }

  int offF2() {
    return offF2;
  }

  int offFb2() {
    return offFb2;
  }

  private int cin(int l) {
    return l == 0 ? inChannels : l == 1 ? c1 : l == 2 ? c1 : c2;
  }

  private int cout(int l) {
    return l < 2 ? c1 : c2;
  }

  /** Spatial side at the input (and output) of convolution l. */
  private int sideOf(int l) {
    return l < 2 ? side : s2;
  }

  @Override
  public double[] init(long seed) {
    double[] theta = new double[dimension];
    SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.INIT);
    for (int l = 0; l < 4; l++) {
      Dense.initLinear(rng, cin(l) * K * K, cout(l), theta, offW[l], offB[l]);
      Arrays.fill(theta, offG[l], offG[l] + cout(l), 1.0);
      // β = 0: already zero
    }
    Dense.initLinear(rng, flat, hidden, theta, offF1, offFb1);
    Dense.initLinear(rng, hidden, numClasses, theta, offF2, offFb2);
    return theta;
  }

  /** Multiply-adds ×2 of the products of one forward and backward pass on b rows. */
  public long flopsPerGradient(int b) {
    long total = 0;
    for (int l = 0; l < 4; l++) {
      long n = (long) b * sideOf(l) * sideOf(l);
      long conv = 2L * cout(l) * cin(l) * K * K * n;
      total += conv * (l == 0 ? 2 : 3); // forward, ∂W, ∂input (not for the first layer)
    }
    total += 3 * 2L * b * ((long) hidden * flat + (long) numClasses * hidden);
    return total;
  }

  // ---------------------------------------------------------------------------------------------
  // convolution by groups of examples

  /** Examples per im2col group for convolution l. */
  private int group(int l, int b) {
    long perExample = (long) cin(l) * K * K * sideOf(l) * sideOf(l);
    return (int) Math.max(1, Math.min(b, colsBudget / perExample));
  }

  /**
   * out (cout, B·n) = W_l · im2col(in) + bias, where {@code in} is (cin, B, s, s) with the given
   * strides (the first layer reads the batch's (B, C, H, W) rows).
   */
  private void convForward(
      int l, double[] theta, double[] in, int b, int bStride, int cStride, double[] out) {
    int s = sideOf(l);
    int plane = s * s;
    int n = b * plane;
    int kk = cin(l) * K * K;
    int g = group(l, b);
    double[] cols = new double[kk * g * plane];
    for (int e0 = 0; e0 < b; e0 += g) {
      int e = Math.min(g, b - e0);
      int ne = e * plane;
      ConvOps.im2col(in, e0 * bStride, e, cin(l), s, s, bStride, cStride, K, PAD, cols);
      // cols is (kk × ne) with leading dimension ne
      Gemm.mul(cout(l), ne, kk, theta, offW[l], kk, 1, cols, 0, ne, out, e0 * plane, n, false);
    }
    for (int r = 0, i = 0; r < cout(l); r++) {
      double bias = theta[offB[l] + r];
      for (int j = 0; j < n; j++, i++) {
        out[i] += bias;
      }
    }
  }

  /**
   * Backward of convolution l: ∂W (accumulated group after group in ascending examples), ∂b (row
   * sums of δ) into {@code grad}; and, when {@code dIn} is non-null, ∂input (zeroed by the caller,
   * (cin, B, s, s) layout with the given strides).
   */
  private void convBackward(
      int l,
      double[] theta,
      double[] in,
      int b,
      int bStride,
      int cStride,
      double[] delta,
      double[] grad,
      double[] dIn) {
    int s = sideOf(l);
    int plane = s * s;
    int n = b * plane;
    int kk = cin(l) * K * K;
    int g = group(l, b);
    double[] cols = new double[kk * g * plane];
    for (int e0 = 0; e0 < b; e0 += g) {
      int e = Math.min(g, b - e0);
      int ne = e * plane;
      ConvOps.im2col(in, e0 * bStride, e, cin(l), s, s, bStride, cStride, K, PAD, cols);
      Gemm.mulTransB(cout(l), kk, ne, delta, e0 * plane, n, cols, 0, ne, grad, offW[l], kk, e0 > 0);
      if (dIn != null) {
        // ∂cols (kk × ne) = Wᵀ · δ[:, group]
        Gemm.mul(kk, ne, cout(l), theta, offW[l], 1, kk, delta, e0 * plane, n, cols, 0, ne, false);
        ConvOps.col2im(cols, e, cin(l), s, s, bStride, cStride, K, PAD, dIn, e0 * bStride);
      }
    }
    ConvOps.rowSums(delta, cout(l), n, grad, offB[l]);
  }

  // ---------------------------------------------------------------------------------------------
  // forward pass

  /** The activations of one forward pass, kept for the backward pass. */
  private final class Forward {
    final int b;
    final double[] x;
    final int xOff;
    final double[][] relu = new double[4][]; // ReLU outputs (BN inputs), (cout, B·s²)
    final double[][] bn = new double[4][]; // BN outputs
    final double[][] mean = new double[4][];
    final double[][] inv = new double[4][];
    final int[] arg2;
    final int[] arg4;
    final double[] d2; // after pool 1 and dropout: conv3's input, (c1, B, s2, s2)
    final double[] mask2;
    final double[] mask4;
    final double[] f; // (B, flat) after pool 2 and dropout
    final double[] h; // (B, hidden) after ReLU (before dropout)
    final double[] hd; // after dropout
    final double[] maskH;
    final double[] z; // logits

    /** {@code noise} null: evaluation (no dropout); else the masks' generator seed. */
    Forward(double[] theta, double[] x, int xOff, int b, Long noise) {
      this.b = b;
      this.x = x;
      this.xOff = xOff;
      double[] in = x;
      int bStride = inputDim();
      int cStride = side * side;
      int inOff = xOff;
      for (int l = 0; l < 2; l++) {
        int n = b * side * side;
        double[] y = new double[cout(l) * n];
        if (inOff != 0) {
          in = Arrays.copyOfRange(x, xOff, xOff + b * inputDim());
          inOff = 0;
        }
        convForward(l, theta, in, b, bStride, cStride, y);
        block(l, theta, y, n);
        in = bn[l];
        bStride = side * side;
        cStride = n;
      }
      int m2 = b * s2 * s2;
      d2 = new double[c1 * m2];
      arg2 = new int[d2.length];
      ConvOps.maxPool(bn[1], c1 * b, side, side, d2, arg2);
      mask2 = noise == null ? null : new double[d2.length];
      if (noise != null) {
        ConvOps.dropout(d2, d2.length, DROPOUT, Seeds.rng(noise, Seeds.Purpose.DROPOUT, 0), mask2);
      }
      in = d2;
      bStride = s2 * s2;
      cStride = m2;
      for (int l = 2; l < 4; l++) {
        double[] y = new double[cout(l) * m2];
        convForward(l, theta, in, b, bStride, cStride, y);
        block(l, theta, y, m2);
        in = bn[l];
      }
      int q = s4 * s4;
      double[] p4 = new double[c2 * b * q];
      arg4 = new int[p4.length];
      ConvOps.maxPool(bn[3], c2 * b, s2, s2, p4, arg4);
      mask4 = noise == null ? null : new double[p4.length];
      if (noise != null) {
        ConvOps.dropout(p4, p4.length, DROPOUT, Seeds.rng(noise, Seeds.Purpose.DROPOUT, 1), mask4);
      }
      f = new double[b * flat];
      for (int c = 0; c < c2; c++) {
        for (int r = 0; r < b; r++) {
          System.arraycopy(p4, (c * b + r) * q, f, r * flat + c * q, q);
        }
      }
      h = new double[b * hidden];
      Dense.abT(b, hidden, flat, f, 0, theta, offF1, h, 0);
      for (int r = 0, i = 0; r < b; r++) {
        for (int j = 0; j < hidden; j++, i++) {
          double v = h[i] + theta[offFb1 + j];
          h[i] = v > 0 ? v : 0.0;
        }
      }
      if (noise != null) {
        hd = h.clone();
        maskH = new double[h.length];
        ConvOps.dropout(hd, hd.length, DROPOUT, Seeds.rng(noise, Seeds.Purpose.DROPOUT, 2), maskH);
      } else {
        hd = h;
        maskH = null;
      }
      z = new double[b * numClasses];
      Dense.abT(b, numClasses, hidden, hd, 0, theta, offF2, z, 0);
      Dense.addBias(z, b, numClasses, theta, offFb2);
    }

    /** ReLU in place on the convolution output, then batch normalisation. */
    private void block(int l, double[] theta, double[] y, int n) {
      for (int i = 0; i < y.length; i++) {
        double v = y[i];
        y[i] = v > 0 ? v : 0.0;
      }
      relu[l] = y;
      bn[l] = new double[y.length];
      mean[l] = new double[cout(l)];
      inv[l] = new double[cout(l)];
      ConvOps.batchNorm(y, cout(l), n, theta, offG[l], offBeta[l], bn[l], mean[l], inv[l]);
    }
  }

  /** Training-mode loss with the dropout masks of {@code noiseSeed} (for tests). */
  double trainingLoss(double[] theta, Batch batch, long noiseSeed) {
    Dense.check(this, theta, batch, null);
    Forward fw = new Forward(theta, batch.x(), 0, batch.rows(), noiseSeed);
    return Dense.softmaxCrossEntropy(fw.z, batch.rows(), numClasses, batch.y(), false);
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
    return lossAndGradient(theta, batch, grad, 0L);
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad, long noiseSeed) {
    Dense.check(this, theta, batch, grad);
    int b = batch.rows();
    Forward fw = new Forward(theta, batch.x(), 0, b, noiseSeed);
    double[] z = fw.z;
    double loss = Dense.softmaxCrossEntropy(z, b, numClasses, batch.y(), true); // z := δ
    // fc2
    Dense.aTb(numClasses, hidden, b, z, 0, fw.hd, 0, grad, offF2);
    Dense.columnSums(z, b, numClasses, grad, offFb2);
    double[] dh = new double[b * hidden];
    Dense.ab(b, hidden, numClasses, z, 0, theta, offF2, dh, 0);
    ConvOps.mulMask(dh, fw.maskH, dh.length);
    for (int i = 0; i < dh.length; i++) {
      if (!(fw.h[i] > 0)) {
        dh[i] = 0.0;
      }
    }
    // fc1
    Dense.aTb(hidden, flat, b, dh, 0, fw.f, 0, grad, offF1);
    Dense.columnSums(dh, b, hidden, grad, offFb1);
    double[] df = new double[b * flat];
    Dense.ab(b, flat, hidden, dh, 0, theta, offF1, df, 0);
    int q = s4 * s4;
    double[] dp4 = new double[c2 * b * q];
    for (int c = 0; c < c2; c++) {
      for (int r = 0; r < b; r++) {
        System.arraycopy(df, r * flat + c * q, dp4, (c * b + r) * q, q);
      }
    }
    ConvOps.mulMask(dp4, fw.mask4, dp4.length);
    int m2 = b * s2 * s2;
    double[] delta = new double[c2 * m2];
    ConvOps.maxPoolBackward(dp4, fw.arg4, dp4.length, delta);
    // conv4, conv3 (inputs bn[2] and d2, both (C, B, s2, s2))
    for (int l = 3; l >= 2; l--) {
      backBlock(l, theta, fw, delta, m2, grad);
      double[] in = l == 3 ? fw.bn[2] : fw.d2;
      double[] dIn = new double[cin(l) * m2];
      convBackward(l, theta, in, b, s2 * s2, m2, delta, grad, dIn);
      delta = dIn;
    }
    // delta is ∂d2: dropout and pool 1
    ConvOps.mulMask(delta, fw.mask2, delta.length);
    int n1 = b * side * side;
    double[] dbn1 = new double[c1 * n1];
    ConvOps.maxPoolBackward(delta, fw.arg2, delta.length, dbn1);
    delta = dbn1;
    // conv2 (input bn[1]... no: conv2's input is bn[0]), conv1 (input x)
    backBlock(1, theta, fw, delta, n1, grad);
    double[] dIn = new double[c1 * n1];
    convBackward(1, theta, fw.bn[0], b, side * side, n1, delta, grad, dIn);
    delta = dIn;
    backBlock(0, theta, fw, delta, n1, grad);
    convBackward(0, theta, fw.x, b, inputDim(), side * side, delta, grad, null);
    return loss;
  }

  /** ∂(BN output) → ∂(convolution output) of layer l, in place: BN backward, then the ReLU mask. */
  private void backBlock(int l, double[] theta, Forward fw, double[] delta, int n, double[] grad) {
    double[] a = fw.relu[l];
    ConvOps.batchNormBackward(
        delta, a, cout(l), n, theta, offG[l], fw.mean[l], fw.inv[l], grad, offBeta[l]);
    for (int i = 0; i < delta.length; i++) {
      if (!(a[i] > 0)) {
        delta[i] = 0.0;
      }
    }
  }

  @Override
  public double loss(double[] theta, Batch batch) {
    Dense.check(this, theta, batch, null);
    int rows = batch.rows();
    double total = 0;
    for (int r0 = 0; r0 < rows; r0 += EVAL_CHUNK) {
      int b = Math.min(EVAL_CHUNK, rows - r0);
      Forward fw = new Forward(theta, batch.x(), r0 * inputDim(), b, null);
      int[] y = Arrays.copyOfRange(batch.y(), r0, r0 + b);
      total += Dense.softmaxCrossEntropy(fw.z, b, numClasses, y, false) * b;
    }
    return total / rows;
  }

  @Override
  public int[] predict(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    int rows = batch.rows();
    int[] out = new int[rows];
    for (int r0 = 0; r0 < rows; r0 += EVAL_CHUNK) {
      int b = Math.min(EVAL_CHUNK, rows - r0);
      Forward fw = new Forward(theta, batch.x(), r0 * inputDim(), b, null);
      System.arraycopy(Dense.argmaxRows(fw.z, b, numClasses), 0, out, r0, b);
    }
    return out;
  }

  /**
   * The logits, computed on the chunks of {@link #predict} (a row's scores depend on the rows of
   * its chunk, through the batch statistics; see the class comment).
   */
  @Override
  public double[] scores(double[] theta, Batch batch) {
    Dense.checkPredict(this, theta, batch);
    int rows = batch.rows();
    double[] out = new double[rows * numClasses];
    for (int r0 = 0; r0 < rows; r0 += EVAL_CHUNK) {
      int b = Math.min(EVAL_CHUNK, rows - r0);
      Forward fw = new Forward(theta, batch.x(), r0 * inputDim(), b, null);
      System.arraycopy(fw.z, 0, out, r0 * numClasses, b * numClasses);
    }
    return out;
  }

  @Override
  public boolean probabilistic() {
    return true;
  }

  /** (channels, side, side). */
  @Override
  public int[] inputShape() {
    return new int[] {inChannels, side, side};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CifarCnn m
        && m.side == side
        && m.inChannels == inChannels
        && m.c1 == c1
        && m.c2 == c2
        && m.hidden == hidden
        && m.numClasses == numClasses;
  }

  @Override
  public int hashCode() {
    return (((((side * 31 + inChannels) * 31 + c1) * 31 + c2) * 31 + hidden) * 31) + numClasses;
  }

  @Override
  public String toString() {
    return "cnn("
        + inChannels
        + "×"
        + side
        + "×"
        + side
        + ", C("
        + c1
        + ")-R-B-C("
        + c1
        + ")-R-B-M-D-C("
        + c2
        + ")-R-B-C("
        + c2
        + ")-R-B-M-D-L("
        + hidden
        + ")-R-D-L("
        + numClasses
        + "), d="
        + dimension
        + ")";
  }
}
