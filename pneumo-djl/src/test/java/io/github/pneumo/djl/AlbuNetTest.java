package io.github.pneumo.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AlbuNet against the original, plus native DJL checkpoints and encoder freezing. */
class AlbuNetTest extends ArchitectureParityTest {
  AlbuNetTest() {
    super("albunet", 34_604_897L);
  }

  @Test
  @Order(10)
  void nativeDjlCheckpointsKeepWorking(@TempDir Path dir) throws Exception {
    float[] before = logitsOnInputA(model);
    model.save(dir, "albunet");
    try (Model other = SegmentationNetworks.create(Architecture.ALBUNET, 3)) {
      assertThat(logitsOnInputA(other)).isNotEqualTo(before);
      other.load(dir, "albunet");
      assertThat(logitsOnInputA(other)).isEqualTo(before);
    }
  }

  @Test
  @Order(11)
  void aFrozenEncoderIsNotTrainedAndCanBeUnfrozen() throws IOException {
    SegmentationNetworks.setEncoderFrozen(model, true);
    Map<String, float[]> before = snapshot(network);
    trainingStep(model, 2);
    Map<String, Parameter> params = network.namedParameters();
    List<String> changedEncoderWeights = new ArrayList<>();
    int changedDecoder = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      boolean changed = !java.util.Arrays.equals(before.get(e.getKey()), e.getValue().getArray().toFloatArray());
      boolean runningStat = e.getKey().endsWith("running_mean") || e.getKey().endsWith("running_var");
      if (e.getKey().startsWith("encoder.")) {
        assertThat(e.getValue().requiresGradient()).as(e.getKey()).isFalse();
        if (changed && !runningStat) {
          changedEncoderWeights.add(e.getKey());
        }
      } else if (changed) {
        changedDecoder++;
      }
    }
    assertThat(changedEncoderWeights).isEmpty();
    assertThat(changedDecoder).isEqualTo(params.size() - network.encoder().namedParameters().size());

    SegmentationNetworks.setEncoderFrozen(model, false);
    params.forEach((name, p) -> assertThat(p.requiresGradient())
        .as(name).isEqualTo(!name.endsWith("running_mean") && !name.endsWith("running_var")));
    before = snapshot(network);
    trainingStep(model, 3);
    assertThat(network.encoder().namedParameters().get("conv1.weight").getArray().toFloatArray())
        .isNotEqualTo(before.get("encoder.conv1.weight"));
  }
}
