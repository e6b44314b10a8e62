package io.github.pneumo.djl.reproduce;

import io.github.pneumo.data.cache.TrainingCache;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.maps.MapStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The original's Inference.py for one experiment: the mean probability over every selected checkpoint
 * (with flip TTA) of each test image of the cache, written to a {@link MapStore}. Restartable: the maps
 * folder records the checkpoints it was made from ({@code checkpoints.txt}); images already there are
 * skipped, and a folder made from other checkpoints is cleared first.
 */
final class EnsembleInference {
  static final String CHECKPOINT_LIST = "checkpoints.txt";

  private EnsembleInference() {}

  /**
   * Writes the maps.
   *
   * @param config the inference settings
   * @param checkpoints the selected checkpoint files
   * @param cache the cache whose test images are inferred
   * @return the number of maps written in this call
   */
  static int run(InferenceConfig config, List<Path> checkpoints, TrainingCache cache) {
    for (Path c : checkpoints) {
      if (!Files.isRegularFile(c)) {
        throw new ReproductionException("selected checkpoint " + c + " does not exist (" + config.file() + ")");
      }
    }
    Path dir = config.result();
    String list = String.join("\n", checkpoints.stream().map(Path::toString).toList()) + "\n";
    Path listFile = dir.resolve(CHECKPOINT_LIST);
    try {
      if (Files.exists(listFile) && !Files.readString(listFile, StandardCharsets.UTF_8).equals(list)) {
        clear(dir);
      }
    } catch (IOException e) {
      throw new ReproductionException("cannot read " + listFile + ": " + e.getMessage(), e);
    }
    MapStore store = MapStore.open(dir);
    AtomicFiles.writeString(listFile, list);
    List<String> todo = cache.testIds().stream().filter(id -> !store.contains(id)).toList();
    if (todo.isEmpty()) {
      return 0;
    }
    int done = 0;
    try (DjlSegmentationModel model = DjlSegmentationModel.builder(config.architecture()).ensemble(checkpoints)
        .flip(config.flip()).inputSize(config.size()).normalization(config.normalization()).build()) {
      for (String id : todo) {
        store.write(id, model.predict(cache.image(id)));
        done++;
      }
    }
    return done;
  }

  private static void clear(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (p.getFileName().toString().endsWith(MapStore.SUFFIX) || p.getFileName().toString().equals(CHECKPOINT_LIST)) {
          Files.delete(p);
        }
      }
    }
  }
}
