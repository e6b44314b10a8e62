package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: crafted files that used to crash, give silently wrong pixels or allocate what the file cannot
 * hold now fail with a {@link DicomException} naming the file and the byte offset or tag.
 */
class HardeningTest {
  private static final Path NAME = Path.of("crafted.dcm");

  private static TestDatasets grey8(int rows, int columns) {
    return TestDatasets.create()
        .us(DicomTags.SAMPLES_PER_PIXEL, 1)
        .text(DicomTags.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
        .us(DicomTags.ROWS, rows)
        .us(DicomTags.COLUMNS, columns)
        .us(DicomTags.BITS_ALLOCATED, 8)
        .us(DicomTags.BITS_STORED, 8);
  }

  @Test
  void oneByteUsRowsIsADicomExceptionNamingTagVrLengthAndOffset() {
    byte[] file = TestDatasets.create()
        .us(DicomTags.SAMPLES_PER_PIXEL, 1)
        .element(DicomTags.ROWS, "US", new byte[] {4})
        .us(DicomTags.COLUMNS, 4).us(DicomTags.BITS_ALLOCATED, 8)
        .element(DicomTags.PIXEL_DATA, "OB", new byte[16])
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessage("crafted.dcm: element (0028,0010) US has a value of 1 byte(s), not a whole number of"
            + " 2-byte values (at byte offset 182)");
  }

  @Test
  void twoByteUlRowsIsADicomExceptionNamingTagVrLengthAndOffset() {
    byte[] file = TestDatasets.create()
        .us(DicomTags.SAMPLES_PER_PIXEL, 1)
        .element(DicomTags.ROWS, "UL", new byte[] {4, 0})
        .us(DicomTags.COLUMNS, 4).us(DicomTags.BITS_ALLOCATED, 8)
        .element(DicomTags.PIXEL_DATA, "OB", new byte[16])
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessage("crafted.dcm: element (0028,0010) UL has a value of 2 byte(s), not a whole number of"
            + " 4-byte values (at byte offset 182)");
  }
}
