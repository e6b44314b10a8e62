package io.github.pneumo.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.pneumo.RleCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the label reader: byte 0 picks the codec (bit 0), the rest is the label
 * file (plain or gzip) read at 64x64. Any input either reads or fails with a {@link
 * LabelFormatException} naming the file. Without {@code JAZZER_FUZZ} this runs the seed corpus {@code
 * SiimLabelsFuzzTestInputs/read}.
 */
class SiimLabelsFuzzTest {
  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("pneumo-labels-fuzz");
    file = dir.resolve("labels.csv");
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "10m")
  void read(byte[] data) {
    if (data.length < 1) {
      return;
    }
    RleCodec codec = (data[0] & 1) == 0 ? RleCodec.relative() : RleCodec.standard();
    try {
      Files.write(file, Arrays.copyOfRange(data, 1, data.length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      SiimLabels labels = SiimLabels.read(file, codec, 64, 64);
      for (String id : labels.imageIds()) {
        assertThat(labels.mask(id).area()).isBetween(0, 64 * 64);
      }
    } catch (LabelFormatException e) {
      assertThat(e.getMessage()).contains(file.toString());
    }
  }
}
