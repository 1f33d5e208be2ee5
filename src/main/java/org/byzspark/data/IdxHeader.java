package org.byzspark.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The header of an IDX file (the format of the original MNIST distribution): two zero bytes, a type
 * byte (0x08 = unsigned byte, the only type MNIST uses), the number of dimensions, then each
 * dimension as a big-endian 32-bit integer. The records follow, one per index of the first
 * dimension, each {@link #recordBytes()} long.
 */
public record IdxHeader(int[] dims) {
  public static final int UNSIGNED_BYTE = 0x08;

  /** Reads and validates a header; {@code what} names the file in error messages. */
  public static IdxHeader read(InputStream in, String what) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int magic;
    try {
      magic = d.readInt();
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException(what + " is not an IDX file: shorter than its header");
    }
    int type = (magic >>> 8) & 0xff;
    int ndims = magic & 0xff;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || ndims < 1 || ndims > 4) {
      throw new IllegalArgumentException(
          what
              + " is not an unsigned-byte IDX file (magic 0x"
              + Integer.toHexString(magic)
              + ", expected 0x00000801 to 0x00000804)");
    }
    int[] dims = new int[ndims];
    for (int i = 0; i < ndims; i++) {
      dims[i] = d.readInt();
      if (dims[i] < 1) {
        throw new IllegalArgumentException(what + " has a non-positive dimension " + dims[i]);
      }
    }
    return new IdxHeader(dims);
  }

  /** Bytes before the first record. */
  public int headerBytes() {
    return 4 + 4 * dims.length;
  }

  public int count() {
    return dims[0];
  }

  /** Bytes of one record (the product of all dimensions but the first). */
  public int recordBytes() {
    int s = 1;
    for (int i = 1; i < dims.length; i++) {
      s *= dims[i];
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxHeader h && Arrays.equals(h.dims, dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return "IdxHeader" + Arrays.toString(dims);
  }
}
