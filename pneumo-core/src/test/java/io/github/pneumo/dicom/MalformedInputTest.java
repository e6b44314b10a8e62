package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed files fail with a DicomException naming the file (and the byte offset), never garbage or OOM. */
class MalformedInputTest {
  private static final Path SHARED = TestData.vendored("data");
  private static final Path NAME = Path.of("crafted.dcm");

  @ParameterizedTest(name = "MR_small truncated to {0} bytes")
  @ValueSource(ints = {0, 3, 100, 131, 132, 140, 200, 500, 1000, 1514, 1600, 5000, 9800, 9829})
  void truncatedNativeFileFailsClearly(int length) throws IOException {
    byte[] whole = Files.readAllBytes(SHARED.resolve("dicom-conformance/MR_small.dcm"));
    byte[] cut = Arrays.copyOf(whole, length);
    assertThatThrownBy(() -> Dicom.decode(NAME, cut))
        .isInstanceOf(DicomException.class)
        .hasMessageStartingWith(NAME.toString())
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("byte offset", "no pixel data"));
  }

  @ParameterizedTest(name = "SIIM JPEG truncated by {0} bytes")
  @ValueSource(ints = {1, 8, 9, 1000, 100_000})
  void truncatedEncapsulatedFileNamesTheOffset(int missing) throws IOException {
    byte[] whole = Files.readAllBytes(SHARED.resolve(
        "siim-sample/1.2.276.0.7230010.3.1.4.8323329.1000.1517875165.878027.dcm"));
    byte[] cut = Arrays.copyOf(whole, whole.length - missing);
    assertThatThrownBy(() -> Dicom.decode(NAME, cut))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("byte offset");
  }

  /** A well-formed DICOM structure around a JPEG codestream cut short. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dicom-conformance/JPEG-lossy.dcm",
      "siim-sample/1.2.276.0.7230010.3.1.4.8323329.1000.1517875165.878027.dcm"})
  void truncatedJpegCodestreamIsNotDecodedToGarbage(String name) throws IOException {
    byte[] whole = Files.readAllBytes(SHARED.resolve(name));
    DicomImage original = Dicom.decode(NAME, whole);
    int soi = indexOf(whole, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    byte[] jpeg = Arrays.copyOfRange(whole, soi, soi + (whole.length - soi) / 2 & ~1);
    byte[] file = TestDatasets.create()
        .us(DicomTags.SAMPLES_PER_PIXEL, 1)
        .text(DicomTags.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
        .us(DicomTags.ROWS, original.rows()).us(DicomTags.COLUMNS, original.columns())
        .us(DicomTags.BITS_ALLOCATED, original.bitsAllocated()).us(DicomTags.BITS_STORED, original.bitsStored())
        .raw(0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF)
        .raw(0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0)
        .raw(0xFE, 0xFF, 0x00, 0xE0).raw(toInts(TestDatasets.le32(jpeg.length))).raw(toInts(jpeg))
        .raw(0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0)
        .toFile(original.transferSyntaxUid());
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining(original.transferSyntaxUid())
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("truncated", "corrupt"));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static int[] toInts(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i] & 0xFF;
    }
    return out;
  }

  @Test
  void absurdElementLengthIsRejectedBeforeAllocation() {
    byte[] file = TestDatasets.create()
        .us(DicomTags.ROWS, 2)
        .raw(0x10, 0x00, 0x10, 0x00, 'U', 'T', 0, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F)
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("(0010,0010) declares 2147483632 bytes")
        .hasMessageContaining("at byte offset 182");
  }

  @Test
  void absurdPixelDataLengthIsATruncation() {
    byte[] file = TestDatasets.grey16(2, 2, false, "MONOCHROME2")
        .raw(0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE, 1, 2)
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("pixel data is truncated");
  }

  @Test
  void absurdImageSizeIsRejectedWithoutOutOfMemory() {
    byte[] file = TestDatasets.create()
        .us(DicomTags.ROWS, 65535).us(DicomTags.COLUMNS, 65535).us(DicomTags.BITS_ALLOCATED, 16)
        .text(DicomTags.NUMBER_OF_FRAMES, "IS", "100000")
        .element(DicomTags.PIXEL_DATA, "OW", new byte[8])
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("would need");
  }

  @Test
  void pixelDataShorterThanTheImageIsATruncation() {
    byte[] file = TestDatasets.grey16(4, 4, false, "MONOCHROME2")
        .element(DicomTags.PIXEL_DATA, "OW", new byte[30])
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("need 32 bytes but the element holds 30");
  }

  @Test
  void missingPixelDataIsReported() {
    byte[] file = TestDatasets.grey16(2, 2, false, "MONOCHROME2").toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("no pixel data");
  }

  @Test
  void invalidVrIsReportedWithItsOffset() {
    byte[] file = TestDatasets.create().us(DicomTags.ROWS, 2).raw(0x28, 0, 0x11, 0, '?', '!', 2, 0, 1, 0).toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("invalid VR")
        .hasMessageContaining("at byte offset 182");
  }

  @Test
  void overlongValuesAreTolerated() {
    byte[] file = TestDatasets.grey16(1, 1, false, "MONOCHROME2")
        .text(DicomTags.PIXEL_SPACING, "DS", "0.1431234567890123\\0.1431234567890123")
        .element(DicomTags.PIXEL_DATA, "OW", new byte[2])
        .toFile();
    assertThat(Dicom.decode(NAME, file).string(DicomTags.PIXEL_SPACING))
        .hasValue("0.1431234567890123\\0.1431234567890123");
  }

  private static final int[] UNDEFINED = {0xFF, 0xFF, 0xFF, 0xFF};
  private static final int[] ITEM_UNDEFINED = {0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF};
  private static final int[] ITEM_END = {0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0};
  private static final int[] SEQUENCE_END = {0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0};

  /** (0008,1140) SQ with undefined length. */
  private static TestDatasets openSequence(TestDatasets d) {
    return d.raw(0x08, 0x00, 0x40, 0x11, 'S', 'Q', 0, 0).raw(UNDEFINED);
  }

  @Test
  void nestedSequencesOfUndefinedLengthAreSkipped() {
    TestDatasets d = TestDatasets.grey16(1, 2, false, "MONOCHROME2");
    openSequence(d).raw(ITEM_UNDEFINED);
    d.text(DicomTags.PATIENT_ID, "LO", "inside"); // not a top-level attribute
    openSequence(d).raw(ITEM_UNDEFINED).raw(ITEM_END).raw(SEQUENCE_END);
    d.raw(ITEM_END).raw(0xFE, 0xFF, 0x00, 0xE0, 2, 0, 0, 0, 'x', 'y').raw(SEQUENCE_END);
    d.text(DicomTags.PATIENT_NAME, "PN", "after").element(DicomTags.PIXEL_DATA, "OW", TestDatasets.pixels16((short) 1, (short) 3));
    DicomImage image = Dicom.decode(NAME, d.toFile());
    assertThat(image.string(DicomTags.PATIENT_ID)).isEmpty();
    assertThat(image.string(DicomTags.PATIENT_NAME)).hasValue("after");
    assertThat(image.storedValuesLittleEndian()).containsExactly(1, 0, 3, 0);
  }

  @Test
  void unterminatedAndOverlyDeepSequencesFailClearly() {
    TestDatasets open = openSequence(TestDatasets.grey16(1, 1, false, "MONOCHROME2")).raw(ITEM_UNDEFINED);
    assertThatThrownBy(() -> Dicom.decode(NAME, open.toFile()))
        .isInstanceOf(DicomException.class).hasMessageContaining("truncated").hasMessageContaining("byte offset");
    TestDatasets deep = TestDatasets.grey16(1, 1, false, "MONOCHROME2");
    for (int i = 0; i < 200; i++) {
      openSequence(deep).raw(ITEM_UNDEFINED);
    }
    assertThatThrownBy(() -> Dicom.decode(NAME, deep.toFile()))
        .isInstanceOf(DicomException.class).hasMessageContaining("nested deeper");
  }

  @Test
  void missingFileIsADicomException() {
    assertThatThrownBy(() -> Dicom.read(Path.of("does-not-exist.dcm")))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("does-not-exist.dcm");
  }
}
