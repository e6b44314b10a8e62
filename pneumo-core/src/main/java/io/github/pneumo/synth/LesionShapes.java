package io.github.pneumo.synth;

import com.google.common.collect.ImmutableList;
import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real pneumothorax shapes from a SIIM label file ({@code ImageId,EncodedPixels}, relative RLE in 1024²
 * chest coordinates, gzip or plain, read with {@link SiimLabels}): every positive image becomes one case, keeping all its annotations.
 * Cases are resampled (nearest neighbour at pixel centres) to the output size; annotations that vanish
 * at a small size are dropped, and a case where all vanish is not drawn.
 */
final class LesionShapes {

  static final int SOURCE_SIZE = 1024;

  private final Path file;
  private final SiimLabels labels;
  private final List<String> cases;

  private LesionShapes(Path file, SiimLabels labels, List<String> cases) {
    this.file = file;
    this.labels = labels;
    this.cases = cases;
  }

  /**
   * Loads and validates a label file.
   *
   * @throws PneumoException naming the file (and line) when it cannot be read or parsed, or holds no
   *     annotation
   */
  static LesionShapes load(Path file) {
    SiimLabels labels = SiimLabels.read(file, RleCodec.relative(), SOURCE_SIZE, SOURCE_SIZE);
    List<String> positives = labels.positiveIds();
    if (positives.isEmpty()) {
      throw new SyntheticDataException("shapes file " + file + " has no pneumothorax annotation");
    }
    return new LesionShapes(file, labels, ImmutableList.copyOf(positives));
  }

  /** The file the shapes came from. */
  Path file() {
    return file;
  }

  /** Number of positive cases. */
  int caseCount() {
    return cases.size();
  }

  /**
   * Draws a random case resampled to the output size.
   *
   * @return its annotations (at least one, none empty)
   */
  List<Mask> draw(SplittableRandom rng, int size) {
    for (int attempt = 0; ; attempt++) {
      String id = cases.get(rng.nextInt(cases.size()));
      List<Mask> out = new ArrayList<>();
      for (Mask annotation : labels.annotationMasks(id)) {
        Mask m = resample(annotation, size);
        if (!m.isEmpty()) {
          out.add(m);
        }
      }
      if (!out.isEmpty() || attempt > 1000) {
        if (out.isEmpty()) {
          throw new SyntheticDataException("no shape in " + file + " survives resampling to " + size + "²");
        }
        return out;
      }
    }
  }

  /** Nearest-neighbour resampling sampled at pixel centres. */
  static Mask resample(Mask m, int size) {
    if (m.width() == size && m.height() == size) {
      return m;
    }
    int[] src = new int[size];
    for (int i = 0; i < size; i++) {
      src[i] = (int) Math.floor((i + 0.5) * m.width() / size);
    }
    Mask.Builder b = Mask.builder(size, size);
    for (int x = 0; x < size; x++) {
      long column = (long) src[x] * m.height();
      for (int y = 0; y < size; y++) {
        if (m.getFlat(column + src[y])) {
          b.set(x, y);
        }
      }
    }
    return b.build();
  }
}
