package io.github.pneumo.djl.weights;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pneumo.djl.SegmentationNetworks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classification state dicts in the ImageNet files' layouts, saved by real PyTorch with random weights,
 * load into the three encoders and give PyTorch's stage outputs. Needs {@code PNEUMO_TORCH_PYTHON};
 * skipped otherwise.
 */
class EncoderWeightsTorchTest {

  @TempDir
  Path dir;

  private static float[] f32(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  @Test
  void torchSavedImageNetLayoutsGivePyTorchsEncoderOutputs() throws IOException {
    TorchPython.assumeAvailable();
    TorchPython.runReference("encoders", dir.toString());
    JsonObject manifest = JsonParser.parseString(Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
    float[] input = f32(dir.resolve("input.f32"));
    for (Map.Entry<String, com.google.gson.JsonElement> e : manifest.entrySet()) {
      String name = e.getKey();
      JsonObject m = e.getValue().getAsJsonObject();
      Map<String, long[]> committed = EncoderWeightsTest.keys(name);
      assertThat(Files.readString(dir.resolve(name + ".keys.txt")).lines().count()).isEqualTo(committed.size());
      try (Model model = SegmentationNetworks.create(m.get("architecture").getAsString());
          NDManager manager = model.getNDManager().newSubManager()) {
        EncoderWeights.of(dir.resolve(m.get("file").getAsString())).load(model);
        NDArray x = manager.create(input, new Shape(1, 3, 64, 64));
        NDList stages = SegmentationNetworks.network(model).encoder()
            .forwardStages(new ParameterStore(manager, false), x, false);
        JsonArray shapes = m.getAsJsonArray("stages");
        for (int s = 0; s < 5; s++) {
          float[] reference = f32(dir.resolve(name + "_stage" + s + ".f32"));
          float[] actual = stages.get(s).toFloatArray();
          assertThat(stages.get(s).getShape().toString().replace(" ", ""))
              .isEqualTo(shapes.get(s).toString().replace("[", "(").replace("]", ")"));
          double maxAbs = 0;
          double maxDiff = 0;
          for (int i = 0; i < reference.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(reference[i]));
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - reference[i]));
          }
          System.out.printf("%s stage %d: max |diff| %.3g = %.3g x max|reference| (%.4g)%n", name, s, maxDiff,
              maxDiff / maxAbs, maxAbs);
          assertThat(maxDiff).as("%s stage %d: max |diff| (max |ref| %.4g)", name, s, maxAbs)
              .isLessThanOrEqualTo(1e-4 * maxAbs);
        }
      }
    }
  }
}
