package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.pneumo.image.GreyImage;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the DICOM reader (parser, native/RLE/ImageIO decoders, grey conversion).
 * Any input must either decode or fail with a {@link DicomException} naming the file: any other
 * exception or error (index out of bounds, out of memory, ...) is a finding. Without {@code JAZZER_FUZZ}
 * this runs the committed seed corpus {@code DicomFuzzTestInputs/decode} as a regression test; {@code
 * -Pfuzz} fuzzes (docs/reliability.md).
 */
class DicomFuzzTest {
  private static final Path NAME = Path.of("fuzzed.dcm");

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) {
    DicomImage image;
    try {
      image = Dicom.decode(NAME, data);
    } catch (DicomException e) {
      assertThat(e.getMessage()).startsWith(NAME.toString());
      return;
    }
    assertThat(image.storedValuesLittleEndian())
        .hasSize(image.rows() * image.columns() * image.samplesPerPixel() * image.bitsAllocated() / 8
            * image.frames());
    try {
      GreyImage grey = image.toGreyImage();
      assertThat(grey.width()).isEqualTo(image.columns());
      assertThat(grey.height()).isEqualTo(image.rows());
    } catch (DicomException e) {
      assertThat(e.getMessage()).startsWith(NAME.toString());
    }
  }
}
