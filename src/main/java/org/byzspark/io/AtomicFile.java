package org.byzspark.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Writes a whole file so that readers never see it half-written, on any Hadoop file system.
 *
 * <p>The content goes to a hidden temporary name in the target's directory, which is then renamed
 * over the target with {@link FileContext#rename} and OVERWRITE: one atomic operation on HDFS and
 * on POSIX local file systems. If anything fails, the temporary file is removed and the target is
 * left as it was. Local files are written through Hadoop's raw local file system, so no {@code
 * .crc} side files appear next to results that people open from notebooks.
 *
 * <p>On a local path the rename is {@link FileSystem#rename} of that raw file system, which
 * replaces the target with one {@code rename(2)} (atomic on POSIX). {@link FileContext#rename} with
 * OVERWRITE would give the same result, but without Hadoop's native library it first reads the
 * target's permissions by starting an {@code ls} process, about 11 ms a file (measured on a 636 KB
 * momentum file: 11 ms against 0.5 ms), which every checkpoint paid once per worker.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** A file context for {@code path}, raw (checksum-free) for local paths. */
  public static FileContext context(Path path, Configuration conf) throws IOException {
    Configuration c = new Configuration(conf);
    c.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    return FileContext.getFileContext(path.toUri(), c);
  }

  /** Replaces {@code target} with {@code content}, creating parent directories as needed. */
  public static void write(Path target, byte[] content, Configuration conf) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    if ("file".equals(fs.getScheme())) {
      writeLocal(FileSystem.getLocal(conf).getRawFileSystem(), target, content);
      return;
    }
    FileContext fc = context(target, conf);
    Path qualified = fc.makeQualified(target);
    Path tmp =
        new Path(
            qualified.getParent(), "." + qualified.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out =
          fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
        out.write(content);
      }
      fc.rename(tmp, qualified, Options.Rename.OVERWRITE);
    } finally {
      if (fc.util().exists(tmp)) {
        fc.delete(tmp, false);
      }
    }
  }

  private static void writeLocal(FileSystem raw, Path target, byte[] content) throws IOException {
    Path qualified = raw.makeQualified(target);
    Path parent = qualified.getParent();
    if (raw.exists(qualified) && raw.getFileStatus(qualified).isDirectory()) {
      throw new IOException(qualified + " is a directory, not a file");
    }
    if (!raw.mkdirs(parent)) {
      throw new IOException("cannot create the directory " + parent);
    }
    Path tmp = new Path(parent, "." + qualified.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = raw.create(tmp, false)) {
        out.write(content);
      }
      if (!raw.rename(tmp, qualified)) {
        throw new IOException("cannot rename " + tmp + " to " + qualified);
      }
    } finally {
      if (raw.exists(tmp)) {
        raw.delete(tmp, false);
      }
    }
  }
}
