package io.github.pneumo.djl.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import io.github.pneumo.PneumoException;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.weights.SafeTensors.DType;
import io.github.pneumo.djl.weights.SafeTensors.Output;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Error handling and options of {@link TorchWeights}, on small hand-made safetensors files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TorchWeightsTest {

  private static final long[] FINAL_WEIGHT = {1, 32, 1, 1};
  private Model model;

  @TempDir
  Path dir;

  @BeforeAll
  void createModel() {
    model = SegmentationNetworks.create("albunet");
  }

  @AfterAll
  void closeModel() {
    model.close();
  }

  private static float[] ramp(int n, float start) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + i * 0.25f;
    }
    return v;
  }

  private Path write(String name, Output... outputs) {
    Path file = dir.resolve(name);
    SafeTensors.write(file, List.of(outputs), Map.of());
    return file;
  }

  private static Output f32(String name, long[] shape, float[] values) {
    return Output.f32(name, shape, () -> values);
  }

  private float[] param(String name) {
    return SegmentationNetworks.parameters(model).get(name).getArray().toFloatArray();
  }

  @Test
  void metadataKeysAreWrittenSortedWhateverTheMapOrder() throws IOException {
    Map<String, String> reversed = new java.util.LinkedHashMap<>();
    reversed.put("producer", "pneumo");
    reversed.put("format", "pt");
    reversed.put("architecture", "albunet");
    Path file = dir.resolve("meta.safetensors");
    SafeTensors.write(file, List.of(f32("x", new long[] {1}, new float[] {1f})), reversed);
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertThat(header).startsWith(
        "{\"__metadata__\":{\"architecture\":\"albunet\",\"format\":\"pt\",\"producer\":\"pneumo\"}");
  }

  @Test
  void unknownAndMissingNamesAreListedAndNothingIsModified() {
    float[] finalBias = param("final.bias");
    Path file = write("unknown.safetensors",
        f32("final.bias", new long[] {1}, new float[] {42}),
        f32("decoder.extra.weight", new long[] {3}, new float[3]),
        Output.i64("final.num_batches_tracked", new long[0], new long[] {0}));
    assertThatThrownBy(() -> TorchWeights.load(model, file))
        .isInstanceOf(WeightsMismatchException.class)
        .isInstanceOf(PneumoException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("2 tensor(s) not in albunet: decoder.extra.weight, final.num_batches_tracked")
        .hasMessageContaining("model tensor(s) missing from the file: center.block.1.conv.bias");
    assertThat(param("final.bias")).isEqualTo(finalBias);
  }

  @Test
  void shapeMismatchesAreReportedWithBothShapes() {
    Path file = write("shape.safetensors", f32("final.weight", new long[] {2, 32, 1, 1}, new float[64]),
        f32("encoder.fc.bias", new long[] {10}, new float[10]));
    assertThatThrownBy(() -> TorchWeights.load(model, file, TorchWeights.LoadOptions.strict().allowingMissing()))
        .isInstanceOf(WeightsMismatchException.class)
        .hasMessageContaining("final.weight: shape [2, 32, 1, 1] in the file, (1, 32, 1, 1) in the model")
        .hasMessageContaining("encoder.fc.bias: shape [10] in the file, (1000) in the original");
  }

  @Test
  void ignoredNamesRenamingAndPartialLoading() {
    float[] weight = ramp(32, -1);
    Path file = write("partial.safetensors", f32("weight", FINAL_WEIGHT, weight),
        f32("bias", new long[] {1}, new float[] {0.5f}), f32("fc.weight", new long[] {1000, 512}, new float[512_000]),
        f32("junk", new long[] {2}, new float[2]));
    TorchWeights.LoadOptions options = TorchWeights.LoadOptions.strict()
        .renaming(n -> n.startsWith("fc.") ? "encoder." + n : "final." + n)
        .ignoring(Set.of("final.junk"))
        .allowingMissing();
    TorchWeights.load(model, file, options);
    assertThat(param("final.weight")).isEqualTo(weight);
    assertThat(param("final.bias")).containsExactly(0.5f);
  }

  @Test
  void aliasesMustAgreeWithTheirCanonicalTensorAndMayStandAlone() {
    long[] shape = {64, 3, 7, 7};
    float[] a = ramp(64 * 3 * 49, 0);
    float[] b = ramp(64 * 3 * 49, 1);
    TorchWeights.LoadOptions partial = TorchWeights.LoadOptions.strict().allowingMissing();
    Path inconsistent = write("alias-bad.safetensors", f32("encoder.conv1.weight", shape, a),
        f32("conv1.0.weight", shape, b));
    assertThatThrownBy(() -> TorchWeights.load(model, inconsistent, partial))
        .isInstanceOf(WeightsMismatchException.class)
        .hasMessageContaining("conv1.0.weight != encoder.conv1.weight");

    Path aliasOnly = write("alias-only.safetensors", f32("conv1.0.weight", shape, b),
        Output.i64("conv1.1.num_batches_tracked", new long[0], new long[] {5}));
    TorchWeights.load(model, aliasOnly, partial);
    assertThat(param("encoder.conv1.weight")).isEqualTo(b);

    Path consistent = write("alias-ok.safetensors", f32("encoder.conv1.weight", shape, a),
        f32("conv1.0.weight", shape, a));
    TorchWeights.load(model, consistent, partial);
    assertThat(param("encoder.conv1.weight")).isEqualTo(a);
  }

  @Test
  void readsHalfBfloatAndDoublePrecisionAndRejectsIntegerParameters() {
    float[] values = {1.5f, -2.25f, 0.0009765625f, 65504f};
    float[] weight = new float[32];
    System.arraycopy(values, 0, weight, 0, 4);
    TorchWeights.LoadOptions partial = TorchWeights.LoadOptions.strict().allowingMissing();
    for (DType type : List.of(DType.F16, DType.BF16, DType.F64)) {
      Supplier<ByteBuffer> data = () -> {
        ByteBuffer b = ByteBuffer.allocate(32 * type.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : weight) {
          switch (type) {
            case F16 -> b.putShort(toHalf(v));
            case BF16 -> b.putShort((short) (Float.floatToIntBits(v) >>> 16));
            default -> b.putDouble(v);
          }
        }
        return b.flip();
      };
      Path file = write(type + ".safetensors", new Output("final.weight", type, FINAL_WEIGHT, data));
      TorchWeights.load(model, file, partial);
      float[] expected = weight.clone();
      if (type == DType.BF16) {
        for (int i = 0; i < expected.length; i++) {
          expected[i] = Float.intBitsToFloat(Float.floatToIntBits(expected[i]) & 0xFFFF0000);
        }
      }
      assertThat(param("final.weight")).as(type.name()).isEqualTo(expected);
    }
    Path ints = write("int.safetensors", Output.i64("final.bias", new long[] {1}, new long[] {1}));
    assertThatThrownBy(() -> TorchWeights.load(model, ints, partial))
        .isInstanceOf(WeightsMismatchException.class)
        .hasMessageContaining("final.bias: dtype I64 is not floating-point");
  }

  /** Exact half-precision encoding of the test values (all representable). */
  private static short toHalf(float v) {
    int bits = Float.floatToIntBits(v);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = ((bits >>> 23) & 0xFF) - 127 + 15;
    int mantissa = (bits >>> 13) & 0x3FF;
    if (v == 0) {
      return (short) sign;
    }
    return (short) (sign | (exponent << 10) | mantissa);
  }

  @Test
  void malformedFilesGiveATypedErrorNamingFileAndOffset() throws IOException {
    Path missing = dir.resolve("absent.safetensors");
    assertThatThrownBy(() -> TorchWeights.load(model, missing))
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("absent.safetensors");

    Path shortFile = Files.write(dir.resolve("short.safetensors"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> TorchWeights.load(model, shortFile))
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("too short");

    Path hugeHeader = Files.write(dir.resolve("huge.safetensors"), header(1_000_000, "{}"));
    assertThatThrownBy(() -> TorchWeights.load(model, hugeHeader))
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("header length 1000000 at byte 0");

    Path badJson = Files.write(dir.resolve("json.safetensors"), header(-1, "{\"a\": [1,"));
    assertThatThrownBy(() -> TorchWeights.load(model, badJson))
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("malformed JSON header");

    String outside = "{\"final.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    Path truncated = Files.write(dir.resolve("truncated.safetensors"), header(-1, outside));
    assertThatThrownBy(() -> TorchWeights.load(model, truncated))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("'final.bias'").hasMessageContaining("outside the data section of 0 bytes");

    String wrongSize = "{\"final.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}";
    Path sized = Files.write(dir.resolve("sized.safetensors"), concat(header(-1, wrongSize), new byte[4]));
    assertThatThrownBy(() -> TorchWeights.load(model, sized))
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("needs 8");

    String overlapping = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
    Path overlap = Files.write(dir.resolve("overlap.safetensors"), concat(header(-1, overlapping), new byte[8]));
    assertThatThrownBy(() -> TorchWeights.load(model, overlap))
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("overlap");

    String unknownType = "{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}";
    Path q4 = Files.write(dir.resolve("q4.safetensors"), concat(header(-1, unknownType), new byte[1]));
    assertThatThrownBy(() -> TorchWeights.load(model, q4))
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("unsupported dtype Q4");
  }

  private static byte[] header(long declaredLength, String json) {
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(declaredLength < 0 ? text.length : declaredLength).put(text);
    return b.array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void saveIsAtomicAndReplacesAnExistingFile() throws IOException {
    Path file = dir.resolve("sub").resolve("albunet.safetensors");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "old");
    TorchWeights.save(model, file);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("albunet.safetensors");
    }
    Path fresh = dir.resolve("fresh.safetensors");
    Path probe = Files.createFile(dir.resolve("probe"));
    TorchWeights.save(model, fresh);
    assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(Files.getPosixFilePermissions(probe));
    try (SafeTensors.Reader reader = SafeTensors.open(file)) {
      assertThat(reader.tensors()).hasSize(462);
      assertThat(reader.rawTensors().get("encoder.bn1.num_batches_tracked").dtype()).isEqualTo(DType.I64);
      Parameter conv = SegmentationNetworks.parameters(model).get("encoder.layer1.0.conv1.weight");
      assertThat(reader.readFloats("conv2.0.conv1.weight"))
          .isEqualTo(conv.getArray().toFloatArray());
      assertThat(reader.readFloats("encoder.fc.weight")).containsOnly(0f);
    }
  }
}
