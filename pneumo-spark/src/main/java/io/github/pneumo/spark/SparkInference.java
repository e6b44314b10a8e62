package io.github.pneumo.spark;

import com.google.common.collect.Iterators;
import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.maps.QuantizedMap;
import io.github.pneumo.submission.SubmissionRule;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Batch inference over a DICOM {@link Dataset} ({@link DicomFiles}): each executor JVM builds the model of
 * a {@link ModelSpec} once ({@link ExecutorModels}) and streams its partitions through it, one image at a
 * time (decode → predict in a scoped NDManager → quantise → row), so executor memory does not grow with the
 * number of images. The spec is broadcast, so embedded checkpoints travel once per executor.
 *
 * <p>Each image gives one row; an input that cannot be read or decoded gives a row with {@value #ERROR}
 * set (its reason) and no result, so one bad file is listed, not fatal. A failure of the model itself fails
 * the task, which Spark retries.
 *
 * <p>Maps are quantised to 8 bits exactly as {@code pneumo infer} stores them, and masks are computed from
 * the quantised map exactly as {@code pneumo submit} computes them, so the results are identical to the
 * single-JVM route's.
 */
public final class SparkInference {
  /** Column: the image id (file name without {@code .dcm}). */
  public static final String ID = "id";
  /** Column: the input's path string. */
  public static final String PATH = DicomFiles.PATH;
  /** Column (maps): map width. */
  public static final String WIDTH = "width";
  /** Column (maps): map height. */
  public static final String HEIGHT = "height";
  /** Column (maps): the row-major 8-bit levels of the map ({@link QuantizedMap}). */
  public static final String LEVELS = "levels";
  /** Column (masks): the mask's RLE, {@code -1} when empty. */
  public static final String ENCODED_PIXELS = "encodedPixels";
  /** Column (masks): whether the mask has any pixel. */
  public static final String NON_EMPTY = "nonEmpty";
  /** Column: why the input was skipped, null when it was predicted. */
  public static final String ERROR = "error";

  /** Schema of {@link #maps}. */
  public static final StructType MAP_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(ID, DataTypes.StringType, false),
      DataTypes.createStructField(PATH, DataTypes.StringType, false),
      DataTypes.createStructField(WIDTH, DataTypes.IntegerType, true),
      DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, true),
      DataTypes.createStructField(LEVELS, DataTypes.BinaryType, true),
      DataTypes.createStructField(ERROR, DataTypes.StringType, true)});

  /** Schema of {@link #masks}. */
  public static final StructType MASK_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(ID, DataTypes.StringType, false),
      DataTypes.createStructField(PATH, DataTypes.StringType, false),
      DataTypes.createStructField(ENCODED_PIXELS, DataTypes.StringType, true),
      DataTypes.createStructField(NON_EMPTY, DataTypes.BooleanType, true),
      DataTypes.createStructField(ERROR, DataTypes.StringType, true)});

  /** Test hook: ids whose first task attempt fails after decoding (local mode runs tasks in this JVM). */
  static volatile @Nullable Predicate<String> failFirstAttempt;

  private SparkInference() {}

  /**
   * The probability maps of the images, quantised to 8 bits.
   *
   * @param dicoms rows with {@value DicomFiles#PATH} and, optionally, {@value DicomFiles#CONTENT}
   * @param spec the model
   * @return rows of {@link #MAP_SCHEMA}, computed lazily when an action runs
   */
  public static Dataset<Row> maps(Dataset<Row> dicoms, ModelSpec spec) {
    Predictor p = Predictor.of(dicoms, spec);
    return dicoms.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> p.run(rows, (id, path, map) ->
        RowFactory.create(id, path, map.width(), map.height(), map.levels(), null),
        (id, path, error) -> RowFactory.create(id, path, null, null, null, error)), Encoders.row(MAP_SCHEMA));
  }

  /**
   * The submission lines of the images: each map thresholded by a {@link MaskRule} and run-length encoded.
   *
   * @param dicoms rows with {@value DicomFiles#PATH} and, optionally, {@value DicomFiles#CONTENT}
   * @param spec the model
   * @param rule the rule and codec of the submission
   * @return rows of {@link #MASK_SCHEMA}, computed lazily when an action runs
   */
  public static Dataset<Row> masks(Dataset<Row> dicoms, ModelSpec spec, MaskRule rule) {
    Predictor p = Predictor.of(dicoms, spec);
    Broadcast<MaskRule> r = JavaSparkContext.fromSparkContext(dicoms.sparkSession().sparkContext()).broadcast(rule);
    return dicoms.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      MaskRule mr = r.value();
      SubmissionRule sr = mr.rule();
      RleCodec codec = mr.codec();
      return p.run(rows, (id, path, map) -> {
        Mask mask = sr.apply(map.toProbabilityMap(), mr.rows(id));
        return RowFactory.create(id, path, codec.encode(mask), !mask.isEmpty(), null);
      }, (id, path, error) -> RowFactory.create(id, path, null, null, error));
    }, Encoders.row(MASK_SCHEMA));
  }

  /** Turns a prediction into an output row. */
  @FunctionalInterface
  interface Result extends Serializable {
    Row row(String id, String path, QuantizedMap map);
  }

  /** Turns a skipped input into an output row. */
  @FunctionalInterface
  interface Failure extends Serializable {
    Row row(String id, String path, String error);
  }

  /** The per-image work of a task: read, decode, predict, quantise. */
  private static final class Predictor implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ModelSpec> spec;
    private final HadoopFiles files;
    private final boolean hasContent;

    private Predictor(Broadcast<ModelSpec> spec, HadoopFiles files, boolean hasContent) {
      this.spec = spec;
      this.files = files;
      this.hasContent = hasContent;
    }

    static Predictor of(Dataset<Row> dicoms, ModelSpec spec) {
      List<String> columns = Arrays.asList(dicoms.columns());
      if (!columns.contains(DicomFiles.PATH)) {
        throw new IllegalArgumentException("the DICOM dataset needs a '" + DicomFiles.PATH + "' column, has "
            + columns);
      }
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dicoms.sparkSession().sparkContext());
      return new Predictor(jsc.broadcast(spec), HadoopFiles.of(dicoms.sparkSession()),
          columns.contains(DicomFiles.CONTENT));
    }

    Iterator<Row> run(Iterator<Row> rows, Result result, Failure failure) {
      SegmentationModel[] model = {null};
      return Iterators.transform(rows, row -> {
        String path = row.getString(row.fieldIndex(DicomFiles.PATH));
        String id = DicomFiles.imageId(path);
        GreyImage image;
        try {
          byte[] bytes = hasContent ? (byte[]) row.get(row.fieldIndex(DicomFiles.CONTENT)) : files.read(path);
          image = Dicom.decode(HadoopFiles.displayPath(path), bytes).toGreyImage();
        } catch (RuntimeException e) {
          return failure.row(id, path, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        injectFault(id);
        if (model[0] == null) {
          model[0] = ExecutorModels.get(spec.value());
        }
        return result.row(id, path, QuantizedMap.quantize(model[0].predict(image)));
      });
    }

    private static void injectFault(String id) {
      Predicate<String> hook = failFirstAttempt;
      TaskContext task = TaskContext.get();
      if (hook != null && task != null && task.attemptNumber() == 0 && hook.test(id)) {
        throw new IllegalStateException("injected failure of task " + task.taskAttemptId() + " at image " + id);
      }
    }
  }
}
