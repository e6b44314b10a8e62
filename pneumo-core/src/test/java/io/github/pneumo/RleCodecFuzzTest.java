package io.github.pneumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of both RLE decoders. Input layout: byte 0 picks the codec (bit 0) and the
 * width (1 + bits 1..7), byte 1 the height (1 + low 7 bits), the rest is the encoded string
 * (ISO-8859-1). A string either fails with an {@link RleFormatException} in decode, decodeRuns and
 * validate alike, or all three agree, and the mask survives encode/decode and transcoding to the other
 * codec. Without {@code JAZZER_FUZZ} this runs the seed corpus {@code RleCodecFuzzTestInputs/decode}.
 */
class RleCodecFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) {
    if (data.length < 2) {
      return;
    }
    RleCodec codec = (data[0] & 1) == 0 ? RleCodec.relative() : RleCodec.standard();
    RleCodec other = codec == RleCodec.relative() ? RleCodec.standard() : RleCodec.relative();
    int width = 1 + ((data[0] & 0xFF) >>> 1);
    int height = 1 + (data[1] & 0x7F);
    String rle = new String(data, 2, data.length - 2, StandardCharsets.ISO_8859_1);
    Mask mask;
    try {
      mask = codec.decode(rle, width, height);
    } catch (RleFormatException e) {
      assertThatThrownBy(() -> codec.validate(rle, width, height)).isInstanceOf(RleFormatException.class);
      assertThatThrownBy(() -> codec.decodeRuns(rle, width, height)).isInstanceOf(RleFormatException.class);
      return;
    }
    assertThat(mask.width()).isEqualTo(width);
    assertThat(mask.height()).isEqualTo(height);
    long[] runs = codec.decodeRuns(rle, width, height);
    assertThat(codec.validate(rle, width, height)).isEqualTo(runs.length / 2);
    assertThat(Mask.fromColumnMajorRuns(width, height, runs)).isEqualTo(mask);
    assertThat(codec.decode(codec.encode(mask), width, height)).isEqualTo(mask);
    String transcoded = codec.transcode(rle, other, width, height);
    assertThat(other.decodeRuns(transcoded, width, height)).isEqualTo(Arrays.copyOf(runs, runs.length));
    assertThat(other.decode(transcoded, width, height)).isEqualTo(mask);
  }
}
