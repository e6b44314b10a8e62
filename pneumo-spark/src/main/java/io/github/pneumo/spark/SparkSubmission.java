package io.github.pneumo.spark;

import static org.apache.spark.sql.functions.col;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Iterators;
import io.github.pneumo.PneumoException;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.submission.SubmissionWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes the Kaggle submission of a distributed run: the mask rows of {@link SparkInference#masks} joined
 * to the sample submission's order (one line per distinct id, {@code ImageId,EncodedPixels}), streamed to
 * the driver one partition at a time and written there as one CSV, in the same format as {@code pneumo
 * submit}. The inference runs once, in parallel (its rows are persisted for the join); only the small RLE
 * rows ever reach the driver.
 *
 * <p>As {@code pneumo submit}: an id of the sample submission without a prediction is an error naming the
 * ids, and the file is written atomically (no file is left on error). Two input files with one id are an
 * error naming both. Inputs that could not be read are listed in the summary.
 */
public final class SparkSubmission {
  private static final String ORDINAL = "ordinal";

  private SparkSubmission() {}

  /**
   * Counts of a written submission.
   *
   * @param file the CSV written
   * @param rows rows written (one per sample id)
   * @param nonEmpty rows with a non-empty mask
   * @param images input files seen (predicted or skipped)
   * @param skipped inputs that could not be read, sorted by path
   */
  public record Summary(Path file, int rows, int nonEmpty, long images, List<SkippedInput> skipped) {
    /** Copies the list. */
    public Summary {
      skipped = ImmutableList.copyOf(skipped);
    }
  }

  /**
   * Runs the mask rows and writes the submission.
   *
   * @param masks rows of {@link SparkInference#MASK_SCHEMA}
   * @param sample the sample submission (its ids and their order)
   * @param output the CSV to write (replaced atomically)
   * @return counts and the skipped inputs
   * @throws PneumoException naming the sample ids without a prediction, or two files with one id
   */
  public static Summary write(Dataset<Row> masks, SiimLabels sample, Path output) {
    Dataset<Row> results = masks.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long images = results.count();
      List<SkippedInput> skipped = new ArrayList<>();
      for (Row r : results.filter(col(SparkInference.ERROR).isNotNull())
          .select(SparkInference.PATH, SparkInference.ERROR).orderBy(SparkInference.PATH).collectAsList()) {
        skipped.add(new SkippedInput(r.getString(0), r.getString(1)));
      }
      Dataset<Row> ok = results.filter(col(SparkInference.ERROR).isNull());
      rejectDuplicates(ok);
      Dataset<Row> joined = sampleOrder(results.sparkSession(), sample)
          .join(ok.select(SparkInference.ID, SparkInference.ENCODED_PIXELS, SparkInference.NON_EMPTY),
              scalaSeq(SparkInference.ID), "left");
      rejectMissing(joined, sample, skipped.size());
      Iterator<Row> rows = joined.orderBy(ORDINAL)
          .select(SparkInference.ID, SparkInference.ENCODED_PIXELS, SparkInference.NON_EMPTY).toLocalIterator();
      SubmissionWriter.Summary s = SubmissionWriter.writeLines(output, Iterators.transform(rows,
          r -> new SubmissionWriter.Line(r.getString(0), r.getString(1), r.getBoolean(2))));
      return new Summary(s.file(), s.rows(), s.nonEmpty(), images, skipped);
    } finally {
      results.unpersist();
    }
  }

  private static Dataset<Row> sampleOrder(SparkSession spark, SiimLabels sample) {
    List<Row> order = new ArrayList<>();
    for (String id : sample.imageIds()) {
      order.add(RowFactory.create(order.size(), id));
    }
    StructType schema = new StructType()
        .add(ORDINAL, DataTypes.IntegerType, false)
        .add(SparkInference.ID, DataTypes.StringType, false);
    return spark.createDataFrame(order, schema);
  }

  private static void rejectDuplicates(Dataset<Row> ok) {
    List<Row> dups = ok.groupBy(SparkInference.ID)
        .agg(functions.count("*").as("n"), functions.sort_array(functions.collect_list(SparkInference.PATH)).as("paths"))
        .filter(col("n").gt(1)).orderBy(SparkInference.ID).limit(1).collectAsList();
    if (!dups.isEmpty()) {
      List<String> paths = dups.get(0).getList(2);
      throw new PneumoException("two DICOM files with image id '" + dups.get(0).getString(0) + "': "
          + String.join(" and ", paths));
    }
  }

  private static void rejectMissing(Dataset<Row> joined, SiimLabels sample, int skipped) {
    Dataset<Row> missing = joined.filter(col(SparkInference.ENCODED_PIXELS).isNull());
    long n = missing.count();
    if (n == 0) {
      return;
    }
    List<String> first = new ArrayList<>();
    for (Row r : missing.orderBy(ORDINAL).select(SparkInference.ID).limit(10).collectAsList()) {
      first.add(r.getString(0));
    }
    PneumoException e = SubmissionWriter.missingPredictions(sample, n, first);
    throw skipped == 0 ? e : new PneumoException(e.getMessage() + " (" + skipped + " input(s) could not be read)");
  }

  @SuppressWarnings("unchecked")
  private static scala.collection.immutable.Seq<String> scalaSeq(String... columns) {
    return (scala.collection.immutable.Seq<String>) scala.jdk.javaapi.CollectionConverters.asScala(
        java.util.Arrays.asList(columns)).toSeq();
  }
}
