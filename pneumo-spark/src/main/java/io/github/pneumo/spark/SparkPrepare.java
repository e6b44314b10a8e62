package io.github.pneumo.spark;

import static org.apache.spark.sql.functions.col;

import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.data.cache.CachePreparer;
import io.github.pneumo.data.cache.PrepareSummary;
import io.github.pneumo.dicom.Dicom;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Distributed {@code pneumo prepare}: decodes and resizes the DICOMs of a Spark {@link Dataset} into a
 * training cache in a folder that every executor sees at the same path (a shared file system). The
 * driver sets the folder up once ({@link CachePreparer#initialise()}); each task runs {@link
 * CachePreparer#prepareEntries} over its partition's files, reading each file when it is reached, so
 * entries are written atomically, entries already present are kept, and an input that cannot be read or
 * labelled is skipped and listed — exactly as {@code pneumo prepare}. Two files with one image id in the
 * same split are reported like the CLI does: the first path (in path order) wins.
 *
 * <p>Only per-partition counts and the skipped files reach the driver.
 */
public final class SparkPrepare {
  private static final String TRAIN = "train";
  private static final String ID = "id";

  private SparkPrepare() {}

  /**
   * Prepares the cache.
   *
   * @param train training DICOMs ({@link DicomFiles#read} or {@link DicomFiles#list}); entries get image
   *     and mask
   * @param test test DICOMs; entries get the image only (may be empty)
   * @param labels the training labels, decoded at the images' size
   * @param size the cache's image side
   * @param output the cache folder, at the same path on every executor
   * @return what happened, with every skipped input
   * @throws io.github.pneumo.PneumoException when the folder holds a cache of another size, or an entry
   *     cannot be written (the task fails, and Spark retries it)
   */
  public static PrepareSummary prepare(Dataset<Row> train, Dataset<Row> test, SiimLabels labels, int size,
      Path output) {
    Path out = output.toAbsolutePath();
    CachePreparer.builder().output(out).size(size).reader(p -> {
      throw new IllegalStateException("no input is read while initialising");
    }).labels(id -> List.of()).build().initialise();

    Dataset<Row> inputs = train.select(DicomFiles.PATH).withColumn(TRAIN, functions.lit(true))
        .union(test.select(DicomFiles.PATH).withColumn(TRAIN, functions.lit(false)));
    List<PrepareSummary.Failure> failures = new ArrayList<>();
    Set<String> losers = duplicates(inputs, failures);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
    Broadcast<LabelRows> labelRows = jsc.broadcast(LabelRows.of(labels));
    Broadcast<Set<String>> excluded = jsc.broadcast(losers);
    Task task = new Task(out.toString(), size, HadoopFiles.of(train.sparkSession()), labelRows, excluded);
    int written = 0;
    int present = 0;
    for (Row r : inputs.mapPartitions(task, Encoders.row(Task.SCHEMA)).collectAsList()) {
      written += r.getInt(0);
      present += r.getInt(1);
      if (!r.isNullAt(2)) {
        failures.add(new PrepareSummary.Failure(Path.of(r.getString(2)), r.getString(3)));
      }
    }
    failures.sort(Comparator.comparing((PrepareSummary.Failure f) -> f.file().toString()));
    return new PrepareSummary(written, present, failures);
  }

  /** Finds inputs whose id an earlier path (in path order, within one split) already has. */
  private static Set<String> duplicates(Dataset<Row> inputs, List<PrepareSummary.Failure> failures) {
    StructType schema = new StructType().add(DicomFiles.PATH, DataTypes.StringType).add(TRAIN, DataTypes.BooleanType)
        .add(ID, DataTypes.StringType);
    Dataset<Row> ids = inputs.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) r -> RowFactory.create(
        r.getString(0), r.getBoolean(1), DicomFiles.imageId(r.getString(0))), Encoders.row(schema));
    Set<String> losers = new HashSet<>();
    for (Row g : ids.groupBy(TRAIN, ID)
        .agg(functions.count("*").as("n"), functions.sort_array(functions.collect_list(DicomFiles.PATH)).as("paths"))
        .filter(col("n").gt(1)).collectAsList()) {
      List<String> paths = g.getList(3);
      Path first = HadoopFiles.displayPath(paths.get(0));
      for (String p : paths.subList(1, paths.size())) {
        losers.add(p);
        failures.add(new PrepareSummary.Failure(HadoopFiles.displayPath(p),
            "duplicate image ID " + g.getString(1) + " (also " + first + ")"));
      }
    }
    return losers;
  }

  /** One partition: a {@link CachePreparer} over its files; out come a row of counts and a row per failure. */
  private static final class Task implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final StructType SCHEMA = new StructType()
        .add("written", DataTypes.IntegerType, false)
        .add("present", DataTypes.IntegerType, false)
        .add("path", DataTypes.StringType, true)
        .add("reason", DataTypes.StringType, true);

    private final String output;
    private final int size;
    private final HadoopFiles files;
    private final Broadcast<LabelRows> labels;
    private final Broadcast<Set<String>> excluded;

    Task(String output, int size, HadoopFiles files, Broadcast<LabelRows> labels, Broadcast<Set<String>> excluded) {
      this.output = output;
      this.size = size;
      this.files = files;
      this.labels = labels;
      this.excluded = excluded;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<Path> train = new ArrayList<>();
      List<Path> test = new ArrayList<>();
      Map<Path, String> sources = new HashMap<>();
      Set<String> skip = excluded.value();
      while (rows.hasNext()) {
        Row r = rows.next();
        String path = r.getString(0);
        if (skip.contains(path)) {
          continue;
        }
        Path p = HadoopFiles.displayPath(path);
        sources.put(p, path);
        (r.getBoolean(1) ? train : test).add(p);
      }
      SiimLabels l = labels.value().labels();
      PrepareSummary s = CachePreparer.builder().output(Path.of(output)).size(size).threads(1)
          .reader(p -> Dicom.decode(p, files.read(sources.get(p))).toGreyImage())
          .labelsAtSize((id, w, h) -> l.contains(id) ? l.annotationMasks(id, w, h) : List.of())
          .build().prepareEntries(train, test);
      List<Row> out = new ArrayList<>();
      out.add(RowFactory.create(s.written(), s.alreadyPresent(), null, null));
      for (PrepareSummary.Failure f : s.failures()) {
        out.add(RowFactory.create(0, 0, f.file().toString(), f.reason()));
      }
      return out.iterator();
    }
  }

  /** The label rows, shipped as strings and decoded once per executor. */
  private static final class LabelRows implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String codec;
    private final int width;
    private final int height;
    private final List<String> ids;
    private final List<String> runs;
    private transient @Nullable SiimLabels labels;

    private LabelRows(String codec, int width, int height, List<String> ids, List<String> runs) {
      this.codec = codec;
      this.width = width;
      this.height = height;
      this.ids = ids;
      this.runs = runs;
    }

    static LabelRows of(SiimLabels labels) {
      List<String> ids = new ArrayList<>();
      List<String> runs = new ArrayList<>();
      for (SiimLabels.Row r : labels.rows()) {
        ids.add(r.imageId());
        runs.add(r.encodedPixels());
      }
      return new LabelRows(labels.codec().name(), labels.width(), labels.height(), ids, runs);
    }

    synchronized SiimLabels labels() {
      if (labels == null) {
        SiimLabels.Builder b = SiimLabels.builder(RleCodec.byName(codec), width, height);
        for (int i = 0; i < ids.size(); i++) {
          b.addEncoded(ids.get(i), runs.get(i));
        }
        labels = b.build();
      }
      return labels;
    }
  }
}
