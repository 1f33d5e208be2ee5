package org.byzspark.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.byzspark.io.SavedModel;

/**
 * How the models are saved and loaded. A saved model is a directory with Spark's {@code metadata/}
 * (class, uid, every Param's value and default, as {@code DefaultParamsWriter} writes them) and the
 * model directory {@code model/} ({@link SavedModel}: {@code model.json} and {@code
 * parameters.bin}), the same format {@code byzspark train} writes under {@code --out/model}. A
 * reader takes that directory, or a model directory itself, or a run directory holding one.
 */
final class ModelIo {
  private ModelIo() {}

  /** Writes a model: its Params' metadata, then its model directory. */
  static final class Writer extends MLWriter {
    private final Params instance;
    private final SavedModel saved;

    Writer(Params instance, SavedModel saved) {
      this.instance = instance;
      this.saved = saved;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
      try {
        saved.write(new Path(path, SavedModel.DIR), sc().hadoopConfiguration());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Reads a model of class {@code type}; {@code make} builds it from a uid and θ. */
  static final class Reader<M extends Params> extends MLReader<M> {
    private final Class<M> type;
    private final BiFunction<String, SavedModel, M> make;

    Reader(Class<M> type, BiFunction<String, SavedModel, M> make) {
      this.type = type;
      this.make = make;
    }

    @Override
    public M load(String path) {
      Configuration conf = sc().hadoopConfiguration();
      Path dir = new Path(path);
      if (exists(new Path(dir, "metadata"), conf)) {
        DefaultParamsReader.Metadata meta =
            DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
        M m = make.apply(meta.uid(), SavedModel.read(new Path(dir, SavedModel.DIR), conf));
        meta.getAndSetParams(m, meta.getAndSetParams$default$2());
        return m;
      }
      Path modelDir = dir;
      if (!exists(new Path(dir, SavedModel.MANIFEST), conf)
          && exists(new Path(new Path(dir, SavedModel.DIR), SavedModel.MANIFEST), conf)) {
        modelDir = new Path(dir, SavedModel.DIR);
      }
      if (!exists(new Path(modelDir, SavedModel.MANIFEST), conf)) {
        throw new IllegalArgumentException(
            path
                + ": no model here; allowed: a directory written by the model's save, a model"
                + " directory (with "
                + SavedModel.MANIFEST
                + ") or a run directory of byzspark train holding "
                + SavedModel.DIR
                + "/");
      }
      SavedModel saved = SavedModel.read(modelDir, conf);
      M m = make.apply(Uids.random(type.getSimpleName()), saved);
      ByzantineParams p = (ByzantineParams) m;
      p.set(p.model(), modelSpec(saved));
      p.set(p.seed(), saved.data().seed());
      if (saved.training().steps() >= 1 && saved.training().steps() <= Integer.MAX_VALUE) {
        p.set(p.maxIter(), (Object) (int) saved.training().steps());
      }
      return m;
    }

    private static boolean exists(Path p, Configuration conf) {
      try {
        FileSystem fs = p.getFileSystem(conf);
        return fs.exists(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code NAME:key=value,...} of a saved model, as {@code --model} names it. */
  static String modelSpec(SavedModel saved) {
    StringBuilder sb = new StringBuilder(saved.modelType());
    String sep = ":";
    for (var e : saved.modelParams().entrySet()) {
      sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = ",";
    }
    return sb.toString();
  }
}
