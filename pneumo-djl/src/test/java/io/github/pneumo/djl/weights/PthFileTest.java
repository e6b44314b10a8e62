package io.github.pneumo.djl.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pneumo.djl.SegmentationNetworks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PthFile} and {@link RestrictedUnpickler} on files written by real PyTorch ({@code
 * src/test/python/make_pth_fixtures.py}); {@code expected.json} holds what {@code torch.load} reads back.
 */
class PthFileTest {

  private static final String DIR = "pth/";
  private static final Path MARKER = Path.of("/tmp/pneumo-hostile-pth-marker");

  @TempDir
  Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(PthFileTest.class.getResource(DIR + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject expected(String file) {
    try (InputStream in = PthFileTest.class.getResourceAsStream(DIR + "expected.json")) {
      JsonObject root = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
      return root.getAsJsonObject("files").getAsJsonObject(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }

  private static float[] floats(JsonArray a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).getAsDouble();
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"small_zip.pth", "small_legacy.pth", "small_big_endian.pth"})
  void everyTensorReadsAsPyTorchReadsIt(String name) {
    JsonObject expected = expected(name);
    try (PthFile file = PthFile.open(fixture(name), List.of(), false)) {
      assertThat(file.tensors().keySet()).containsExactlyElementsOf(expected.keySet());
      for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
        JsonObject t = e.getValue().getAsJsonObject();
        TensorFile.Entry entry = file.tensors().get(e.getKey());
        assertThat(entry.shape()).as(e.getKey()).containsExactly(longs(t.getAsJsonArray("shape")));
        if (t.get("dtype").getAsString().equals("int64")) {
          assertThat(entry.floating()).isFalse();
          assertThat(entry.dtype()).isEqualTo("INT64");
          assertThatThrownBy(() -> file.readFloats(e.getKey())).isInstanceOf(WeightsMismatchException.class)
              .hasMessageContaining("INT64");
        } else {
          assertThat(file.readFloats(e.getKey())).as(e.getKey()).containsExactly(floats(t.getAsJsonArray("values")));
        }
      }
    }
  }

  @Test
  void sharedStoragesAndViewsAreResolvedAndTypesAndByteOrderReported() {
    try (PthFile file = PthFile.open(fixture("small_zip.pth"), List.of(), false)) {
      assertThat(file.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
      assertThat(file.readFloats("shared.transposed")).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
      assertThat(file.readFloats("shared.offset")).containsExactly(5, 6, 9, 10);
      assertThat(file.readFloats("shared.strided")).containsExactly(2, 5, 8, 11);
      assertThat(file.readFloats("half")).containsExactly(0.5f, 0.875f, 1.25f, 1.625f, 2f, 2.375f);
      assertThat(file.tensors().get("half").dtype()).isEqualTo("FLOAT16");
      assertThat(file.tensors().get("double").dtype()).isEqualTo("FLOAT64");
      assertThat(file.tensors().get("scalar").shape()).isEmpty();
      assertThat(file.readFloats("scalar")).containsExactly(2.5f);
    }
    try (PthFile file = PthFile.open(fixture("small_big_endian.pth"), List.of(), false)) {
      assertThat(file.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hostile_zip.pth", "hostile_legacy.pth"})
  void aPickleNamingOsSystemIsRefusedAndNothingRuns(String name) throws IOException {
    assertThat(MARKER).as("marker left by another run").doesNotExist();
    Path file = fixture(name);
    String global = name.contains("zip") ? "'posix.system'" : "'os.system'";
    assertThatThrownBy(() -> PthFile.open(file, List.of(), true))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("refused global " + global)
        .hasMessageContaining("nothing was executed");
    assertThatThrownBy(() -> TorchWeights.open(file, TorchWeights.LoadOptions.strict()))
        .hasMessageContaining("refused global " + global);
    assertThat(MARKER).doesNotExist();
    assertThat(Files.readString(Path.of(PthFileTest.class.getResource(DIR + "expected.json").getPath())))
        .contains(MARKER.toString());
  }

  @Test
  void nestedStateDictsAreSelectedByEntryOrUnwrapping() {
    Path nested = fixture("nested_final.pt");
    assertThatThrownBy(() -> PthFile.open(nested, List.of(), false))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("the saved object is not a state dict: entries 'epoch' (3), 'best_score' (0.8604), "
            + "'folds' (a list), 'state_dict' (a dict) are not tensors")
        .hasMessageContaining("LoadOptions.entry(...) or .unwrapping()");
    assertThatThrownBy(() -> PthFile.open(nested, List.of("model"), false))
        .hasMessageContaining("the saved object has no entry 'model'; its keys: 'epoch', 'best_score', 'folds', "
            + "'state_dict'");
    float[] weight = floats(expected("nested_final.pt").getAsJsonObject("final.weight").getAsJsonArray("values"));
    for (boolean unwrap : new boolean[] {false, true}) {
      try (PthFile file = PthFile.open(nested, unwrap ? List.of() : List.of("state_dict"), unwrap)) {
        assertThat(file.tensors().keySet()).containsExactly("final.weight", "final.bias");
        assertThat(file.readFloats("final.weight")).containsExactly(weight);
        assertThat(file.readFloats("final.bias")).containsExactly(0.75f);
      }
    }
  }

  @Test
  void torchWeightsLoadsPthFilesWithTheDocumentedOptions() {
    float[] weight = floats(expected("final_legacy.pth").getAsJsonObject("final.weight").getAsJsonArray("values"));
    TorchWeights.LoadOptions partial = TorchWeights.LoadOptions.strict().allowingMissing();
    try (Model model = SegmentationNetworks.create("albunet")) {
      TorchWeights.load(model, fixture("final_legacy.pth"), partial);
      assertThat(param(model, "final.weight")).containsExactly(weight);
      assertThat(param(model, "final.bias")).containsExactly(0.75f);

      Path dataParallel = fixture("dataparallel_final.pth");
      assertThatThrownBy(() -> TorchWeights.load(model, dataParallel, partial))
          .isInstanceOf(WeightsMismatchException.class)
          .hasMessageContaining("2 tensor(s) not in albunet: module.final.bias, module.final.weight");
      resetFinal(model);
      TorchWeights.load(model, dataParallel, partial.strippingPrefix("module."));
      assertThat(param(model, "final.weight")).containsExactly(weight);
      resetFinal(model);
      TorchWeights.load(model, dataParallel, partial.unwrapping());
      assertThat(param(model, "final.weight")).containsExactly(weight);

      resetFinal(model);
      TorchWeights.load(model, fixture("nested_final.pt"), partial.entry("state_dict"));
      assertThat(param(model, "final.bias")).containsExactly(0.75f);

      assertThatThrownBy(() -> TorchWeights.load(model, fixture("final_legacy.pth")))
          .isInstanceOf(WeightsMismatchException.class)
          .hasMessageContaining("model tensor(s) missing from the file: center.block.1.conv.bias");
    }
  }

  private static float[] param(Model model, String name) {
    return SegmentationNetworks.parameters(model).get(name).getArray().toFloatArray();
  }

  private static void resetFinal(Model model) {
    SegmentationNetworks.parameters(model).get("final.weight").getArray().set(new float[32]);
    SegmentationNetworks.parameters(model).get("final.bias").getArray().set(new float[1]);
  }

  @Test
  void truncatedAndCorruptFilesFailWithTheByteOffset() throws IOException {
    byte[] legacy = Files.readAllBytes(fixture("small_legacy.pth"));
    Path cut = tmp.resolve("cut.pth");
    Files.write(cut, Arrays.copyOf(legacy, legacy.length - 2));
    assertThatThrownBy(() -> PthFile.open(cut, List.of(), false))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("runs past the end of the file");
    Path cutPickle = tmp.resolve("cut-pickle.pth");
    Files.write(cutPickle, Arrays.copyOf(legacy, 300));
    assertThatThrownBy(() -> PthFile.open(cutPickle, List.of(), false))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("pickle byte 300");

    // A 4 GB string length in a 30-byte file: refused before any allocation.
    Path huge = tmp.resolve("huge.pth");
    byte[] magic = Arrays.copyOf(legacy, 15);
    byte[] bomb = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, '.'};
    byte[] content = Arrays.copyOf(magic, magic.length + bomb.length);
    System.arraycopy(bomb, 0, content, magic.length, bomb.length);
    Files.write(huge, content);
    assertThatThrownBy(() -> PthFile.open(huge, List.of(), false))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("pickle byte 17: length 2147483647 exceeds the 1 bytes left in the pickle");

    Path text = tmp.resolve("text.pth");
    Files.writeString(text, "not a checkpoint");
    assertThatThrownBy(() -> PthFile.open(text, List.of(), false))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("byte 0: neither a torch.save zip archive nor a legacy torch.save file");
  }
}
