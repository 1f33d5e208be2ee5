package org.byzspark.train.hgo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.byzspark.util.Seeds;

/**
 * The server's arithmetic of one step of HGO Algorithm 1 (lines 3–11), pure and seeded.
 *
 * <p><b>Layers.</b> The d coordinates are split into L consecutive layers of sizes d_ℓ (one layer
 * of size d for linear models; for neural networks one layer per weight matrix with its bias, HGO
 * appendix C.3), each with a block size B_ℓ ≤ d_ℓ: the most coordinates of layer ℓ any worker
 * computes in a step (default B_ℓ = d_ℓ). C_k is drawn per layer: an independent uniform random
 * permutation of each layer's coordinates (line 3; Fisher–Yates from {@code (seed, step)}).
 *
 * <p><b>Coordinates sent.</b> Selected worker i, with rate λ_i and mini-batch size s_i, computes in
 * each layer the first
 *
 * <pre>  b_{i,ℓ} = min(B_ℓ, ⌊τ·λ_i·B_ℓ / (s_i·ΣB)⌋)</pre>
 *
 * coordinates of C_k^ℓ. With one layer (B = d) this is HGO's b_i = min(⌊τλ_i/s_i⌋, d); with
 * several, a worker spends its budget τλ_i/s_i over the layers in proportion to their block sizes,
 * so the layers are updated in balance (HGO C.3: {@code [98,20,10]} for 784-30-10 selects at most
 * that many coordinates of each layer per round).
 *
 * <p><b>Quorum.</b> b_{v,ℓ} is the v-th largest b_{i,ℓ} among the q selected workers (lines 8–9),
 * B_k the first b_{v,ℓ} positions of C_k^ℓ in every layer (line 10), and Q_j the selected workers
 * that sent coordinate j (line 11): those with b_{i,ℓ} greater than j's position in C_k^ℓ, so |Q_j|
 * ≥ v for j ∈ B_k.
 *
 * <p>For {@code sgd} ({@link #fullOrNothing}), a worker sends the whole gradient when it finishes
 * within the deadline (d·s_i/λ_i ≤ τ) and nothing otherwise, and the quorum is every worker that
 * finished.
 */
public final class StepPlan {

  private final int[] selected;
  private final int[] offsets;
  private final int[][] perms;
  private final int[][] sent;
  private final int[] bv;

  /**
   * d for a plan of whole vectors (one layer of d coordinates in their natural order, no
   * permutation stored), −1 for an HGO plan.
   */
  private final int wholeDim;

  private StepPlan(int[] selected, int[] offsets, int[][] perms, int[][] sent, int[] bv) {
    this(selected, offsets, perms, sent, bv, -1);
  }

  private StepPlan(
      int[] selected, int[] offsets, int[][] perms, int[][] sent, int[] bv, int wholeDim) {
    this.selected = selected;
    this.offsets = offsets;
    this.perms = perms;
    this.sent = sent;
    this.bv = bv;
    this.wholeDim = wholeDim;
  }

  /** b_{i,ℓ} = min(B_ℓ, ⌊τ·λ·B_ℓ / (s·ΣB)⌋). */
  public static int coordinates(double tau, double lambda, int s, int block, long totalBlock) {
    double x = tau * lambda / s;
    if (block != totalBlock) {
      x = x * block / totalBlock;
    }
    return x >= block ? block : (int) Math.floor(x);
  }

  /** The v-th largest of {@code b} (v is 1-based). */
  public static int vthLargest(int[] b, int v) {
    if (v < 1 || v > b.length) {
      throw new IllegalArgumentException("quorum v=" + v + " outside [1, " + b.length + "]");
    }
    int[] sorted = b.clone();
    Arrays.sort(sorted);
    return sorted[b.length - v];
  }

  /** A uniform random permutation of {0..size−1}, Fisher–Yates. */
  static int[] permutation(int size, SplittableRandom rng) {
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int r = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[r];
      p[r] = t;
    }
    return p;
  }

  /**
   * The plan of an HGO step.
   *
   * @param selected the q selected workers, ascending
   * @param rates λ of every worker (indexed by worker)
   * @param batch s of every worker
   * @param layerSizes d_ℓ
   * @param blocks B_ℓ (≤ d_ℓ)
   */
  public static StepPlan hgo(
      int[] selected,
      double[] rates,
      int[] batch,
      double tau,
      int v,
      int[] layerSizes,
      int[] blocks,
      long seed,
      long step) {
    int layers = layerSizes.length;
    long total = 0;
    for (int bl : blocks) {
      total += bl;
    }
    int[] offsets = new int[layers];
    int[][] perms = new int[layers][];
    int[][] sent = new int[layers][selected.length];
    int[] bv = new int[layers];
    int off = 0;
    for (int l = 0; l < layers; l++) {
      offsets[l] = off;
      off += layerSizes[l];
      perms[l] = permutation(layerSizes[l], Seeds.rng(seed, Seeds.Purpose.COORDINATES, step, l));
      for (int r = 0; r < selected.length; r++) {
        int w = selected[r];
        sent[l][r] = coordinates(tau, rates[w], batch[w], blocks[l], total);
      }
      bv[l] = vthLargest(sent[l], v);
    }
    return new StepPlan(selected.clone(), offsets, perms, sent, bv);
  }

  /**
   * The plan of an {@code sgd} step: workers whose full gradient takes d·s_i/λ_i ≤ τ send all d
   * coordinates in their natural order, the others nothing; τ = +∞ waits for everyone.
   */
  public static StepPlan fullOrNothing(
      int[] selected, double[] rates, int[] batch, double tau, int d) {
    int[] sent = new int[selected.length];
    for (int r = 0; r < selected.length; r++) {
      int w = selected[r];
      sent[r] = fullGradientTime(d, batch[w], rates[w]) <= tau ? d : 0;
    }
    int finished = 0;
    for (int s : sent) {
      finished += s > 0 ? 1 : 0;
    }
    return new StepPlan(
        selected.clone(),
        new int[] {0},
        new int[][] {null}, // the identity: coordinate(0, p) = p
        new int[][] {sent},
        new int[] {finished > 0 ? d : 0},
        d);
  }

  /** d·s/λ: the time a worker needs for its whole stochastic gradient. */
  public static double fullGradientTime(int d, int s, double lambda) {
    return (double) d * s / lambda;
  }

  public int[] selected() {
    return selected.clone();
  }

  public int layers() {
    return perms.length;
  }

  /** b_{i,ℓ} of the r-th selected worker. */
  public int sent(int layer, int r) {
    return sent[layer][r];
  }

  /** b_{v,ℓ}. */
  public int quorumBlock(int layer) {
    return bv[layer];
  }

  /** The global index of the coordinate at position p of C_k^ℓ. */
  public int coordinate(int layer, int position) {
    return wholeDim >= 0 ? position : offsets[layer] + perms[layer][position];
  }

  /**
   * The coordinates the r-th selected worker computes as a mask for the worker step: null when it
   * computes every coordinate in their natural order (a whole vector), else {@link #coordinatesOf}.
   */
  public int[] maskOf(int r) {
    return wholeDim >= 0 && sent[0][r] == wholeDim ? null : coordinatesOf(r);
  }

  /** |B_k|: the number of coordinates the step updates. */
  public int blockSize() {
    int total = 0;
    for (int b : bv) {
      total += b;
    }
    return total;
  }

  /** B_k, in layer order then C_k order. */
  public int[] block() {
    int total = 0;
    for (int b : bv) {
      total += b;
    }
    int[] out = new int[total];
    int k = 0;
    for (int l = 0; l < bv.length; l++) {
      for (int p = 0; p < bv[l]; p++) {
        out[k++] = coordinate(l, p);
      }
    }
    return out;
  }

  /** The coordinates the r-th selected worker computes this step (b_i of them per layer). */
  public int[] coordinatesOf(int r) {
    int total = 0;
    for (int[] s : sent) {
      total += s[r];
    }
    int[] out = new int[total];
    int k = 0;
    for (int l = 0; l < sent.length; l++) {
      for (int p = 0; p < sent[l][r]; p++) {
        out[k++] = coordinate(l, p);
      }
    }
    return out;
  }

  /** Q_j as indices r into {@link #selected}, for coordinate at position p of layer ℓ. */
  public int[] senders(int layer, int position) {
    int[] tmp = new int[selected.length];
    int c = 0;
    for (int r = 0; r < selected.length; r++) {
      if (sent[layer][r] > position) {
        tmp[c++] = r;
      }
    }
    return Arrays.copyOf(tmp, c);
  }

  /** A set of coordinates of B_k that share one sender set Q (indices r into the selection). */
  public record Segment(int[] senders, int[] coordinates) {}

  /**
   * B_k grouped by sender set: every coordinate of B_k is in exactly one segment, and all the
   * coordinates of a segment have the same Q_j. Segments in order of first appearance (layer, then
   * position); coordinates inside a segment in that same order.
   */
  public List<Segment> segments() {
    if (wholeDim >= 0) {
      // whole vectors: the workers that sent them, every coordinate in natural order
      if (bv[0] == 0) {
        return List.of();
      }
      int[] senders = new int[selected.length];
      int c = 0;
      for (int r = 0; r < selected.length; r++) {
        if (sent[0][r] > 0) {
          senders[c++] = r;
        }
      }
      int[] all = new int[wholeDim];
      for (int i = 0; i < wholeDim; i++) {
        all[i] = i;
      }
      return List.of(new Segment(Arrays.copyOf(senders, c), all));
    }
    Map<List<Integer>, List<Integer>> groups = new LinkedHashMap<>();
    for (int l = 0; l < perms.length; l++) {
      int p = 0;
      while (p < bv[l]) {
        int[] q = senders(l, p);
        // the sender set changes only where some b_{i,ℓ} equals the position
        int next = bv[l];
        for (int r = 0; r < selected.length; r++) {
          if (sent[l][r] > p && sent[l][r] < next) {
            next = sent[l][r];
          }
        }
        List<Integer> key = new ArrayList<>();
        for (int r : q) {
          key.add(r);
        }
        List<Integer> coords = groups.computeIfAbsent(key, k -> new ArrayList<>());
        for (int pos = p; pos < next; pos++) {
          coords.add(coordinate(l, pos));
        }
        p = next;
      }
    }
    List<Segment> out = new ArrayList<>();
    groups.forEach(
        (k, v) ->
            out.add(
                new Segment(
                    k.stream().mapToInt(Integer::intValue).toArray(),
                    v.stream().mapToInt(Integer::intValue).toArray())));
    return out;
  }
}
