/**
 * pneumo on Apache Spark: a DICOM tree as a {@code Dataset} ({@link io.github.pneumo.spark.DicomFiles}),
 * distributed training-cache preparation ({@link io.github.pneumo.spark.SparkPrepare}), batch inference
 * with one model per executor JVM ({@link io.github.pneumo.spark.SparkInference}, {@link
 * io.github.pneumo.spark.ModelSpec}) and the Kaggle submission written by the driver in the sample
 * submission's order ({@link io.github.pneumo.spark.SparkSubmission}).
 *
 * <p>Spark is a {@code provided} dependency: the cluster's Spark 4 (Scala 2.13) is used. Only small rows
 * (RLE strings, counts, the list of skipped files) ever reach the driver; images and probability maps
 * stay on the executors, one at a time per task.
 */
@NullMarked
package io.github.pneumo.spark;

import org.jspecify.annotations.NullMarked;
