package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Allocations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
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

  /** Bytes the current thread allocates while decoding a file that must be rejected with the message. */
  private static long rejectedAllocating(byte[] file, String message) {
    Allocations.Outcome outcome = Allocations.failing(() -> Dicom.decode(NAME, file));
    assertThat(outcome.thrown()).isInstanceOf(DicomException.class).hasMessage(message);
    return outcome.allocatedBytes();
  }

  private static int[] u8(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i] & 0xFF;
    }
    return out;
  }

  /** Encapsulated pixel data: an empty offset table, then one fragment. */
  private static TestDatasets encapsulated(TestDatasets d, byte[] fragment) {
    return d.raw(0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF)
        .raw(0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0)
        .raw(0xFE, 0xFF, 0x00, 0xE0).raw(u8(TestDatasets.le32(fragment.length))).raw(u8(fragment))
        .raw(0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0);
  }

  @Test
  void rleFrameTooShortForItsImageIsRejectedBeforeAllocatingIt() {
    byte[] rle = new byte[64 + 10];
    rle[0] = 1;
    rle[4] = 64;
    for (int i = 64; i < rle.length; i += 2) {
      rle[i] = (byte) 0x81; // replicate the next byte 128 times
    }
    byte[] file = encapsulated(grey8(16384, 16384), rle).toFile(TransferSyntax.RLE_LOSSLESS);
    long allocated = rejectedAllocating(file, "crafted.dcm: frame 0 (transfer syntax 1.2.840.10008.1.2.5): RLE"
        + " segment 0 of 10 bytes cannot decode to the 268435456 bytes that 16384x16384 pixels need");
    assertThat(allocated).as("bytes allocated for a 256 MiB image declared by a %d-byte file", file.length)
        .isLessThan(16L << 20);
  }

  @Test
  void rleSegmentDecodingToMorePixelsThanTheImageHasIsRejected() {
    byte[] rle = new byte[64 + 4];
    rle[0] = 1;
    rle[4] = 64;
    rle[64] = (byte) -15; // 16 copies of 7: the 4x2 image needs 8
    rle[65] = 7;
    rle[66] = (byte) 0x80; // no-op: even padding
    byte[] file = encapsulated(grey8(4, 2), rle).toFile(TransferSyntax.RLE_LOSSLESS);
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessage("crafted.dcm: frame 0 (transfer syntax 1.2.840.10008.1.2.5): RLE segment 0 decodes to 16"
            + " bytes, expected 8 (more pixel data than Rows x Columns need)");
  }

  /** A JPEG codestream with only SOI, a frame header and EOI. */
  private static byte[] jpegHeaderOnly(int sof, int precision, int rows, int columns) {
    return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) sof, 0, 11, (byte) precision,
        (byte) (rows >> 8), (byte) rows, (byte) (columns >> 8), (byte) columns, 1, 1, 0x11, 0,
        (byte) 0xFF, (byte) 0xD9};
  }

  @Test
  void jpegTooShortForItsImageIsRejectedBeforeAllocatingIt() {
    byte[] file = encapsulated(grey8(16384, 16384), jpegHeaderOnly(0xC0, 8, 16384, 16384))
        .toFile(TransferSyntax.JPEG_BASELINE);
    long allocated = rejectedAllocating(file, "crafted.dcm: frame 0 (transfer syntax 1.2.840.10008.1.2.4.50): a"
        + " codestream of 17 bytes cannot code the 16384x16384 image its JPEG SOF (FFC0) header declares (it"
        + " needs at least 1048576 bytes)");
    assertThat(allocated).as("bytes allocated for a 256 MiB image declared by a %d-byte file", file.length)
        .isLessThan(16L << 20);
  }

  @Test
  void jpegWhoseSizeDisagreesWithTheDatasetIsRejectedBeforeDecoding() {
    byte[] file = encapsulated(grey8(16384, 16384), jpegHeaderOnly(0xC2, 8, 8, 8))
        .toFile(TransferSyntax.JPEG_BASELINE);
    long allocated = rejectedAllocating(file, "crafted.dcm: frame 0 (transfer syntax 1.2.840.10008.1.2.4.50): the"
        + " JPEG SOF (FFC2) header declares 8x8 but the dataset declares 16384x16384");
    assertThat(allocated).isLessThan(16L << 20);
  }

  /** Issue 11 item 4: a 12-bit JPEG in an 8-bit dataset used to be decoded and cut to 8 bits. */
  @Test
  void jpegPrecisionAboveBitsAllocatedIsADicomException() throws IOException {
    byte[] whole;
    try (InputStream in = Objects.requireNonNull(
        HardeningTest.class.getResourceAsStream("DicomFuzzTestInputs/decode/JPEG-lossy.dcm"))) {
      whole = in.readAllBytes();
    }
    DicomImage original = Dicom.decode(NAME, whole);
    assertThat(original.bitsStored()).isEqualTo(12);
    int soi = indexOf(whole, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    int eoi = lastIndexOf(whole, new byte[] {(byte) 0xFF, (byte) 0xD9});
    byte[] jpeg = java.util.Arrays.copyOfRange(whole, soi, eoi + 2 + (eoi + 2 - soi) % 2);
    byte[] file = encapsulated(grey8(original.rows(), original.columns()), jpeg)
        .toFile(TransferSyntax.JPEG_EXTENDED);
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessage("crafted.dcm: frame 0 (transfer syntax 1.2.840.10008.1.2.4.51): the JPEG SOF (FFC1) header"
            + " declares 12-bit samples but Bits Allocated is 8 (Bits Stored 8): the values would be cut");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
