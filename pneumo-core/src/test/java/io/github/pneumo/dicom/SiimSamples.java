package io.github.pneumo.dicom;

import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real SIIM-ACR DICOMs the SEG tests write Segmentations of, with their labelled masks: the vendored
 * {@code data/siim-sample} of pneumo-testdata ({@link TestData#file(String)}: vendored, else the shared
 * folder, else a skip with a message).
 */
public final class SiimSamples {
  private static final String SIIM_PREFIX = "1.2.276.0.7230010.3.1.4.8323329.";
  private static final String LABELS = "data/siim-sample/train-rle-sample.csv";

  /**
   * A real SIIM DICOM and its ground-truth mask (from the sample's relative-RLE labels).
   *
   * @param file the DICOM
   * @param mask the mask, 1024 x 1024 (empty for a negative image)
   */
  public record Sample(Path file, Mask mask) {}

  private SiimSamples() {}

  /**
   * The folder of real SIIM DICOMs.
   *
   * @return the folder holding the DICOMs and their label CSV
   */
  public static Path folder() {
    return TestData.vendored("data/siim-sample");
  }

  /**
   * Up to {@code n} samples, positives first, each with its labelled mask.
   *
   * @param n the most samples wanted
   * @return the samples
   */
  public static List<Sample> samples(int n) {
    Path csv = TestData.file(LABELS);
    Path dir = csv.getParent();
    SiimLabels labels = SiimLabels.read(csv, RleCodec.relative());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> dicoms = files.filter(SiimSamples::isSiim).sorted().toList();
      List<Sample> out = new ArrayList<>();
      for (boolean positive : new boolean[] {true, false}) {
        for (Path f : dicoms) {
          String id = f.getFileName().toString().replaceFirst("\\.dcm$", "");
          if (out.size() < n && labels.contains(id) && labels.isPositive(id) == positive) {
            out.add(new Sample(f, labels.mask(id)));
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isSiim(Path p) {
    String name = p.getFileName().toString();
    return name.startsWith(SIIM_PREFIX) && name.endsWith(".dcm");
  }
}
