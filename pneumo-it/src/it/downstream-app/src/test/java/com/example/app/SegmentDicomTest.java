package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.dicom.DicomImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentDicomTest {

  /** A real SIIM radiograph: the copy vendored in pneumo's pneumo-testdata module (set by pneumo-it's pom). */
  private static final Path DICOM = Path.of(System.getProperty("pneumo.testdata.dir"),
      "data/siim-sample/1.2.276.0.7230010.3.1.4.8323329.1000.1517875165.878027.dcm");

  @Test
  void readsTheRealDicom() {
    DicomImage image = Dicom.read(DICOM);
    assertEquals(1024, image.rows());
    assertEquals(1024, image.columns());
    assertEquals("1.2.840.10008.1.2.4.50", image.transferSyntaxUid());
  }

  @Test
  void writesTheMaskAsRle(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("mask.rle");
    // Untrained weights: a low triplet makes the mask non-empty, so the RLE carries real runs.
    Mask mask = SegmentDicom.run(DICOM, out, new TripletThreshold(0.0, 1, 0.5));
    String rle = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(1024, mask.width());
    assertEquals(mask, RleCodec.standard().decode(rle, 1024, 1024));
    assertEquals(mask.isEmpty(), rle.equals("-1"));
  }
}
