package io.github.pneumo.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.RleCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by SiimLabelsFuzzTest: a truncated or corrupt gzip label file was a bare PneumoException ("cannot
 * read ...: java.io.EOFException"), as if the disk had failed; it is a {@link LabelFormatException}
 * naming the file and line.
 */
class CorruptGzipLabelsTest {
  @TempDir Path tmp;

  @Test
  void truncatedGzipLabelFileIsALabelFormatException() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write("ImageId,EncodedPixels\n1.2.3,3 2\n".getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = bytes.toByteArray();
    Path file = tmp.resolve("train-rle.csv.gz");
    Files.write(file, Arrays.copyOf(whole, whole.length - 6));
    assertThatThrownBy(() -> SiimLabels.read(file, RleCodec.relative()))
        .isInstanceOf(LabelFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt or truncated gzip data: java.io.EOFException");
  }

  @Test
  void corruptGzipHeaderIsALabelFormatException() throws IOException {
    Path file = tmp.resolve("labels.csv");
    Files.write(file, new byte[] {0x1f, (byte) 0x8b, 9, 0, 0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> SiimLabels.read(file, RleCodec.relative()))
        .isInstanceOf(LabelFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt or truncated gzip data: java.util.zip.ZipException: Unsupported"
            + " compression method");
  }
}
