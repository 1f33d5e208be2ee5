package org.byzspark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.byzspark.cli.Main;
import org.byzspark.data.Synthetic;
import org.byzspark.io.AtomicFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HDFS on loopback (a NameNode and a DataNode of Hadoop's MiniDFSCluster, in this JVM): the
 * training job reads MNIST-format data from hdfs:// and writes its run (metrics.csv, run.json,
 * checkpoints) to hdfs://, with the same results as from and to the local file system; files are
 * replaced atomically there too; an unreachable hdfs:// address is one line, exit 2, nothing
 * written.
 */
class HdfsIT {
  @TempDir static java.nio.file.Path tmp;
  static MiniDFSCluster dfs;
  static FileSystem fs;
  static String root;
  static java.nio.file.Path mnist;

  @BeforeAll
  static void startHdfs() throws Exception {
    Configuration conf = new Configuration();
    dfs = new MiniDFSCluster.Builder(conf, tmp.resolve("dfs").toFile()).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();
    root = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    mnist = tmp.resolve("mnist");
    Synthetic.writeMnistLike(mnist, 1200, 300, 6, 6, 11);
    fs.copyFromLocalFile(new Path(mnist.toUri()), new Path(root + "/data/mnist"));
  }

  @AfterAll
  static void stopHdfs() {
    if (dfs != null) {
      dfs.shutdown(true);
    }
  }

  static int run(List<String> args, StringBuilder errOut) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    errOut.append(err.toString(StandardCharsets.UTF_8));
    return code;
  }

  static List<String> job(String data, String out) {
    return List.of(
        "train",
        "--dataset",
        "mnist:" + data,
        "--model",
        "mlp",
        "--workers",
        "5",
        "--byzantine",
        "1",
        "--attack",
        "little",
        "--aggregator",
        "cwtm",
        "--momentum",
        "0.9",
        "--steps",
        "20",
        "--batch-size",
        "16",
        "--eval-every",
        "10",
        "--checkpoint-every",
        "7",
        "--seed",
        "5",
        "--out",
        out,
        "--master",
        "local[2]");
  }

  static List<String> columns(String metrics) {
    List<String> cols = new ArrayList<>();
    for (String l : metrics.split("\n")) {
      String[] f = l.split(",", -1);
      cols.add(f[0] + "," + f[1] + "," + f[2]);
    }
    return cols;
  }

  static String read(String path) throws IOException {
    try (InputStream in = fs.open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void hdfsRoundTripGivesTheSameRunAsTheLocalFileSystem() throws Exception {
    StringBuilder err = new StringBuilder();
    String out = root + "/runs/a";
    assertEquals(0, run(job(root + "/data/mnist", out), err), err.toString());
    java.nio.file.Path localOut = tmp.resolve("local-run");
    assertEquals(0, run(job(mnist.toString(), localOut.toString()), err), err.toString());

    List<String> hdfsCols = columns(read(out + "/metrics.csv"));
    assertEquals(21, hdfsCols.size());
    assertEquals(columns(Files.readString(localOut.resolve("metrics.csv"))), hdfsCols);
    assertTrue(read(out + "/run.json").contains("\"final_test_accuracy\""));
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new Path(out))) {
      names.add(s.getPath().getName());
    }
    assertTrue(names.containsAll(List.of("metrics.csv", "run.json")), names.toString());
    assertTrue(
        names.stream().noneMatch(x -> x.startsWith(".") || x.endsWith(".tmp")),
        "no temporary files left: " + names);
    assertFalse(names.contains("_checkpoints"), "no checkpoints left: " + names);
  }

  @Test
  void checkpointsGoWhereCheckpointDirSays() throws Exception {
    StringBuilder err = new StringBuilder();
    String out = root + "/runs/b";
    String checkpoints = root + "/checkpoints";
    List<String> args = new ArrayList<>(job(root + "/data/mnist", out));
    args.addAll(List.of("--checkpoint-dir", checkpoints));
    assertEquals(0, run(args, err), err.toString());
    assertTrue(fs.exists(new Path(checkpoints)), "the directory was used");
    assertEquals(0, fs.listStatus(new Path(checkpoints)).length, "this run's files removed");
    assertFalse(err.toString().contains("cannot read it"), "no warning in local mode: " + err);
  }

  @Test
  void atomicFileReplacesWholeFilesOnHdfs() throws Exception {
    Configuration conf = fs.getConf();
    Path target = new Path(root + "/atomic/dir/f.txt");
    AtomicFile.write(target, "first".getBytes(StandardCharsets.UTF_8), conf);
    AtomicFile.write(target, "second, longer".getBytes(StandardCharsets.UTF_8), conf);
    assertEquals("second, longer", read(target.toString()));
    assertEquals(1, fs.listStatus(target.getParent()).length, "no temporary file left");

    // A failed write leaves the old content and no temporary file: the parent of this target is
    // a regular file, so the temporary file cannot be created.
    Path blocked = new Path(root + "/atomic/dir/f.txt/g.txt");
    assertThrows(
        IOException.class,
        () -> AtomicFile.write(blocked, "x".getBytes(StandardCharsets.UTF_8), conf));
    assertArrayEquals(
        "second, longer".getBytes(StandardCharsets.UTF_8),
        read(target.toString()).getBytes(StandardCharsets.UTF_8));
    assertEquals(1, fs.listStatus(target.getParent()).length);
  }

  @Test
  void unreachableHdfsIsOneLineExitTwoNothingWritten() throws Exception {
    String dead = "hdfs://127.0.0.1:1";
    java.nio.file.Path out = tmp.resolve("never");
    StringBuilder err = new StringBuilder();
    assertEquals(2, run(job(dead + "/mnist", out.toString()), err), err.toString());
    String line = err.toString().strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.contains("--dataset") && line.contains(dead), line);
    assertFalse(Files.exists(out));

    StringBuilder err2 = new StringBuilder();
    assertEquals(2, run(job(mnist.toString(), dead + "/runs/x"), err2), err2.toString());
    String line2 = err2.toString().strip();
    assertEquals(1, line2.lines().count(), line2);
    assertTrue(line2.contains("--out") && line2.contains(dead), line2);
  }
}
