package io.github.pneumo.djl.inference;

import io.github.pneumo.PneumoException;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.dicom.RadiographPredictor;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.util.ProgressBar;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inference over a folder of DICOMs into a {@link MapStore}: one 8-bit map per image id, written as soon
 * as it is predicted, so memory does not grow with the number of images. With resumption on, ids whose
 * map already exists are skipped, so an interrupted run continues where it stopped (map writes are
 * atomic, so an existing map is always complete).
 */
public final class FolderInference {
  private static final Logger LOG = LoggerFactory.getLogger(FolderInference.class);

  private FolderInference() {}

  /**
   * Counts of a run.
   *
   * @param images DICOM files found
   * @param predicted maps written by this run
   * @param skipped ids skipped because their map existed
   */
  public record Summary(int images, int predicted, int skipped) {}

  /**
   * Runs the model over every DICOM under a folder (recursively; id = file name without {@code .dcm}).
   *
   * @param model the model
   * @param dicomRoot folder of DICOM files
   * @param store where the maps go
   * @param resume skip ids whose map exists
   * @param progress a progress bar factory, given the number of images to predict
   * @return counts
   * @throws PneumoException when two files share an id, or a file cannot be read
   */
  public static Summary run(SegmentationModel model, Path dicomRoot, MapStore store, boolean resume,
      Function<Integer, ProgressBar> progress) {
    List<Path> files = DicomTree.find(dicomRoot);
    Map<String, Path> seen = new HashMap<>();
    for (Path f : files) {
      Path before = seen.put(DicomTree.imageId(f), f);
      if (before != null) {
        throw new PneumoException("two DICOM files with image id '" + DicomTree.imageId(f) + "': " + before
            + " and " + f);
      }
    }
    List<Path> todo = files.stream().filter(f -> !(resume && store.contains(DicomTree.imageId(f)))).toList();
    int skipped = files.size() - todo.size();
    if (skipped > 0) {
      LOG.info("resuming: {} of {} maps already in {}", skipped, files.size(), store.directory());
    }
    RadiographPredictor predictor = RadiographPredictor.of(model);
    try (ProgressBar bar = progress.apply(todo.size())) {
      for (Path f : todo) {
        store.write(DicomTree.imageId(f), predictor.predict(f));
        bar.step();
      }
    }
    return new Summary(files.size(), todo.size(), skipped);
  }
}
