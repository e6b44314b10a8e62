package io.github.pneumo.examples.demo;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.dicom.RadiographPredictor;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.synth.SyntheticDataset;
import io.github.pneumo.threshold.SearchResult;
import io.github.pneumo.threshold.ThresholdSearch;
import io.github.pneumo.threshold.ValidationSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures, on a finished demo's validation fold, the two ways of combining a fold's top-k checkpoints:
 * the original's equal-weight mean of k models' probabilities (k forward passes) against one model whose
 * weights are the mean of the k checkpoints' weights (one pass). Both run with flip TTA; each is scored with
 * the exact grid search, and the best triplet's mean Dice is printed for both.
 *
 * <p>Run after {@code pneumo demo --out DIR}: {@code java -cp "$(./pneumo classpath)"
 * io.github.pneumo.examples.demo.EnsembleComparison DIR} (the demo keeps its top-3 checkpoints).
 */
public final class EnsembleComparison {
  private EnsembleComparison() {}

  /**
   * Entry point.
   *
   * @param args the demo's output folder, then optionally the training size (default 128)
   * @throws IOException when the checkpoints cannot be listed
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int trainSize = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    Path data = out.resolve("data");
    Path foldDir = out.resolve("work/experiment/checkpoints/fold" + Demo.VALIDATION_FOLD);
    List<Path> checkpoints;
    try (Stream<Path> s = Files.list(foldDir)) {
      checkpoints = s.filter(p -> p.getFileName().toString().matches(".*_epoch\\d+\\.safetensors")).sorted().toList();
    }
    if (checkpoints.size() < 2) {
      throw new PneumoException("need at least two epoch checkpoints in " + foldDir + ", found " + checkpoints);
    }
    List<Path> files = DicomTree.find(data.resolve(SyntheticDataset.TRAIN_DIR));
    Map<String, Path> dicoms = new HashMap<>();
    files.forEach(f -> dicoms.put(DicomTree.imageId(f), f));
    int size = io.github.pneumo.dicom.Dicom.read(files.get(0)).rows();
    SiimLabels labels = SiimLabels.read(data.resolve(SyntheticDataset.TRAIN_LABELS), RleCodec.relative(), size, size);
    List<String> ids = Folds.read(data.resolve(SyntheticDataset.FOLDS)).validationIds(Demo.VALIDATION_FOLD);

    double[] scores = new double[2];
    String[] names = {"probability ensemble of " + checkpoints.size(), "weight average of " + checkpoints.size()};
    for (int mode = 0; mode < 2; mode++) {
      DjlSegmentationModel.Builder b = DjlSegmentationModel.builder("albunet").flip(true).inputSize(trainSize)
          .normalization(Normalization.UNIT);
      b = mode == 0 ? b.ensemble(checkpoints) : b.weightAverage(checkpoints);
      MapStore maps = MapStore.open(out.resolve("work/maps/compare-" + mode));
      long start = System.nanoTime();
      try (SegmentationModel model = b.build()) {
        for (String id : ids) {
          maps.write(id, RadiographPredictor.of(model).predict(dicoms.get(id)));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      SearchResult r = ThresholdSearch.of(Demo.grid(size)).search(ids.size(),
          i -> ValidationSample.of(ids.get(i), maps.read(ids.get(i)), labels.mask(ids.get(i))));
      scores[mode] = r.bestScore();
      System.out.printf(Locale.ROOT, "%s: best triplet %s, mean Dice %.4f on %d validation images, inference %.1f s%n",
          names[mode], r.best(), r.bestScore(), ids.size(), seconds);
    }
    System.out.printf(Locale.ROOT, "weight average - probability ensemble: %+.4f%n", scores[1] - scores[0]);
  }
}
