package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.image.GreyImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationWriterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final int SEGMENTATION_TYPE = 0x0062_0001;

  @TempDir Path dir;

  private final SegmentationWriter writer = SegmentationWriter.builder().algorithm("pneumo test", "0.1")
      .clock(CLOCK).build();

  /** A 5 x 3 uncompressed source with patient and study attributes. */
  private DicomImage source() {
    DicomUids uids = DicomUids.seeded(7);
    DicomWriter w = DicomWriter.builder().encoding(DicomWriter.Encoding.EXPLICIT_VR_LITTLE_ENDIAN)
        .sopInstanceUid(uids.next()).studyInstanceUid(uids.next()).seriesInstanceUid(uids.next())
        .attribute(DicomTags.PATIENT_ID, Vr.LO, "p-17").attribute(DicomTags.PATIENT_NAME, Vr.PN, "Doe^Jane")
        .attribute(DicomTags.PATIENT_SEX, Vr.CS, "F").attribute(DicomTags.STUDY_DATE, Vr.DA, "20180201")
        .build();
    Path file = dir.resolve("source.dcm");
    w.write(new GreyImage(5, 3, new byte[15]), file);
    return Dicom.read(file);
  }

  /** The pixel attributes of an unsigned MONOCHROME2 image (Number of Frames only when more than one). */
  private static TestDatasets monochrome(TestDatasets d, int bits, int rows, int columns, int frames) {
    d.us(DicomTags.SAMPLES_PER_PIXEL, 1).text(DicomTags.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2");
    if (frames > 1) {
      d.text(DicomTags.NUMBER_OF_FRAMES, "IS", Integer.toString(frames));
    }
    return d.us(DicomTags.ROWS, rows).us(DicomTags.COLUMNS, columns).us(DicomTags.BITS_ALLOCATED, bits)
        .us(DicomTags.BITS_STORED, bits).us(DicomTags.HIGH_BIT, bits - 1).us(DicomTags.PIXEL_REPRESENTATION, 0);
  }

  /** Pixels (0,0), (4,0), (1,1), (3,2): row-major indices 0, 4, 6, 13. */
  private static Mask fourPixels() {
    return Mask.builder(5, 3).set(0, 0).set(4, 0).set(1, 1).set(3, 2).build();
  }

  @Test
  void binaryPixelDataIsPackedLeastSignificantBitFirst() {
    byte[] file = writer.encode(source(), fourPixels());
    // the last element: (7FE0,0010) OB, length 2, bits 0, 4, 6 of byte 0 and bit 5 of byte 1
    byte[] tail = Arrays.copyOfRange(file, file.length - 14, file.length);
    assertThat(tail).containsExactly(0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 2, 0, 0, 0, 0x51, 0x20);
  }

  @Test
  void pneumosReaderReadsTheMaskBackWithTheSourceAttributes() throws IOException {
    DicomImage source = source();
    Path out = dir.resolve("a.seg.dcm");
    assertThat(writer.write(source, fourPixels(), out)).isTrue();
    DicomImage seg = Dicom.read(out);
    assertThat(SegmentationReader.mask(seg)).isEqualTo(fourPixels());
    assertThat(seg.bitsAllocated()).isEqualTo(1);
    assertThat(seg.frames()).isEqualTo(1);
    assertThat(seg.string(DicomTags.SOP_CLASS_UID)).contains(SegmentationWriter.SEGMENTATION_SOP_CLASS);
    assertThat(seg.string(DicomTags.MODALITY)).contains("SEG");
    assertThat(seg.string(SEGMENTATION_TYPE)).contains("BINARY");
    assertThat(seg.string(DicomTags.PATIENT_ID)).contains("p-17");
    assertThat(seg.string(DicomTags.PATIENT_NAME)).contains("Doe^Jane");
    assertThat(seg.string(DicomTags.STUDY_DATE)).contains("20180201");
    assertThat(seg.studyInstanceUid()).isEqualTo(source.studyInstanceUid());
    assertThat(seg.seriesInstanceUid()).isNotEqualTo(source.seriesInstanceUid()).startsWith("2.25.");
    assertThat(seg.sopInstanceUid()).isNotEqualTo(source.sopInstanceUid()).startsWith("2.25.");
    assertThat(seg.string(0x0008_0023)).contains("20260102");
    assertThat(seg.string(0x0008_0033)).contains("030405");
    // the reference and the codes are inside sequences, which pneumo's reader skips
    String bytes = new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(bytes).contains(source.sopInstanceUid()).contains("36118008").contains("49755003").contains("AUTOMATIC");
  }

  @Test
  void sameInputSameBytesAndUidsDifferentMaskNewInstanceSameSeries() {
    DicomImage source = source();
    byte[] a = writer.encode(source, fourPixels());
    assertThat(writer.encode(source, fourPixels())).isEqualTo(a);
    DicomImage first = Dicom.decode(Path.of("a"), a);
    DicomImage other = Dicom.decode(Path.of("b"), writer.encode(source, Mask.empty(5, 3)));
    assertThat(other.seriesInstanceUid()).isEqualTo(first.seriesInstanceUid());
    assertThat(other.sopInstanceUid()).isNotEqualTo(first.sopInstanceUid());
  }

  @Test
  void emptyMaskWritesAnEmptyFrameByDefaultOrNothingWhenAsked() {
    DicomImage source = source();
    Path out = dir.resolve("empty.seg.dcm");
    assertThat(writer.write(source, Mask.empty(5, 3), out)).isTrue();
    assertThat(SegmentationReader.readMask(out)).isEqualTo(Mask.empty(5, 3));
    SegmentationWriter skip = SegmentationWriter.builder().emptyMask(SegmentationWriter.EmptyMask.SKIP).build();
    Path none = dir.resolve("none.seg.dcm");
    assertThat(skip.write(source, Mask.empty(5, 3), none)).isFalse();
    assertThat(none).doesNotExist();
    assertThat(skip.write(source, fourPixels(), none)).isTrue();
    assertThat(SegmentationReader.readMask(none)).isEqualTo(fourPixels());
  }

  @Test
  void fractionalSegKeepsProbabilitiesToTheNearest255th() {
    float[] p = {0f, 0.1f, 0.5f, 0.999f, 1f, 0.2f, 0.3f, 0.4f, 0.6f, 0.7f, 0.8f, 0.9f, 0.05f, 0.002f, 0.75f};
    ProbabilityMap map = new ProbabilityMap(5, 3, p);
    Path out = dir.resolve("p.seg.dcm");
    writer.writeFractional(source(), map, out);
    DicomImage seg = Dicom.read(out);
    assertThat(seg.string(SEGMENTATION_TYPE)).contains("FRACTIONAL");
    byte[] stored = seg.storedValuesLittleEndian();
    for (int i = 0; i < p.length; i++) {
      assertThat(stored[i] & 0xFF).isEqualTo(Math.round(p[i] * 255));
    }
    ProbabilityMap back = SegmentationReader.probabilities(seg);
    for (int i = 0; i < p.length; i++) {
      assertThat(back.values()[i]).isCloseTo(p[i], org.assertj.core.data.Offset.offset(0.5f / 255 + 1e-6f));
    }
  }

  @Test
  void maskOfAnotherSizeIsAClearError() {
    DicomImage source = source();
    assertThatThrownBy(() -> writer.encode(source, Mask.empty(3, 5)))
        .isInstanceOf(DicomException.class)
        .hasMessage(dir.resolve("source.dcm") + ": the mask is 3x5 but the image is 5x3 (columns x rows)");
  }

  @Test
  void multiFrameSourceIsAClearError() {
    TestDatasets uids = TestDatasets.create()
        .text(DicomTags.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.7.2")
        .text(DicomTags.SOP_INSTANCE_UID, "UI", "1.2.3.4")
        .text(DicomTags.STUDY_INSTANCE_UID, "UI", "1.2.3.5")
        .text(DicomTags.SERIES_INSTANCE_UID, "UI", "1.2.3.6");
    byte[] file = monochrome(uids, 8, 2, 2, 2)
        .element(DicomTags.PIXEL_DATA, "OB", new byte[8])
        .toFile();
    DicomImage source = Dicom.decode(Path.of("cine.dcm"), file);
    assertThatThrownBy(() -> writer.encode(source, Mask.empty(2, 2)))
        .isInstanceOf(DicomException.class)
        .hasMessage("cine.dcm: a Segmentation is written for a single-frame image, but the source has 2 frames");
  }

  @Test
  void aSegmentationIsNotASourceAndAnImageIsNotASegmentation() {
    DicomImage source = source();
    DicomImage seg = Dicom.decode(Path.of("x.seg.dcm"), writer.encode(source, fourPixels()));
    assertThatThrownBy(() -> writer.encode(seg, fourPixels()))
        .isInstanceOf(DicomException.class).hasMessageContaining("x.seg.dcm: is itself a Segmentation");
    assertThatThrownBy(() -> SegmentationReader.mask(source))
        .isInstanceOf(DicomException.class).hasMessageContaining("not a Segmentation");
    assertThatThrownBy(() -> SegmentationReader.probabilities(seg))
        .isInstanceOf(DicomException.class).hasMessageContaining("Segmentation Type BINARY with 1 bits allocated");
  }

  @Test
  void sourceWithoutUidsIsAClearError() {
    byte[] file = monochrome(TestDatasets.create(), 8, 2, 2, 1)
        .element(DicomTags.PIXEL_DATA, "OB", new byte[4])
        .toFile();
    DicomImage source = Dicom.decode(Path.of("bare.dcm"), file);
    assertThatThrownBy(() -> writer.encode(source, Mask.empty(2, 2)))
        .isInstanceOf(DicomException.class)
        .hasMessage("bare.dcm: (0008,0016) is missing; a Segmentation must reference it");
  }

  @Test
  void decimalStringsAreRewrittenToSixteenCharacters() {
    assertThat(SegmentationWriter.decimals("0.168000000000000\\0.168000000000000")).contains("0.168\\0.168");
    assertThat(SegmentationWriter.decimals("0.1433333333333333")).contains("0.14333333333333");
    assertThat(SegmentationWriter.decimals("-1234.5")).contains("-1234.5");
    assertThat(SegmentationWriter.decimals("abc")).isEmpty();
  }

  @Test
  void realSiimImagesRoundTripThroughPneumosReader() {
    for (SiimSamples.Sample s : SiimSamples.samples(3)) {
      DicomImage source = Dicom.read(s.file());
      Path out = dir.resolve(s.file().getFileName() + ".seg.dcm");
      writer.write(source, s.mask(), out);
      Mask back = SegmentationReader.readMask(out);
      assertThat(back).as(s.file().toString()).isEqualTo(s.mask());
      assertThat(Dicom.read(out).string(DicomTags.PATIENT_ID)).isEqualTo(source.string(DicomTags.PATIENT_ID));
    }
  }

  /** 1-bit frames are packed back to back, not byte-aligned: frame 1 of two 3 x 3 frames starts at bit 9. */
  @Test
  void readerUnpacksOneBitFramesAcrossByteBoundaries() {
    byte[] file = monochrome(TestDatasets.create(), 1, 3, 3, 2)
        .element(DicomTags.PIXEL_DATA, "OB", new byte[] {0x05, (byte) 0x82, 0x03, 0})
        .toFile();
    DicomImage image = Dicom.decode(Path.of("bits.dcm"), file);
    assertThat(image.bitsAllocated()).isEqualTo(1);
    assertThat(image.storedValuesLittleEndian()).containsExactly(
        1, 0, 1, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 0, 0, 1, 1, 1);
    assertThat(image.toGreyImage(1).pixels()).containsExactly(
        (byte) 255, 0, 0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255);
  }

  @Test
  void truncatedOneBitPixelDataIsAClearError() {
    byte[] file = monochrome(TestDatasets.create(), 1, 5, 5, 1)
        .element(DicomTags.PIXEL_DATA, "OB", new byte[2])
        .toFile();
    assertThatThrownBy(() -> Dicom.decode(Path.of("short.dcm"), file))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining("short.dcm: pixel data is truncated")
        .hasMessageContaining("need 4 bytes but the element holds 2");
  }
}
