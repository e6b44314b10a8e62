package io.github.pneumo.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.djl.inference.FolderInference;
import io.github.pneumo.maps.MapBlend;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.maps.QuantizedMap;
import io.github.pneumo.submission.SubmissionRule;
import io.github.pneumo.submission.SubmissionWriter;
import io.github.pneumo.util.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed route (DICOM dataset → one model per JVM → RLE rows → submission on the driver) against
 * the single-JVM route that {@code pneumo infer} + {@code pneumo submit} run ({@link FolderInference} into a
 * {@link MapStore}, then {@link SubmissionWriter}), on local[2].
 */
class SparkInferenceTest {
  /** Chosen on the random AlbuNet so that the 10 test images give both empty and non-empty masks. */
  static final TripletThreshold TRIPLET = new TripletThreshold(0.4, 5, 0.3);
  static final SubmissionRule RULE = new SubmissionRule(TRIPLET, null, 0, false, 128);

  @TempDir Path dir;
  final SparkTestData data = SparkTestData.get();
  final SparkSession spark = SparkTestData.spark();

  @AfterEach
  void clearHook() {
    SparkInference.failFirstAttempt = null;
  }

  /** The single-JVM submissions of the test set, by codec (computed once). */
  private static final Map<String, byte[]> REFERENCES = new ConcurrentHashMap<>();

  /** What pneumo infer + pneumo submit write for the test set. */
  private byte[] singleJvm(RleCodec codec) throws Exception {
    byte[] cached = REFERENCES.get(codec.name());
    if (cached != null) {
      return cached;
    }
    MapStore store = MapStore.open(dir.resolve("reference-maps"));
    try (SegmentationModel model = DjlSegmentationModel.builder("albunet").ensemble(List.of(data.weights)).flip(true)
        .build()) {
      FolderInference.run(model, FolderInference.Images.dicomFolder(data.dicoms), store, false, ProgressBar::quiet);
    }
    MapBlend maps = MapBlend.single(store);
    Path out = dir.resolve("reference.csv");
    SubmissionWriter.write(out, sample(), maps::contains, maps::read, RULE, codec);
    byte[] bytes = Files.readAllBytes(out);
    REFERENCES.put(codec.name(), bytes);
    return bytes;
  }

  private SiimLabels sample() {
    return SiimLabels.read(data.sample, RleCodec.relative(), 128, 128);
  }

  private SparkSubmission.Summary spark(Dataset<Row> dicoms, RleCodec codec, Path out) {
    return SparkSubmission.write(SparkInference.masks(dicoms, data.spec(), MaskRule.forSample(RULE, codec, sample())),
        sample(), out);
  }

  @Test
  void submissionIsByteIdenticalToInferThenSubmitAndTheModelIsBuiltOncePerJvm() throws Exception {
    byte[] reference = singleJvm(RleCodec.relative());
    String text = new String(reference, java.nio.charset.StandardCharsets.UTF_8);
    long nonEmpty = text.lines().skip(1).filter(l -> !l.endsWith(",-1")).count();
    assertThat(nonEmpty).as(text).isBetween(1L, (long) SparkTestData.TEST_IMAGES - 1);

    int builds = ExecutorModels.builds();
    Path listed = dir.resolve("listed.csv");
    SparkSubmission.Summary s = spark(DicomFiles.list(spark, data.dicoms.toString(), 5), RleCodec.relative(), listed);
    assertThat(Files.readAllBytes(listed)).isEqualTo(reference);
    assertThat(s.rows()).isEqualTo(SparkTestData.TEST_IMAGES);
    assertThat(s.images()).isEqualTo(SparkTestData.TEST_IMAGES);
    assertThat(s.nonEmpty()).isEqualTo((int) nonEmpty);
    assertThat(s.skipped()).isEmpty();

    Path read = dir.resolve("read.csv");
    spark(DicomFiles.read(spark, data.dicoms.toString()).repartition(3), RleCodec.relative(), read);
    assertThat(Files.readAllBytes(read)).isEqualTo(reference);
    // five partitions, then three, over two task threads, and two jobs: one model in this JVM
    assertThat(ExecutorModels.builds() - builds).isLessThanOrEqualTo(1);
    assertThat(ExecutorModels.builds()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void standardCodecIsIdenticalToo() throws Exception {
    byte[] reference = singleJvm(RleCodec.standard());
    Path out = dir.resolve("standard.csv");
    spark(DicomFiles.list(spark, data.dicoms.toString(), 2), RleCodec.standard(), out);
    assertThat(Files.readAllBytes(out)).isEqualTo(reference);
  }

  @Test
  void mapsAreThoseInferStores() throws Exception {
    MapStore store = MapStore.open(dir.resolve("maps"));
    try (SegmentationModel model = data.spec().load(List.of())) {
      FolderInference.run(model, FolderInference.Images.dicomFolder(data.dicoms), store, false, ProgressBar::quiet);
    }
    List<Row> rows = SparkInference.maps(DicomFiles.list(spark, data.dicoms.toString(), 3), data.spec()).collectAsList();
    assertThat(rows).hasSize(SparkTestData.TEST_IMAGES);
    for (Row r : rows) {
      QuantizedMap q = new QuantizedMap(r.getInt(2), r.getInt(3), (byte[]) r.get(4));
      assertThat(q).as(r.getString(0)).isEqualTo(store.read(r.getString(0)));
      assertThat(r.isNullAt(5)).isTrue();
    }
  }

  @Test
  void aBadDicomIsListedNotFatal() throws Exception {
    byte[] reference = singleJvm(RleCodec.relative());
    Path tree = data.copyOfDicoms(dir.resolve("with-bad"));
    Path bad = tree.resolve("study").resolve("series").resolve("1.2.3.bad.dcm");
    Files.createDirectories(bad.getParent());
    Files.write(bad, "DICM? not really".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    Path out = dir.resolve("out.csv");
    SparkSubmission.Summary s = spark(DicomFiles.list(spark, tree.toString(), 3), RleCodec.relative(), out);
    assertThat(Files.readAllBytes(out)).isEqualTo(reference);
    assertThat(s.images()).isEqualTo(SparkTestData.TEST_IMAGES + 1);
    assertThat(s.skipped()).hasSize(1);
    assertThat(s.skipped().get(0).path()).endsWith("study/series/1.2.3.bad.dcm");
    assertThat(s.skipped().get(0).reason()).contains("1.2.3.bad.dcm");
  }

  @Test
  void aBadDicomWhoseIdTheSampleListsIsAnErrorAndNoFileIsWritten() throws Exception {
    Path tree = data.copyOfDicoms(dir.resolve("broken"));
    Path victim;
    try (var s = Files.walk(tree)) {
      victim = s.filter(p -> p.toString().endsWith(".dcm")).sorted().findFirst().orElseThrow();
    }
    Files.write(victim, new byte[] {1, 2, 3});
    Path out = dir.resolve("out.csv");
    assertThatThrownBy(() -> spark(DicomFiles.list(spark, tree.toString(), 2), RleCodec.relative(), out))
        .isInstanceOf(PneumoException.class)
        .hasMessageContaining("1 image id(s)")
        .hasMessageContaining(victim.getFileName().toString().replace(".dcm", ""))
        .hasMessageContaining("1 input(s) could not be read");
    assertThat(out).doesNotExist();
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheOutputIsIdentical() throws Exception {
    byte[] reference = singleJvm(RleCodec.relative());
    SiimLabels sample = sample();
    String victim = sample.imageIds().get(4);
    Set<Long> failedTasks = ConcurrentHashMap.newKeySet();
    SparkInference.failFirstAttempt = id -> {
      if (id.equals(victim)) {
        failedTasks.add(org.apache.spark.TaskContext.get().taskAttemptId());
        return true;
      }
      return false;
    };
    Path out = dir.resolve("retried.csv");
    spark(DicomFiles.list(spark, data.dicoms.toString(), 4), RleCodec.relative(), out);
    assertThat(failedTasks).hasSize(1);
    assertThat(Files.readAllBytes(out)).isEqualTo(reference);
  }

  @Test
  void twoFilesWithOneIdAreAnError() throws Exception {
    Path tree = data.copyOfDicoms(dir.resolve("dup"));
    Path first;
    try (var s = Files.walk(tree)) {
      first = s.filter(p -> p.toString().endsWith(".dcm")).sorted().findFirst().orElseThrow();
    }
    Path copy = tree.resolve("other").resolve("series").resolve(first.getFileName());
    Files.createDirectories(copy.getParent());
    Files.copy(first, copy);
    assertThatThrownBy(() -> spark(DicomFiles.list(spark, tree.toString(), 2), RleCodec.relative(), dir.resolve("d.csv")))
        .isInstanceOf(PneumoException.class)
        .hasMessageContaining("two DICOM files with image id '" + first.getFileName().toString().replace(".dcm", "") + "'");
  }

  @Test
  void aMissingRootIsAClearError() {
    assertThatThrownBy(() -> DicomFiles.list(spark, dir.resolve("nope").toString(), 2))
        .isInstanceOf(PneumoException.class).hasMessageContaining("DICOM folder not found");
  }
}
