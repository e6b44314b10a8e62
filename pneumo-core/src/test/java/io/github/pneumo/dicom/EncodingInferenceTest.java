package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files without preamble, or without preamble and meta group, decode like the complete file. */
class EncodingInferenceTest {
  private static final Path CONFORMANCE =
      TestData.vendored("data/dicom-conformance");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "MR_small.dcm, 1.2.840.10008.1.2.1",
    "MR_small_implicit.dcm, 1.2.840.10008.1.2",
    "MR_small_bigendian.dcm, 1.2.840.10008.1.2.2",
    "ExplVR_BigEnd.dcm, 1.2.840.10008.1.2.2"
  })
  void strippedFilesDecodeTheSame(String name, String syntax) throws IOException {
    byte[] whole = Files.readAllBytes(CONFORMANCE.resolve(name));
    DicomImage complete = Dicom.decode(Path.of(name), whole);
    assertThat(complete.transferSyntaxUid()).isEqualTo(syntax);

    byte[] noPreamble = Arrays.copyOfRange(whole, 128, whole.length);
    assertThat(Dicom.decode(Path.of(name), noPreamble).storedValuesLittleEndian())
        .isEqualTo(complete.storedValuesLittleEndian());

    byte[] noMeta = Arrays.copyOfRange(whole, datasetStart(whole), whole.length);
    DicomImage inferred = Dicom.decode(Path.of(name), noMeta);
    assertThat(inferred.transferSyntaxUid()).isEqualTo(syntax);
    assertThat(inferred.storedValuesLittleEndian()).isEqualTo(complete.storedValuesLittleEndian());
    assertThat(inferred.sopInstanceUid()).isEqualTo(complete.sopInstanceUid()).isNotEmpty();
  }

  /** Offset of the first element after the meta group (which has a group length in these files). */
  private static int datasetStart(byte[] file) {
    assertThat(file[132]).isEqualTo((byte) 2);
    int groupLength = (file[140] & 0xFF) | (file[141] & 0xFF) << 8 | (file[142] & 0xFF) << 16;
    return 144 + groupLength;
  }
}
