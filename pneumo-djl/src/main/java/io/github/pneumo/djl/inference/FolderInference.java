package io.github.pneumo.djl.inference;

import io.github.pneumo.PneumoException;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.dicom.RadiographReader;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.io.SafeNames;
import io.github.pneumo.io.SkippedInputs;
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
   * @param source names an id's input for messages and {@code skipped.csv} (its file)
   * @param skipped inputs found but not usable (not a regular file, an unsafe or duplicate id), with reasons
   */
  public record Images(List<String> ids, Function<String, GreyImage> reader, Function<String, String> source,
      List<SkippedInputs.Entry> skipped) {

    /** Copies the lists. */
    public Images {
      ids = List.copyOf(ids);
      skipped = List.copyOf(skipped);
    }

    /**
     * Images with a reader, named by their ids, none skipped.
     *
     * @param ids the image ids, in prediction order
     * @param reader reads the model's input image of an id
     */
    public Images(List<String> ids, Function<String, GreyImage> reader) {
      this(ids, reader, id -> id, List.of());
    }

    /**
     * Every DICOM under a folder, at any depth (the folder itself included; id = file name without
     * {@code .dcm}), read with pneumo's DICOM reader.
     *
     * @param root the folder
     * @return the images, in file order
     * @throws PneumoException when the folder cannot be listed
     */
    public static Images dicomFolder(Path root) {
      return dicomFolder(root, RadiographReader.builtIn());
    }

    /**
     * Every DICOM under a folder, at any depth, read with the given reader. Entries named {@code *.dcm}
     * that are not regular files, files whose id is not a safe file name ({@link SafeNames}) and second
     * files of one id are listed in {@link #skipped()}.
     *
     * @param root the folder
     * @param reader how a file becomes the model's input
     * @return the images, in file order
     * @throws PneumoException when the folder cannot be listed
     */
    public static Images dicomFolder(Path root, RadiographReader reader) {
      DicomTree.Scan scan = DicomTree.scanAnyDepth(root);
      Map<String, Path> files = new HashMap<>();
      List<String> ids = new java.util.ArrayList<>();
      List<SkippedInputs.Entry> skipped = new java.util.ArrayList<>();
      scan.skipped().forEach(f -> skipped.add(new SkippedInputs.Entry(f.file().toString(), f.reason())));
      for (Path f : scan.files()) {
        String id = DicomTree.imageId(f);
        if (!SafeNames.isSafe(id)) {
          skipped.add(new SkippedInputs.Entry(f.toString(), "its name gives the image id '" + id + "', not a safe "
              + "map file name (allowed: letters, digits, '.', '_', '-', not starting with '.')"));
          continue;
        }
        Path before = files.putIfAbsent(id, f);
        if (before != null) {
          skipped.add(new SkippedInputs.Entry(f.toString(), "duplicate image id '" + id + "' (also " + before + ")"));
          continue;
        }
        ids.add(id);
      }
      return new Images(ids, id -> reader.read(files.get(id)), id -> files.get(id).toString(), skipped);
    }
  }

  /**
   * Counts of a run.
   *
   * @param images images found
   * @param predicted maps written by this run
   * @param skipped ids skipped because their map existed
   * @param failed inputs that could not be used (at listing, or unreadable when predicted), with reasons
   */
  public record Summary(int images, int predicted, int skipped, List<SkippedInputs.Entry> failed) {
    /** Copies the list. */
    public Summary {
      failed = List.copyOf(failed);
    }

    /**
     * Counts of a run without failures.
     *
     * @param images images found
     * @param predicted maps written by this run
     * @param skipped ids skipped because their map existed
     */
    public Summary(int images, int predicted, int skipped) {
      this(images, predicted, skipped, List.of());
    }
  }

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
   * Runs the model over the images, failing at the first image that cannot be read.
   *
   * @param model the model
   * @param images the images
   * @param store where the maps go
   * @param resume skip ids whose map exists
   * @param progress a progress bar factory, given the number of images to predict
   * @return counts
   * @throws PneumoException when an image cannot be read, or the images list skipped inputs
   */
  public static Summary run(SegmentationModel model, Images images, MapStore store, boolean resume,
      Function<Integer, ProgressBar> progress) {
    if (!images.skipped().isEmpty()) {
      SkippedInputs.Entry first = images.skipped().get(0);
      throw new PneumoException(first.input() + ": " + first.reason());
    }
    return run(model, images, store, resume, progress, false);
  }

  /**
   * Runs the model over the images, going on past inputs that cannot be read: each is listed in the
   * summary's {@link Summary#failed()} with its reason (with those the images skipped at listing), and
   * gets no map, so a resumed run retries it.
   *
   * @param model the model
   * @param images the images
   * @param store where the maps go
   * @param resume skip ids whose map exists
   * @param progress a progress bar factory, given the number of images to predict
   * @return counts and the skipped inputs
   * @throws PneumoException when a map cannot be written
   */
  public static Summary runSkippingBadInputs(SegmentationModel model, Images images, MapStore store,
      boolean resume, Function<Integer, ProgressBar> progress) {
    return run(model, images, store, resume, progress, true);
  }

  private static Summary run(SegmentationModel model, Images images, MapStore store, boolean resume,
      Function<Integer, ProgressBar> progress, boolean goOn) {
    List<String> todo = pending(images, store, resume);
    int skipped = images.ids().size() - todo.size();
    if (skipped > 0) {
      LOG.info("resuming: {} of {} maps already in {}", skipped, images.ids().size(), store.directory());
    }
    List<SkippedInputs.Entry> failed = new java.util.ArrayList<>(images.skipped());
    int predicted = 0;
    try (ProgressBar bar = progress.apply(todo.size())) {
      for (String id : todo) {
        GreyImage image;
        try {
          image = images.reader().apply(id);
        } catch (PneumoException e) {
          if (!goOn) {
            throw e;
          }
          String input = images.source().apply(id);
          String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          LOG.warn("skipped {}: {}", input, reason);
          failed.add(new SkippedInputs.Entry(input, reason));
          bar.step();
          continue;
        }
        store.write(id, model.predict(image));
        predicted++;
        bar.step();
      }
    }
    return new Summary(images.ids().size(), predicted, skipped, failed);
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
