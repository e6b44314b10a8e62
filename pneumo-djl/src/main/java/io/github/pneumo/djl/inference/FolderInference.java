package io.github.pneumo.djl.inference;

import io.github.pneumo.PneumoException;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.dicom.RadiographReader;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.util.ProgressBar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inference over a set of images into a {@link MapStore}: one 8-bit map per image id, written as soon as
 * it is predicted, so memory does not grow with the number of images. With resumption on, ids whose map
 * already exists are skipped, so an interrupted run continues where it stopped (map writes are atomic, so
 * an existing map is always complete). The images are a folder of DICOMs ({@code pneumo infer}) or any ids
 * with a reader, e.g. the test images of a training cache (the reproduction's ensemble inference).
 *
 * <pre>{@code
 * FolderInference.Summary s = FolderInference.run(model, FolderInference.Images.dicomFolder(dir),
 *     MapStore.open(out), true, n -> ProgressBar.create("infer", n, System.err));
 * }</pre>
 */
public final class FolderInference {
  private static final Logger LOG = LoggerFactory.getLogger(FolderInference.class);

  /** The file of a map folder listing the checkpoints its maps were made from. */
  public static final String CHECKPOINT_LIST = "checkpoints.txt";

  private FolderInference() {}

  /**
   * The images of a run.
   *
   * @param ids the image ids, in prediction order
   * @param reader reads the model's input image of an id
   */
  public record Images(List<String> ids, Function<String, GreyImage> reader) {

    /** Copies the ids. */
    public Images {
      ids = List.copyOf(ids);
    }

    /**
     * Every DICOM under a folder (recursively; id = file name without {@code .dcm}), read with pneumo's
     * DICOM reader.
     *
     * @param root the folder
     * @return the images, in file order
     * @throws PneumoException when two files share an id
     */
    public static Images dicomFolder(Path root) {
      return dicomFolder(root, RadiographReader.builtIn());
    }

    /**
     * Every DICOM under a folder, read with the given reader.
     *
     * @param root the folder
     * @param reader how a file becomes the model's input
     * @return the images, in file order
     * @throws PneumoException when two files share an id
     */
    public static Images dicomFolder(Path root, RadiographReader reader) {
      Map<String, Path> files = new HashMap<>();
      List<String> ids = new java.util.ArrayList<>();
      for (Path f : DicomTree.find(root)) {
        String id = DicomTree.imageId(f);
        Path before = files.put(id, f);
        if (before != null) {
          throw new PneumoException("two DICOM files with image id '" + id + "': " + before + " and " + f);
        }
        ids.add(id);
      }
      return new Images(ids, id -> reader.read(files.get(id)));
    }
  }

  /**
   * Counts of a run.
   *
   * @param images images found
   * @param predicted maps written by this run
   * @param skipped ids skipped because their map existed
   */
  public record Summary(int images, int predicted, int skipped) {}

  /**
   * The ids a run would predict.
   *
   * @param images the images
   * @param store where the maps go
   * @param resume skip ids whose map exists
   * @return the ids, in order
   */
  public static List<String> pending(Images images, MapStore store, boolean resume) {
    return images.ids().stream().filter(id -> !(resume && store.contains(id))).toList();
  }

  /**
   * Runs the model over the images.
   *
   * @param model the model
   * @param images the images
   * @param store where the maps go
   * @param resume skip ids whose map exists
   * @param progress a progress bar factory, given the number of images to predict
   * @return counts
   * @throws PneumoException when an image cannot be read
   */
  public static Summary run(SegmentationModel model, Images images, MapStore store, boolean resume,
      Function<Integer, ProgressBar> progress) {
    List<String> todo = pending(images, store, resume);
    int skipped = images.ids().size() - todo.size();
    if (skipped > 0) {
      LOG.info("resuming: {} of {} maps already in {}", skipped, images.ids().size(), store.directory());
    }
    try (ProgressBar bar = progress.apply(todo.size())) {
      for (String id : todo) {
        store.write(id, model.predict(images.reader().apply(id)));
        bar.step();
      }
    }
    return new Summary(images.ids().size(), todo.size(), skipped);
  }

  /**
   * Opens a map folder for maps made from the given checkpoints, recorded in its {@value #CHECKPOINT_LIST}:
   * when the folder holds maps of other checkpoints, those maps (and the old list) are deleted first, so a
   * resumed run never mixes two ensembles.
   *
   * @param dir the folder
   * @param checkpoints the checkpoints the maps are made from
   * @return the store
   */
  public static MapStore openForCheckpoints(Path dir, List<Path> checkpoints) {
    String list = String.join("\n", checkpoints.stream().map(Path::toString).toList()) + "\n";
    Path listFile = dir.resolve(CHECKPOINT_LIST);
    try {
      if (Files.exists(listFile) && !Files.readString(listFile, StandardCharsets.UTF_8).equals(list)) {
        clearMaps(dir);
      }
    } catch (IOException e) {
      throw new PneumoException("cannot read " + listFile + ": " + e.getMessage(), e);
    }
    MapStore store = MapStore.open(dir);
    AtomicFiles.writeString(listFile, list);
    return store;
  }

  private static void clearMaps(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(MapStore.SUFFIX) || name.equals(CHECKPOINT_LIST)) {
          Files.delete(p);
        }
      }
    }
  }
}
