package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.image.GreyImage;
import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GreyConversionTest {
  private static final Path SHARED = TestData.vendored("data");

  private static GreyImage convert(TestDatasets d, short... values) {
    byte[] file = d.element(DicomTags.PIXEL_DATA, "OW", TestDatasets.pixels16(values)).toFile();
    return Dicom.decode(Path.of("test.dcm"), file).toGreyImage();
  }

  private static int[] pixels(GreyImage image) {
    int[] out = new int[image.pixels().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = image.pixels()[i] & 0xFF;
    }
    return out;
  }

  @Test
  void siimFilesPassStoredValuesThroughExactly() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(SHARED.resolve("siim-sample"))) {
      files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
    }
    assertThat(files).hasSize(10);
    for (Path f : files) {
      DicomImage image = Dicom.read(f);
      GreyImage grey = RadiographReader.builtIn().read(f);
      assertThat(grey.width()).isEqualTo(1024);
      assertThat(grey.height()).isEqualTo(1024);
      assertThat(grey.pixels()).isEqualTo(image.storedValuesLittleEndian());
    }
  }

  @Test
  void minMaxStretchesAndMonochrome1Inverts() {
    short[] values = {0, 100, 200, 400};
    assertThat(pixels(convert(TestDatasets.grey16(2, 2, false, "MONOCHROME2"), values)))
        .containsExactly(0, 64, 128, 255);
    assertThat(pixels(convert(TestDatasets.grey16(2, 2, false, "MONOCHROME1"), values)))
        .containsExactly(255, 191, 127, 0);
  }

  @Test
  void voiWindowFollowsTheDicomLinearFunction() {
    TestDatasets d = TestDatasets.grey16(2, 2, false, "MONOCHROME2")
        .text(DicomTags.WINDOW_CENTER, "DS", "150")
        .text(DicomTags.WINDOW_WIDTH, "DS", "101");
    // c - 0.5 = 149.5, w - 1 = 100: 0 is below, 120 -> 52.275, 150 -> 128.775, 300 is above
    assertThat(pixels(convert(d, (short) 0, (short) 120, (short) 150, (short) 300)))
        .containsExactly(0, 52, 129, 255);
  }

  @Test
  void rescaleIsAppliedBeforeTheWindowOnSignedValues() {
    TestDatasets d = TestDatasets.grey16(2, 2, true, "MONOCHROME2")
        .text(DicomTags.WINDOW_CENTER, "DS", "10")
        .text(DicomTags.WINDOW_WIDTH, "DS", "201")
        .text(DicomTags.RESCALE_INTERCEPT, "DS", "10")
        .text(DicomTags.RESCALE_SLOPE, "DS", "2");
    // x = 2v + 10: -190, 10, 110, 210 against the window [-90.5, 109.5]
    assertThat(pixels(convert(d, (short) -100, (short) 0, (short) 50, (short) 100)))
        .containsExactly(0, 128, 255, 255);
  }

  @Test
  void valuesAreMaskedToBitsStored() {
    TestDatasets d = TestDatasets.create()
        .us(DicomTags.ROWS, 1).us(DicomTags.COLUMNS, 3).us(DicomTags.BITS_ALLOCATED, 16)
        .us(DicomTags.BITS_STORED, 12).us(DicomTags.PIXEL_REPRESENTATION, 0)
        .text(DicomTags.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2");
    // high nibble garbage (e.g. overlay bits) must not count: 0, 2048, 4095
    assertThat(pixels(convert(d, (short) 0xF000, (short) 0x0800, (short) 0x0FFF))).containsExactly(0, 128, 255);
  }

  @Test
  void eachFrameIsConvertedOnItsOwnRange() {
    byte[] file = TestDatasets.grey16(1, 2, false, "MONOCHROME2")
        .text(DicomTags.NUMBER_OF_FRAMES, "IS", "3")
        .element(DicomTags.PIXEL_DATA, "OW", TestDatasets.pixels16(
            (short) 0, (short) 10, (short) 100, (short) 300, (short) 5, (short) 5))
        .toFile();
    DicomImage image = Dicom.decode(Path.of("multi.dcm"), file);
    assertThat(image.frames()).isEqualTo(3);
    assertThat(pixels(image.toGreyImage(0))).containsExactly(0, 255);
    assertThat(pixels(image.toGreyImage(1))).containsExactly(0, 255);
    assertThat(pixels(image.toGreyImage(2))).containsExactly(0, 0);
    assertThatThrownBy(() -> image.toGreyImage(3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constantFrameGivesZeros() {
    assertThat(pixels(convert(TestDatasets.grey16(1, 2, false, "MONOCHROME2"), (short) 7, (short) 7)))
        .containsExactly(0, 0);
  }

  @Test
  void realMonochrome1FileIsInvertedAndStretched() {
    DicomImage image = Dicom.read(SHARED.resolve("dicom-conformance/dicomdir_CR1_6154.dcm"));
    assertThat(image.photometricInterpretation()).isEqualTo("MONOCHROME1");
    GreyImage grey = image.toGreyImage();
    byte[] v = image.storedValuesLittleEndian();
    // stored min 1994 (-> brightest after inversion when no window applies) and max 2802
    for (int i = 0; i < grey.pixels().length; i++) {
      int stored = (v[2 * i] & 0xFF) | (v[2 * i + 1] & 0xFF) << 8;
      if (image.windowCenter().isEmpty()) {
        int expected = 255 - (int) Math.round((stored - 1994) * 255.0 / (2802 - 1994));
        assertThat(grey.pixels()[i] & 0xFF).isEqualTo(expected);
      }
    }
  }

  @Test
  void colourImagesAreRejected() {
    DicomImage rgb = Dicom.read(SHARED.resolve("dicom-conformance/SC_rgb_rle.dcm"));
    assertThatThrownBy(rgb::toGreyImage).isInstanceOf(DicomException.class).hasMessageContaining("SC_rgb_rle.dcm");
  }
}
