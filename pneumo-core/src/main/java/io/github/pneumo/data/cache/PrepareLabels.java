package io.github.pneumo.data.cache;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import com.google.common.io.ByteStreams;
import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The label file of a cache preparation: read once for images of any size (each image's runs are decoded
 * at its own size), identified by its SHA-256 and codec for the cache manifest, and checked to label the
 * images it is used for.
 *
 * <p>Coverage rule: a label file that labels none of the train images, or fewer than half of them
 * ({@link #MIN_LABELLED_FRACTION}), is refused, since it is almost certainly the wrong file, the wrong
 * codec or a truncated copy (the real SIIM stage-1 file labels 10,675 of the 10,712 train images, 99.7%).
 * Above the bar, train images without a row are cached as negatives, as the original does; their count is
 * reported.
 */
public final class PrepareLabels implements CachePreparer.LabelSource {
  /** The smallest fraction of train images the label file must label. */
  public static final double MIN_LABELLED_FRACTION = 0.5;

  private final SiimLabels labels;
  private final String identity;

  private PrepareLabels(SiimLabels labels, String identity) {
    this.labels = labels;
    this.identity = identity;
  }

  /**
   * Reads a label file.
   *
   * @param file the CSV, plain or gzip
   * @param codec its RLE format
   * @return the labels
   * @throws io.github.pneumo.data.LabelFormatException for a malformed line, naming file and line
   * @throws PneumoException when the file cannot be read
   */
  public static PrepareLabels read(Path file, RleCodec codec) {
    SiimLabels labels = SiimLabels.readAnySize(file, codec);
    return new PrepareLabels(labels, "sha256:" + sha256(file) + " " + codec.name() + " ("
        + file.getFileName() + ")");
  }

  /** @return the labels as read */
  public SiimLabels labels() {
    return labels;
  }

  /**
   * What the cache manifest records: {@code sha256:<hex> <codec> (<file name>)}.
   *
   * @return the identity
   */
  public String identity() {
    return identity;
  }

  /**
   * Applies the coverage rule to the train images of a run.
   *
   * @param trainIds the ids of the train images found
   * @return how many of them have no row (cached as negatives)
   * @throws PneumoException when the file labels none, or fewer than half, of the train images
   */
  public int checkCoverage(List<String> trainIds) {
    if (trainIds.isEmpty()) {
      return 0;
    }
    Path file = labels.source();
    if (labels.rows().isEmpty()) {
      throw new PneumoException("label file " + file + " has no rows, so it labels none of the " + trainIds.size()
          + " train images; refusing to cache them all as negatives");
    }
    int labelled = 0;
    String unlabelledExample = null;
    for (String id : trainIds) {
      if (labels.contains(id)) {
        labelled++;
      } else if (unlabelledExample == null) {
        unlabelledExample = id;
      }
    }
    if (labelled == 0) {
      throw new PneumoException("label file " + file + " labels none of the " + trainIds.size() + " train images "
          + "(e.g. image " + trainIds.get(0) + "; its first id is " + labels.imageIds().get(0)
          + "): wrong label file or data folder?");
    }
    if (labelled < MIN_LABELLED_FRACTION * trainIds.size()) {
      throw new PneumoException("label file " + file + " labels only " + labelled + " of the " + trainIds.size()
          + " train images (fewer than half; e.g. no row for " + unlabelledExample + "): wrong or truncated "
          + "label file?");
    }
    return trainIds.size() - labelled;
  }

  @Override
  public List<Mask> masks(String imageId, int width, int height) {
    return labels.contains(imageId) ? labels.annotationMasks(imageId, width, height) : List.of();
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file);
         HashingInputStream h = new HashingInputStream(Hashing.sha256(), in)) {
      ByteStreams.exhaust(h);
      return h.hash().toString();
    } catch (IOException e) {
      throw new PneumoException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
