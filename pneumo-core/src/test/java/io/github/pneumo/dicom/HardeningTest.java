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

  /** Raw deflate (no zlib wrapper) of the given bytes followed by zeros, as Deflated Explicit VR LE needs. */
  private static byte[] deflate(byte[] head, long zeros) {
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED, true);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    deflater.setInput(head);
    while (!deflater.needsInput()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    byte[] zeroChunk = new byte[1 << 20];
    for (long left = zeros; left > 0; left -= zeroChunk.length) {
      deflater.setInput(zeroChunk, 0, (int) Math.min(left, zeroChunk.length));
      while (!deflater.needsInput()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return out.toByteArray();
  }

  /** Issue 11 item 8: a 612 KB deflated file used to grow to 1.25 GB in memory. */
  @Test
  void deflateBombIsRejectedWithoutInflatingIt() {
    long zeros = DicomParser.MAX_INFLATED + 1024L;
    byte[] header = grey8(16384, 16384).raw(0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0).raw(u8(TestDatasets.le32((int) zeros)))
        .dataset();
    byte[] compressed = deflate(header, zeros);
    byte[] file = TestDatasets.toFile(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, compressed);
    long allocated = rejectedAllocating(file, "crafted.dcm: deflated dataset inflates to more than 268435456 bytes"
        + " (from " + compressed.length + " compressed bytes), the most this reader allows (at byte offset 174)");
    assertThat(allocated).as("bytes allocated inflating a %d-byte file", file.length).isLessThan(16L << 20);
  }

  /** Issue 11 item 10: a truncated deflate stream used to be reported as "no pixel data". */
  @Test
  void truncatedDeflateStreamIsReportedAsTruncated() {
    byte[] dataset = grey8(2, 2).element(DicomTags.PIXEL_DATA, "OB", new byte[] {1, 2, 3, 4}).dataset();
    byte[] compressed = deflate(dataset, 0);
    byte[] whole = TestDatasets.toFile(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, compressed);
    assertThat(Dicom.decode(NAME, whole).storedValuesLittleEndian()).containsExactly(1, 2, 3, 4);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4);
    assertThatThrownBy(() -> Dicom.decode(NAME, cut))
        .isInstanceOf(DicomException.class)
        .hasMessageStartingWith("crafted.dcm: deflated dataset is truncated: the deflate stream of "
            + (compressed.length - 4) + " bytes ends without its final block (")
        .hasMessageEndingWith(" bytes inflated) (at byte offset 174)");
  }

  /** Issue 11 item 4: the second Pixel Data element used to win silently. */
  @Test
  void secondPixelDataElementIsADicomException() {
    byte[] file = grey8(1, 2)
        .element(DicomTags.PIXEL_DATA, "OB", new byte[] {1, 2})
        .element(DicomTags.PIXEL_DATA, "OB", new byte[] {3, 4})
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessage("crafted.dcm: a second Pixel Data element (7FE0,0010); the first is at byte offset 242 (at byte"
            + " offset 256)");
  }

  /** Issue 11 item 4: pixel data longer than the image needs used to be accepted. */
  @Test
  void aWholeFrameOfPixelDataMoreThanTheImageNeedsIsADicomException() {
    byte[] file = grey8(2, 2).element(DicomTags.PIXEL_DATA, "OB", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file))
        .isInstanceOf(DicomException.class)
        .hasMessage("crafted.dcm: pixel data holds 8 bytes but 1 frame(s) of 2x2x1 samples of 8 bits need 4: 4"
            + " bytes more, at least a whole frame (at byte offset 242)");
  }

  /**
   * The tolerance: less than a frame of trailing bytes (the padding byte of an odd-sized image, or the
   * padding of pydicom's MR_small_padded.dcm, which dcmtk reads too) is ignored, with a warning.
   */
  @Test
  void lessThanAFrameOfTrailingPixelDataIsTolerated() {
    byte[] odd = grey8(1, 3).element(DicomTags.PIXEL_DATA, "OB", new byte[] {1, 2, 3, 0}).toFile();
    assertThat(Dicom.decode(NAME, odd).storedValuesLittleEndian()).containsExactly(1, 2, 3);
    byte[] padded = grey8(2, 2).element(DicomTags.PIXEL_DATA, "OB", new byte[] {1, 2, 3, 4, 0, 0}).toFile();
    assertThat(Dicom.decode(NAME, padded).storedValuesLittleEndian()).containsExactly(1, 2, 3, 4);
  }

  /** Issue 11 item 4: a NaN or infinite rescale or window used to give a uniform image. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} = {1}")
  @org.junit.jupiter.params.provider.CsvSource({
      "00281053, NaN", "00281053, Infinity", "00281052, -Infinity", "00281053, 1e999",
      "00281050, NaN", "00281051, Infinity", "00281053, 1.5f"})
  void nonFiniteRescaleOrWindowIsADicomException(String hex, String value) {
    int t = Integer.parseUnsignedInt(hex, 16);
    String tag = DicomTags.format(t);
    TestDatasets d = TestDatasets.grey16(1, 2, false, "MONOCHROME2");
    if (t == DicomTags.WINDOW_CENTER || t == DicomTags.WINDOW_WIDTH) {
      d.text(DicomTags.WINDOW_CENTER, "DS", t == DicomTags.WINDOW_CENTER ? value : "100")
          .text(DicomTags.WINDOW_WIDTH, "DS", t == DicomTags.WINDOW_WIDTH ? value : "50");
    } else {
      d.text(t, "DS", value);
    }
    DicomImage image = Dicom.decode(NAME, d.element(DicomTags.PIXEL_DATA, "OW", TestDatasets.pixels16((short) 1,
        (short) 300)).toFile());
    assertThatThrownBy(image::toGreyImage)
        .isInstanceOf(DicomException.class)
        .hasMessageStartingWith("crafted.dcm: element " + tag + " DS value '" + value
            + "' is not a finite decimal number (at byte offset ");
  }

  @Test
  void rescaleOverflowingToInfinityIsADicomException() {
    byte[] file = TestDatasets.grey16(1, 2, false, "MONOCHROME2")
        .text(DicomTags.RESCALE_SLOPE, "DS", "1e308")
        .element(DicomTags.PIXEL_DATA, "OW", TestDatasets.pixels16((short) 1, (short) 300))
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(NAME, file).toGreyImage())
        .isInstanceOf(DicomException.class)
        .hasMessage("crafted.dcm (frame 0): Rescale Slope 1.0E308 and Intercept 0.0 give values from 1.0E308 to"
            + " Infinity, not a finite range");
  }

  /** Issue 11 item 8: grey conversion used a frame-sized double[] (8 bytes per pixel). */
  @Test
  void greyConversionOfA16BitFrameAllocatesLittleMoreThanItsOutput() {
    short[] values = new short[1024 * 1024];
    for (int i = 0; i < values.length; i++) {
      values[i] = (short) (i % 4096);
    }
    DicomImage image = Dicom.decode(NAME, TestDatasets.grey16(1024, 1024, false, "MONOCHROME2")
        .element(DicomTags.PIXEL_DATA, "OW", TestDatasets.pixels16(values)).toFile());
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    io.github.pneumo.image.GreyImage grey = image.toGreyImage();
    long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertThat(grey.pixels()[4095]).isEqualTo((byte) 255);
    assertThat(grey.pixels()[2048]).isEqualTo((byte) 128);
    assertThat(allocated).as("bytes allocated converting a 1 MiB-pixel frame").isLessThan(2L << 20);
  }

  /**
   * Found by DicomFuzzTest: a mutated JPEG 2000 file (at most 9,844 bytes) kept jai-imageio's decoder in
   * its packet-header loop for over twenty minutes, as jj2000 works in proportion to the size a SIZ
   * segment declares; above 16 MiB a JPEG 2000 frame may now decode to at most 1024 times its
   * codestream's size.
   */
  @Test
  void jpeg2000FrameFarLargerThanItsCodestreamIsRejectedBeforeDecoding() {
    int side = 16384;
    byte[] j2k = new byte[64];
    int[] header = {0xFF, 0x4F, 0xFF, 0x51, 0, 41, 0, 0};
    for (int i = 0; i < header.length; i++) {
      j2k[i] = (byte) header[i];
    }
    java.nio.ByteBuffer.wrap(j2k, 8, 32).putInt(side).putInt(side).putInt(0).putInt(0).putInt(side).putInt(side);
    j2k[41] = 1; // Csiz: one component
    j2k[42] = 7; // Ssiz: 8 bits, unsigned
    byte[] file = encapsulated(grey8(side, side), j2k).toFile(TransferSyntax.JPEG_2000);
    long allocated = rejectedAllocating(file, "crafted.dcm: frame 0 (transfer syntax 1.2.840.10008.1.2.4.91): a"
        + " codestream of 64 bytes for a 16384x16384 frame of 268435456 bytes: above 16 MiB a JPEG 2000 SIZ frame"
        + " may decode to at most 1024 times its codestream's size");
    assertThat(allocated).isLessThan(16L << 20);
  }
}
