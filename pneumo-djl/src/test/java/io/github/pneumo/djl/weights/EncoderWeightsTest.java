package io.github.pneumo.djl.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.models.SegmentationNetwork;
import io.github.pneumo.djl.weights.SafeTensors.Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link EncoderWeights} with the exact key sets and shapes of the three ImageNet files (committed lists
 * written by {@code src/test/python/torch_reference.py encoders}), filled with deterministic values in Java.
 */
class EncoderWeightsTest {

  @TempDir
  Path dir;

  /** The committed key/shape list of a classification state dict. */
  static Map<String, long[]> keys(String name) {
    Map<String, long[]> out = new LinkedHashMap<>();
    try (InputStream in = EncoderWeightsTest.class.getResourceAsStream("imagenet/" + name + ".keys.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.split("\t");
        String[] dims = parts[1].split(",");
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
          shape[i] = Long.parseLong(dims[i]);
        }
        out.put(parts[0], shape);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static float[] values(String name, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[Math.toIntExact(n)];
    int h = name.hashCode();
    for (int i = 0; i < v.length; i++) {
      v[i] = ((h + 31 * i) % 1000) * 1e-3f;
    }
    return v;
  }

  private Path write(String file, Map<String, long[]> keys) {
    List<Output> outputs = new ArrayList<>();
    keys.forEach((name, shape) -> outputs.add(Output.f32(name, shape, () -> values(name, shape))));
    Path path = dir.resolve(file);
    SafeTensors.write(path, outputs, Map.of());
    return path;
  }

  @ParameterizedTest
  @CsvSource({"resnet34, albunet, encoder.layer4.2.bn2.running_var, layer4.2.bn2.running_var, 182",
      "resnet50, resnet50, encoder_stages.0.0.weight, conv1.weight, 267",
      "se_resnext50_32x4d, seunet, encoder_stages.1.1.0.se_module.fc1.weight, layer1.0.se_module.fc1.weight, 331"})
  void theImageNetKeySetLoadsIntoTheEncoderWithNothingMissing(String source, String architecture, String modelName,
      String fileName, int entries) {
    Map<String, long[]> keys = keys(source);
    assertThat(keys).hasSize(entries);
    Path file = write(source + ".safetensors", keys);
    try (Model model = SegmentationNetworks.create(architecture)) {
      SegmentationNetwork network = SegmentationNetworks.network(model);
      Map<String, Parameter> params = network.namedParameters();
      Set<String> encoder = EncoderWeights.encoderNames(network, network.encoder());
      String classifier = source.startsWith("se_") ? "last_linear" : "fc";
      assertThat(encoder).hasSize(entries - 2);
      float[] decoderBefore = params.get("final.0.weight") != null ? params.get("final.0.weight").getArray()
          .toFloatArray() : params.get("final.weight").getArray().toFloatArray();
      EncoderWeights.of(file).load(model);
      assertThat(params.get(modelName).getArray().toFloatArray()).isEqualTo(values(fileName, keys.get(fileName)));
      assertThat(keys).containsKey(classifier + ".weight");
      float[] decoderAfter = params.get("final.0.weight") != null ? params.get("final.0.weight").getArray()
          .toFloatArray() : params.get("final.weight").getArray().toFloatArray();
      assertThat(decoderAfter).isEqualTo(decoderBefore);
    }
  }

  @Test
  void missingAndUnexpectedKeysAreListedAndTheChecksumIsChecked() throws IOException {
    Map<String, long[]> keys = keys("resnet34");
    keys.remove("layer3.1.bn2.running_mean");
    keys.put("layer5.0.conv1.weight", new long[] {1});
    keys.put("final.weight", new long[] {1, 32, 1, 1});
    Path file = write("broken.safetensors", keys);
    try (Model model = SegmentationNetworks.create("albunet")) {
      float[] before = SegmentationNetworks.parameters(model).get("final.weight").getArray().toFloatArray();
      assertThatThrownBy(() -> EncoderWeights.of(file).load(model))
          .isInstanceOf(WeightsMismatchException.class)
          .hasMessageContaining("2 tensor(s) not in albunet: final.weight, layer5.0.conv1.weight")
          .hasMessageContaining("1 model tensor(s) missing from the file: encoder.layer3.1.bn2.running_mean");
      assertThat(SegmentationNetworks.parameters(model).get("final.weight").getArray().toFloatArray())
          .isEqualTo(before);

      Path good = write("resnet34-good.safetensors", keys("resnet34"));
      String sha = MoreFiles.asByteSource(good).hash(Hashing.sha256()).toString();
      EncoderWeights.of(good, sha.substring(0, 8).toUpperCase()).load(model);
      assertThatThrownBy(() -> EncoderWeights.of(good, "00000000").load(model))
          .isInstanceOf(WeightsFileException.class)
          .hasMessageContaining("SHA-256 " + sha + " does not start with the expected 00000000");
      assertThatThrownBy(() -> EncoderWeights.of(dir.resolve("resnet34-333f7ec4.pth")).load(model))
          .isInstanceOf(WeightsFileException.class)
          .hasMessageContaining("resnet34-333f7ec4.pth: ImageNet encoder weights not found");
      assertThatThrownBy(() -> EncoderWeights.of(good, "xyz"))
          .isInstanceOf(WeightsFileException.class).hasMessageContaining("hexadecimal");
    }
  }
}
