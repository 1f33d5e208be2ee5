package org.byzspark.aggregation;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A function from the n values of one coordinate to one value: the body of every coordinate-wise
 * computation ({@link VectorSet#coordinateWise}). Pure and deterministic: the value of a coordinate
 * depends only on its n values in worker order.
 *
 * <p>Two ways to compute it, which must agree bit for bit: {@link #reduce}, one coordinate at a
 * time (the exact path, also used for every coordinate with a non-finite value), and optionally a
 * comparator {@link #network} run lane-wise over many coordinates at once followed by {@link
 * #finish} (the vectorised path for finite values; see {@link SortNet}). {@link CoordinateKernel}
 * drives both over blocks of coordinates, in memory or on one block of a sharded set.
 */
public abstract class CoordinateReducer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Networks by {@link #networkKey} and n: pure functions of them, computed once. */
  private static final ConcurrentHashMap<List<Object>, int[]> NETWORKS = new ConcurrentHashMap<>();

  /** Per-task scratch space for {@link #reduce}. */
  public static final class Workspace {
    final long[] keys;
    final double[] dist;
    final int[] idx;

    public Workspace(int n) {
      keys = new long[n];
      dist = new double[n];
      idx = new int[n];
    }

    /**
     * The order keys ({@link CoordinateSelect#key}) of {@code col[off..off+n)} in {@link #keys},
     * which it returns.
     */
    long[] keysOf(double[] col, int off, int n) {
      for (int i = 0; i < n; i++) {
        keys[i] = CoordinateSelect.key(col[off + i]);
      }
      return keys;
    }
  }

  /**
   * The value for one coordinate whose n worker values are {@code col[off..off+n)}, in worker
   * order. May overwrite {@code col[off..off+n)}.
   */
  protected abstract double reduce(double[] col, int off, int n, Workspace ws);

  /**
   * The comparator network of the vectorised path for n values, or null (then every coordinate goes
   * through {@link #reduce}).
   */
  protected int[] network(int n) {
    return null;
  }

  /**
   * What the network depends on besides n (e.g. the rule's class and f); equal keys must give equal
   * networks. Only used when {@link #network} is not null.
   */
  protected Object networkKey() {
    return getClass();
  }

  /**
   * Finishes one block on the vectorised path: {@code v[i][0..w)} hold the network's outputs for
   * the w coordinates of the block starting at {@code lo}; writes {@code out[lo + k]} for every
   * lane k. Lanes with {@code bad[k] != 0} (a non-finite input) are recomputed by {@link #reduce}
   * afterwards, and the method may set {@code bad[k] = NaN} to ask for that too. {@code acc} is
   * scratch space of at least w doubles.
   */
  protected void finish(
      double[][] v, int w, int n, double[] out, int lo, double[] bad, double[] acc) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no network");
  }

  /** The cached network for n, or null. */
  final int[] cachedNetwork(int n) {
    int[] net =
        NETWORKS.computeIfAbsent(
            List.of(networkKey(), n),
            k -> {
              int[] x = network(n);
              return x == null ? NONE : x;
            });
    return net == NONE ? null : net;
  }

  private static final int[] NONE = new int[0];
}
