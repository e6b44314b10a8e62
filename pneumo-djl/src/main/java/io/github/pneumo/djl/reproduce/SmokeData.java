package io.github.pneumo.djl.reproduce;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.data.cache.CachePreparer;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.data.cache.PrepareSummary;
import io.github.pneumo.dicom.RadiographReader;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The smoke profile's data: a small synthetic SIIM-format dataset, its training cache and folds files in
 * the layout of {@link ReproductionData}. {@code train_folds_5.csv} is the generated stratified split;
 * {@code 2nd_stage_folds.csv} is the same with the last fold renamed {@code stage_2}, an always-train
 * pseudo-fold like the original's stage-1 test images. Written once; a completed folder is reused.
 */
final class SmokeData {
  /** Image side of the smoke profile. */
  static final int SIZE = 64;
  static final int TRAIN_IMAGES = 12;
  static final int TEST_IMAGES = 4;
  static final int FOLDS = 3;
  private static final String DONE = "smoke-data.done";

  private SmokeData() {}

  /**
   * Makes (or reuses) the smoke dataset.
   *
   * @param dir the data folder
   * @param seed the generator's seed
   * @return the data
   */
  static ReproductionData ensure(Path dir, long seed) {
    if (Files.exists(dir.resolve(DONE))) {
      return new ReproductionData(dir).check();
    }
    Path siim = dir.resolve("siim");
    SyntheticDataset.builder().train(TRAIN_IMAGES).test(TEST_IMAGES).size(SIZE).seed(seed).positiveRate(0.5)
        .folds(FOLDS).threads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()))).overwrite(true)
        .build().write(siim);
    SiimLabels labels = SiimLabels.read(siim.resolve(SyntheticDataset.TRAIN_LABELS), RleCodec.relative(), SIZE, SIZE);
    PrepareSummary summary = CachePreparer.builder()
        .output(dir.resolve(ReproductionData.CACHE))
        .size(SIZE)
        .threads(2)
        .reader(RadiographReader.builtIn()::read)
        .labels(id -> labels.contains(id) ? labels.annotationMasks(id) : List.of())
        .build()
        .prepare(DicomTree.find(siim.resolve(SyntheticDataset.TRAIN_DIR)), DicomTree.find(siim.resolve(SyntheticDataset.TEST_DIR)));
    if (!summary.failures().isEmpty()) {
      throw new ReproductionException("the smoke dataset's cache could not be prepared: " + summary.describe());
    }
    Folds folds = Folds.read(siim.resolve(SyntheticDataset.FOLDS));
    folds.write(dir.resolve("folds").resolve("train_folds_5.csv"));
    String last = folds.foldNames().get(folds.foldNames().size() - 1);
    List<Folds.Entry> second = new ArrayList<>();
    for (Folds.Entry e : folds.entries()) {
      second.add(e.fold().equals(last) ? new Folds.Entry(e.imageId(), "stage_2", e.positive()) : e);
    }
    Folds.of(second).write(dir.resolve("folds").resolve("2nd_stage_folds.csv"));
    try {
      AtomicFiles.writeBytes(dir.resolve(ReproductionData.SAMPLE_SUBMISSION),
          Files.readAllBytes(siim.resolve(SyntheticDataset.SAMPLE_SUBMISSION)));
      AtomicFiles.writeBytes(dir.resolve(ReproductionData.TEST_LABELS),
          Files.readAllBytes(siim.resolve(SyntheticDataset.TEST_LABELS)));
    } catch (IOException e) {
      throw new PneumoException("cannot copy the smoke dataset's CSV files into " + dir + ": " + e.getMessage(), e);
    }
    AtomicFiles.writeString(dir.resolve(DONE), "seed " + seed + "\n");
    return new ReproductionData(dir).check();
  }
}
