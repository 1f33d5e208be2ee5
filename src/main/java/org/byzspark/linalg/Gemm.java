package org.byzspark.linalg;

/**
 * Matrix products whose rounding does not depend on the hardware: the same inputs give the same
 * bits on every CPU (AVX2 or AVX-512, any core count), with or without the Vector API module.
 *
 * <h2>Definition (the summation order is part of the contract)</h2>
 *
 * <p>All matrices are dense, row-major, addressed by an offset into their array and a leading
 * dimension (elements between two rows), so blocks of θ and of a gradient are used in place.
 *
 * <ul>
 *   <li>{@link #mul} (C = op(A)·B, "broadcast" form): every element is one fused multiply-add chain
 *       in ascending p, {@code c = fma(a[i,p], b[p,j], c)} for p = 0, 1, …, k−1, starting from 0
 *       (or from the old c when accumulating). Lanes of a vector FMA are exactly {@link Math#fma},
 *       so the vector kernel and the scalar fallback agree bit for bit, whatever the register
 *       blocking. A is read through two strides, so Aᵀ needs no copy.
 *   <li>{@link #mulTransB} (C = A·Bᵀ, "dot" form, both operands row-major along k): four partial
 *       sums s_l, l = 0..3, where s_l is the fma chain over p ≡ l (mod 4) for p &lt; 4⌊k/4⌋ in
 *       ascending order; then c = (s_0 + s_1) + (s_2 + s_3); then the k mod 4 remaining terms are
 *       added by fma in ascending p; finally the old c is added when accumulating. The four lanes
 *       are those of {@code DoubleVector.SPECIES_256}, fixed whatever the CPU's widest vector.
 * </ul>
 *
 * <h2>Why</h2>
 *
 * <p>netlib's VectorBLAS picks its vector species from the hardware ({@code SPECIES_PREFERRED}), so
 * its dot products are summed in 8 lanes on AVX-512 and in 4 on AVX2: a task recomputed on an
 * executor with another vector width returned other bits. Here the lane count is fixed (or there
 * are no cross-lane sums at all), so every CPU that implements IEEE 754 fma computes the same
 * result; only the speed differs.
 *
 * <h2>Performance</h2>
 *
 * <p>{@code mul} holds a 4×16 block of C in sixteen 256-bit registers (4×8 and single rows for the
 * column tails) and streams a k×16 panel of B against broadcast elements of A, in blocks of 256
 * values of k so that the panel stays in L1 (each element's fma chain continues through C from one
 * block to the next, so the blocking changes no bit); {@code mulTransB} holds a 4×4 block of C as
 * sixteen 4-lane partial sums (2×4, 4×1 and single ones at the edges) and walks k in blocks of
 * {@value #KC} so that the A and B rows it rereads stay in L2. Neither packs its operands. Without
 * the {@code jdk.incubator.vector} module (JVM option {@code --add-modules=jdk.incubator.vector})
 * both fall back to scalar code computing the same bits, about four times slower.
 */
public final class Gemm {
  private Gemm() {}

  /** Block of k walked by the dot kernel before moving to the next tile. */
  static final int KC = 512;

  private static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("byzspark.scalarGemm");

  /** Whether the Vector API kernels are in use (else the bit-identical scalar fallback). */
  public static boolean vectorized() {
    return VECTOR;
  }

  /**
   * C(m×n) = A·B, or C += A·B when {@code accumulate}, with B row-major k×n (leading dimension ldb)
   * and C row-major m×n (leading dimension ldc). Element (i, p) of A is {@code a[offA + i·ars +
   * p·acs]}: (ars, acs) = (lda, 1) for a row-major A (m×k), (1, lda) for Aᵀ when A is stored k×m.
   */
  public static void mul(
      int m,
      int n,
      int k,
      double[] a,
      int offA,
      int ars,
      int acs,
      double[] b,
      int offB,
      int ldb,
      double[] c,
      int offC,
      int ldc,
      boolean accumulate) {
    checkShape(m, n, k);
    if (m == 0 || n == 0) {
      return;
    }
    if (VECTOR) {
      GemmVector.mul(m, n, k, a, offA, ars, acs, b, offB, ldb, c, offC, ldc, accumulate);
    } else {
      mulScalar(0, m, 0, n, k, a, offA, ars, acs, b, offB, ldb, c, offC, ldc, accumulate);
    }
  }

  /** Row-major C(m×n) = A(m×k)·B(k×n), overwriting C (tight leading dimensions). */
  public static void ab(
      int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
    mul(m, n, k, a, offA, k, 1, b, offB, n, c, offC, n, false);
  }

  /** Row-major C(m×n) = A(k×m)ᵀ·B(k×n), overwriting C (tight leading dimensions). */
  public static void aTb(
      int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
    mul(m, n, k, a, offA, 1, m, b, offB, n, c, offC, n, false);
  }

  /** Row-major C(m×n) = A(m×k)·B(n×k)ᵀ, overwriting C (tight leading dimensions). */
  public static void abT(
      int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
    mulTransB(m, n, k, a, offA, k, b, offB, k, c, offC, n, false);
  }

  /**
   * C(m×n) = A·Bᵀ, or C += A·Bᵀ when {@code accumulate}, with A row-major m×k (leading dimension
   * lda), B row-major n×k (leading dimension ldb), C row-major (ldc); summed as in the class
   * comment.
   */
  public static void mulTransB(
      int m,
      int n,
      int k,
      double[] a,
      int offA,
      int lda,
      double[] b,
      int offB,
      int ldb,
      double[] c,
      int offC,
      int ldc,
      boolean accumulate) {
    checkShape(m, n, k);
    if (m == 0 || n == 0) {
      return;
    }
    if (VECTOR) {
      GemmVector.mulTransB(m, n, k, a, offA, lda, b, offB, ldb, c, offC, ldc, accumulate);
    } else {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int ci = offC + i * ldc + j;
          double s = dotScalar(k, a, offA + i * lda, b, offB + j * ldb);
          c[ci] = accumulate ? c[ci] + s : s;
        }
      }
    }
  }

  /**
   * The first half of {@link #mulTransB} split so that k can be walked in chunks (e.g. one group of
   * examples at a time, with only that group's operands in cache): adds to {@code part} the four
   * lane sums of every element of A·Bᵀ over this chunk's k columns, s_l = fma chains over p ≡ l
   * (mod 4) in ascending p, continuing the chains already in {@code part}. {@code part} holds m·n·4
   * doubles, element (i, j) lane l at {@code (i·n + j)·4 + l}, zero before the first chunk. k must
   * be a multiple of 4, so that the lanes of the next chunk line up; the k mod 4 last columns of
   * the whole product go to {@link #dotFinish}. Chunks of k₁, k₂, … columns followed by {@code
   * dotFinish} give the same bits as one {@code mulTransB} over the concatenated columns.
   */
  public static void dotPartials(
      int m,
      int n,
      int k,
      double[] a,
      int offA,
      int lda,
      double[] b,
      int offB,
      int ldb,
      double[] part) {
    checkShape(m, n, k);
    if ((k & 3) != 0) {
      throw new IllegalArgumentException("dotPartials takes k a multiple of 4, got k=" + k);
    }
    if (m == 0 || n == 0 || k == 0) {
      return;
    }
    if (VECTOR) {
      GemmVector.dotPartials(m, n, k, a, offA, lda, b, offB, ldb, part);
    } else {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int q = (i * n + j) * 4;
          int oa = offA + i * lda;
          int ob = offB + j * ldb;
          for (int p = 0; p < k; p += 4) {
            part[q] = Math.fma(a[oa + p], b[ob + p], part[q]);
            part[q + 1] = Math.fma(a[oa + p + 1], b[ob + p + 1], part[q + 1]);
            part[q + 2] = Math.fma(a[oa + p + 2], b[ob + p + 2], part[q + 2]);
            part[q + 3] = Math.fma(a[oa + p + 3], b[ob + p + 3], part[q + 3]);
          }
        }
      }
    }
  }

  /**
   * The second half of {@link #mulTransB}: c = (s_0 + s_1) + (s_2 + s_3) from {@code part} (see
   * {@link #dotPartials}), then the {@code kTail} (0 to 3) last columns added by fma in ascending
   * order, reading A at {@code a[offA + i·lda + t]} and B at {@code b[offB + j·ldb + t]}, t = 0 …
   * kTail − 1; finally the old c is added when accumulating.
   */
  public static void dotFinish(
      int m,
      int n,
      int kTail,
      double[] a,
      int offA,
      int lda,
      double[] b,
      int offB,
      int ldb,
      double[] part,
      double[] c,
      int offC,
      int ldc,
      boolean accumulate) {
    checkShape(m, n, kTail);
    for (int i = 0; i < m; i++) {
      int oa = offA + i * lda;
      for (int j = 0; j < n; j++) {
        int q = (i * n + j) * 4;
        double s = (part[q] + part[q + 1]) + (part[q + 2] + part[q + 3]);
        int ob = offB + j * ldb;
        for (int t = 0; t < kTail; t++) {
          s = Math.fma(a[oa + t], b[ob + t], s);
        }
        int ci = offC + i * ldc + j;
        c[ci] = accumulate ? c[ci] + s : s;
      }
    }
  }

  /** The dot product of the class comment (four fixed partial sums, then the tail). */
  static double dotScalar(int k, double[] a, int oa, double[] b, int ob) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k4 = k & ~3;
    for (int p = 0; p < k4; p += 4) {
      s0 = Math.fma(a[oa + p], b[ob + p], s0);
      s1 = Math.fma(a[oa + p + 1], b[ob + p + 1], s1);
      s2 = Math.fma(a[oa + p + 2], b[ob + p + 2], s2);
      s3 = Math.fma(a[oa + p + 3], b[ob + p + 3], s3);
    }
    double s = (s0 + s1) + (s2 + s3);
    for (int p = k4; p < k; p++) {
      s = Math.fma(a[oa + p], b[ob + p], s);
    }
    return s;
  }

  /** The scalar form of {@link #mul} on rows [i0, i1) and columns [j0, j1). */
  static void mulScalar(
      int i0,
      int i1,
      int j0,
      int j1,
      int k,
      double[] a,
      int offA,
      int ars,
      int acs,
      double[] b,
      int offB,
      int ldb,
      double[] c,
      int offC,
      int ldc,
      boolean accumulate) {
    for (int i = i0; i < i1; i++) {
      int ai = offA + i * ars;
      for (int j = j0; j < j1; j++) {
        int ci = offC + i * ldc + j;
        double s = accumulate ? c[ci] : 0.0;
        for (int p = 0, pa = ai, pb = offB + j; p < k; p++, pa += acs, pb += ldb) {
          s = Math.fma(a[pa], b[pb], s);
        }
        c[ci] = s;
      }
    }
  }

  private static void checkShape(int m, int n, int k) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "matrix sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
    }
  }
}
