package io.github.pneumo.spark;

import com.google.common.base.Preconditions;
import io.github.pneumo.PneumoException;
import io.github.pneumo.data.cache.DicomTree;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A DICOM tree as a Spark {@link Dataset}, through Spark's {@code binaryFile} source: every {@code *.dcm}
 * file under a root, at any depth, on any file system Hadoop reaches (local, HDFS, S3A…).
 *
 * <p>Two shapes, both with the column {@value #PATH} (Spark's path string, e.g. {@code file:/data/a.dcm}):
 *
 * <ul>
 *   <li>{@link #read}: also {@value #CONTENT}, the file's bytes, read by Spark; partitions follow Spark's
 *       file splitting ({@code spark.sql.files.maxPartitionBytes}, {@code spark.sql.files.openCostInBytes}).
 *   <li>{@link #list}: paths only, in a chosen number of partitions; each task then reads its files itself
 *       (paths → bytes), so no image bytes are shuffled to repartition.
 * </ul>
 *
 * <p>{@link SparkInference} and {@link SparkPrepare} accept either shape. As with every Spark file source,
 * names that start with {@code _} or {@code .} are hidden and not listed. The image id of a file is its name
 * without {@code .dcm}, as for {@code pneumo infer}.
 */
public final class DicomFiles {
  /** Column of the file's path string. */
  public static final String PATH = "path";
  /** Column of the file's bytes ({@link #read} only). */
  public static final String CONTENT = "content";

  private DicomFiles() {}

  /**
   * The DICOM files under a root with their bytes.
   *
   * @param spark the session
   * @param root a folder (a local path or a Hadoop URI)
   * @return rows ({@value #PATH}, {@value #CONTENT}), read lazily by Spark
   * @throws PneumoException if the root does not exist
   */
  public static Dataset<Row> read(SparkSession spark, String root) {
    return source(spark, root).select(PATH, CONTENT);
  }

  /**
   * The DICOM files under a root, without their bytes, in a given number of partitions.
   *
   * @param spark the session
   * @param root a folder (a local path or a Hadoop URI)
   * @param partitions the number of partitions (&ge; 1), e.g. a few per executor core
   * @return rows ({@value #PATH}), hash-partitioned by path
   * @throws PneumoException if the root does not exist
   */
  public static Dataset<Row> list(SparkSession spark, String root, int partitions) {
    Preconditions.checkArgument(partitions >= 1, "partitions must be >= 1, got %s", partitions);
    return source(spark, root).select(PATH).repartition(partitions, functions.col(PATH));
  }

  private static Dataset<Row> source(SparkSession spark, String root) {
    if (!HadoopFiles.of(spark).exists(root)) {
      throw new PneumoException("DICOM folder not found: " + root);
    }
    return spark.read().format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.dcm")
        .load(root);
  }

  /**
   * The image id of a file: its name without {@code .dcm}.
   *
   * @param path a path string as in the {@value #PATH} column
   * @return the id
   */
  public static String imageId(String path) {
    return DicomTree.imageId(HadoopFiles.displayPath(path));
  }
}
