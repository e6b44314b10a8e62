package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.image.GreyImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomWriterTest {
  @TempDir Path dir;

  /** An odd-sized image with structure, so JPEG has something to encode and padding is exercised. */
  private static GreyImage pattern(int width, int height) {
    byte[] p = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        p[y * width + x] = (byte) (128 + 100 * Math.sin(x / 5.0) * Math.cos(y / 7.0));
      }
    }
    return new GreyImage(width, height, p);
  }

  private static DicomWriter.Builder builder(long seed) {
    DicomUids uids = DicomUids.seeded(seed);
    return DicomWriter.builder()
        .sopInstanceUid(uids.next())
        .studyInstanceUid(uids.next())
        .seriesInstanceUid(uids.next())
        .attribute(DicomTags.PATIENT_ID, Vr.LO, "synthetic-17")
        .attribute(DicomTags.PATIENT_NAME, Vr.PN, "Synthetic^Seventeen")
        .attribute(DicomTags.PATIENT_SEX, Vr.CS, "F");
  }

  @Test
  void jpegRoundTripKeepsTagsAndPixelsWithinJpegError() {
    GreyImage image = pattern(61, 47);
    DicomWriter writer = builder(1).build();
    Path file = dir.resolve("a.dcm");
    writer.write(image, file);
    DicomImage back = Dicom.read(file);
    assertThat(back.transferSyntaxUid()).isEqualTo(TransferSyntax.JPEG_BASELINE);
    assertThat(back.sopInstanceUid()).isEqualTo(writer.sopInstanceUid());
    DicomUids uids = DicomUids.seeded(1);
    assertThat(back.sopInstanceUid()).isEqualTo(uids.next());
    assertThat(back.studyInstanceUid()).isEqualTo(uids.next());
    assertThat(back.seriesInstanceUid()).isEqualTo(uids.next());
    assertThat(back.string(DicomTags.PATIENT_ID)).hasValue("synthetic-17");
    assertThat(back.string(DicomTags.MODALITY)).hasValue("CR");
    assertThat(back.string(DicomTags.SOP_CLASS_UID)).hasValue(DicomWriter.SECONDARY_CAPTURE_SOP_CLASS);
    assertThat(back.string(0x0002_0003)).hasValue(writer.sopInstanceUid());
    GreyImage grey = back.toGreyImage();
    assertThat(grey.width()).isEqualTo(61);
    assertThat(grey.height()).isEqualTo(47);
    double sum = 0;
    for (int i = 0; i < image.pixels().length; i++) {
      sum += Math.abs((image.pixels()[i] & 0xFF) - (grey.pixels()[i] & 0xFF));
    }
    assertThat(sum / image.pixels().length).isLessThan(2.0);
  }

  @Test
  void uncompressedRoundTripIsExact() {
    GreyImage image = pattern(33, 5);
    Path file = dir.resolve("b.dcm");
    builder(2).encoding(DicomWriter.Encoding.EXPLICIT_VR_LITTLE_ENDIAN).build().write(image, file);
    DicomImage back = Dicom.read(file);
    assertThat(back.transferSyntaxUid()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    assertThat(back.toGreyImage()).isEqualTo(image);
  }

  @Test
  void layoutMirrorsTheSiimFiles() {
    byte[] bytes = builder(3).build().encode(pattern(64, 64));
    assertThat(new String(bytes, 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
    assertThat(new String(bytes, 132, 6, StandardCharsets.US_ASCII)).isEqualTo("\2\0\0\0UL");
    int groupLength = (bytes[140] & 0xFF) | (bytes[141] & 0xFF) << 8;
    int afterMeta = 144 + groupLength;
    assertThat(bytes[afterMeta + 1] << 8 | bytes[afterMeta]).as("first dataset group").isEqualTo(0x0008);
    ParsedDicom parsed = DicomParser.parse(Path.of("x"), bytes);
    PixelDataElement pixels = parsed.pixelData();
    assertThat(pixels).isNotNull();
    assertThat(pixels.offsetTable()).isEmpty();
    assertThat(pixels.fragments()).hasSize(1);
    PixelDataElement.Fragment f = pixels.fragments().get(0);
    assertThat(f.length() % 2).isZero();
    // JPEG starts with SOI then DQT, without a JFIF APP0 segment, like the SIIM files
    assertThat(new byte[] {bytes[f.offset()], bytes[f.offset() + 1], bytes[f.offset() + 2], bytes[f.offset() + 3]})
        .containsExactly((byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB);
  }

  @Test
  void outputIsDeterministicAndWrittenAtomically() throws IOException {
    GreyImage image = pattern(40, 30);
    Path file = dir.resolve("c.dcm");
    builder(4).build().write(image, file);
    byte[] first = Files.readAllBytes(file);
    builder(4).build().write(image, file);
    assertThat(Files.readAllBytes(file)).isEqualTo(first);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("c.dcm");
    }
  }

  @Test
  void invalidConfigurationsAreRejected() {
    assertThatThrownBy(() -> DicomWriter.builder().sopInstanceUid("1.2.3").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("(0020,000D)");
    assertThatThrownBy(() -> DicomWriter.builder().sopInstanceUid("1.02.3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DicomWriter.builder().attribute(DicomTags.ROWS, Vr.US, "3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DicomWriter.builder().attribute(DicomTags.PATIENT_NAME, Vr.PN, "Ωmega"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dcmtkReadsWrittenFilesWithoutWarningsAndDecodesTheSamePixels() throws Exception {
    Dcmtk.assumeInstalled();
    for (DicomWriter.Encoding encoding : DicomWriter.Encoding.values()) {
      Path file = dir.resolve(encoding + ".dcm");
      builder(5).encoding(encoding).build().write(pattern(65, 31), file);
      String dump = Dcmtk.run("dcmdump", file.toString());
      assertThat(dump).doesNotContainPattern("(?m)^(W|E|F): ");
      Path pgm = dir.resolve(encoding + ".pgm");
      String convert = Dcmtk.run("dcmj2pnm", file.toString(), pgm.toString());
      assertThat(convert).doesNotContainPattern("(?m)^(W|E|F): ");
      byte[] netpbm = Files.readAllBytes(pgm);
      byte[] pixels = java.util.Arrays.copyOfRange(netpbm, netpbm.length - 65 * 31, netpbm.length);
      assertThat(pixels).as("dcmtk's decode of " + encoding).isEqualTo(Dicom.read(file).toGreyImage().pixels());
    }
  }
}
