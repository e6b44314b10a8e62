package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the other tests have not seen: dcmtk re-encodes sample images into many transfer syntaxes
 * (RLE, JPEG baseline/extended 8- and 12-bit/lossless in several colour models and fragmentations, implicit, big
 * endian, deflated, undefined lengths, multi-frame), then decompresses them; pneumo's decode of the
 * encoded file must equal its decode of dcmtk's decompression. Skipped when dcmtk is not installed.
 */
class DcmtkCrossCheckTest {
  private static final Path CONFORMANCE =
      TestData.vendored("data/dicom-conformance");

  @TempDir static Path dir;

  @BeforeAll
  static void requireDcmtk() {
    String path = System.getenv("PATH");
    boolean present = path != null && Stream.of("dcmcjpeg", "dcmdjpeg", "dcmcrle", "dcmdrle", "dcmconv")
        .allMatch(tool -> Stream.of(path.split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, tool))));
    Assumptions.assumeTrue(present, "dcmtk is not installed: skipping the dcmtk cross-check");
  }

  @Test
  void greyscaleReencodingsDecodeLikeDcmtk() throws Exception {
    Path mr = CONFORMANCE.resolve("MR_small.dcm");
    Path ct = CONFORMANCE.resolve("CT_small.dcm");
    check("dcmcrle", mr, "mr_rle");
    check("dcmcjpeg", mr, "mr_sv1", "+e1");
    check("dcmcjpeg", mr, "mr_sv1_fragments", "+e1", "+fs", "1");
    check("dcmcjpeg", mr, "mr_lossless", "+el");
    check("dcmcjpeg", ct, "ct_sv1", "+e1");
    check("dcmcjpeg", mr, "mr_extended_12bit", "+ee");
    check("dcmcjpeg", ct, "ct_extended_12bit", "+ee");
    check("dcmcjpeg", CONFORMANCE.resolve("image_dfl.dcm"), "grey_baseline", "+eb");
    check("dcmconv", mr, "mr_implicit", "+ti");
    check("dcmconv", mr, "mr_big_endian", "+tb");
    check("dcmconv", mr, "mr_deflated", "+td");
    check("dcmconv", mr, "mr_undefined_lengths", "-e");
  }

  @Test
  void colourReencodingsDecodeLikeDcmtk() throws Exception {
    Path rgb = dir.resolve("rgb.dcm");
    run("dcmdrle", CONFORMANCE.resolve("SC_rgb_rle.dcm").toString(), rgb.toString());
    check("dcmcrle", rgb, "rgb_rle");
    check("dcmcjpeg", rgb, "rgb_ybr422", "+eb");
    check("dcmcjpeg", rgb, "rgb_ybr444", "+eb", "+s4");
    check("dcmcjpeg", rgb, "rgb_rgb", "+eb", "+cr");
    check("dcmcjpeg", rgb, "rgb_extended", "+ee");
    check("dcmcjpeg", rgb, "rgb_fragments", "+eb", "+fs", "1");
    check("dcmcjpeg", rgb, "rgb_sv1", "+e1");
    check("dcmconv", rgb, "rgb_big_endian", "+tb");
    check("dcmconv", rgb, "rgb_deflated", "+td");
  }

  @Test
  void multiFrameReencodingsDecodeLikeDcmtk() throws Exception {
    int frames = 3;
    byte[] pixels = new byte[frames * 12 * 10];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7 + i / 120 * 50);
    }
    Path native8 = dir.resolve("multi.dcm");
    Files.write(native8, TestDatasets.create()
        .text(DicomTags.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.7.2")
        .text(DicomTags.SOP_INSTANCE_UID, "UI", "2.25.1")
        .us(DicomTags.SAMPLES_PER_PIXEL, 1)
        .text(DicomTags.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
        .text(DicomTags.NUMBER_OF_FRAMES, "IS", Integer.toString(frames))
        .us(DicomTags.ROWS, 12).us(DicomTags.COLUMNS, 10)
        .us(DicomTags.BITS_ALLOCATED, 8).us(DicomTags.BITS_STORED, 8).us(DicomTags.HIGH_BIT, 7)
        .us(DicomTags.PIXEL_REPRESENTATION, 0)
        .element(DicomTags.PIXEL_DATA, "OB", pixels)
        .toFile());
    assertThat(Dicom.read(native8).storedValuesLittleEndian()).isEqualTo(pixels);
    check("dcmcrle", native8, "multi_rle");
    check("dcmcjpeg", native8, "multi_sv1", "+e1");
    check("dcmcjpeg", native8, "multi_baseline", "+eb");
    check("dcmcjpeg", native8, "multi_fragments", "+e1", "+fs", "1");
  }

  /** Encodes with a dcmtk tool, decompresses with dcmtk, and compares pneumo's decodes of both. */
  private static void check(String tool, Path source, String name, String... options) throws Exception {
    Path encoded = dir.resolve(name + ".dcm");
    List<String> command = new ArrayList<>(List.of(tool));
    command.addAll(List.of(options));
    command.addAll(List.of(source.toString(), encoded.toString()));
    run(command.toArray(String[]::new));
    Path decoded = dir.resolve(name + "_decoded.dcm");
    DicomImage image = Dicom.read(encoded);
    String syntax = image.transferSyntaxUid();
    String decoder = syntax.equals(TransferSyntax.RLE_LOSSLESS) ? "dcmdrle"
        : syntax.startsWith("1.2.840.10008.1.2.4.") ? "dcmdjpeg" : "dcmconv";
    run(decoder, encoded.toString(), decoded.toString());
    DicomImage reference = Dicom.read(decoded);
    assertThat(image.photometricInterpretation()).as(name).isEqualTo(reference.photometricInterpretation());
    assertThat(image.frames()).as(name).isEqualTo(reference.frames());
    assertThat(image.storedValuesLittleEndian()).as(name + " (" + syntax + ")")
        .isEqualTo(reference.storedValuesLittleEndian());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }
}
