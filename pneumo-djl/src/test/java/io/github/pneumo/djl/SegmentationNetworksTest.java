package io.github.pneumo.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.pneumo.PneumoException;
import io.github.pneumo.djl.layers.KaimingNormalInitializer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentationNetworksTest {

  @Test
  void unknownArchitecturesAreRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> SegmentationNetworks.create("unet11"))
        .isInstanceOf(PneumoException.class)
        .hasMessageContaining("unknown architecture 'unet11'; known: albunet, resnet50, seunet");
    assertThat(Architecture.byName(" SEUNet ")).isEqualTo(Architecture.SEUNET);
  }

  @Test
  void modelsOfOtherBlocksAreRejected() {
    try (Model foreign = Model.newInstance("foreign", "PyTorch")) {
      assertThatThrownBy(() -> SegmentationNetworks.network(foreign))
          .isInstanceOf(PneumoException.class)
          .hasMessageContaining("'foreign' is not a pneumo segmentation network");
    }
  }

  @Test
  void defaultInitialisationIsSeededHeNormal() {
    try (Model a = SegmentationNetworks.create("albunet");
        Model b = SegmentationNetworks.create(Architecture.ALBUNET, SegmentationNetworks.DEFAULT_SEED)) {
      Map<String, Parameter> pa = SegmentationNetworks.parameters(a);
      Map<String, Parameter> pb = SegmentationNetworks.parameters(b);
      assertThat(a.getBlock().isInitialized()).isTrue();
      for (String name : new String[] {"encoder.conv1.weight", "dec5.block.1.conv.weight", "final.weight"}) {
        assertThat(pa.get(name).getArray().toFloatArray()).as(name).isEqualTo(pb.get(name).getArray().toFloatArray());
      }
      float[] w = pa.get("dec5.block.1.conv.weight").getArray().toFloatArray();   // 512 x 768 x 3 x 3
      double sum = 0;
      double squares = 0;
      for (float v : w) {
        sum += v;
        squares += v * v;
      }
      double std = Math.sqrt(squares / w.length - Math.pow(sum / w.length, 2));
      assertThat(std).isCloseTo(Math.sqrt(2.0 / (768 * 9)), within(0.002 * Math.sqrt(2.0 / (768 * 9)) * 10));
      assertThat(pa.get("dec5.block.1.conv.bias").getArray().toFloatArray()).containsOnly(0f);
      assertThat(pa.get("encoder.bn1.weight").getArray().toFloatArray()).containsOnly(1f);
      assertThat(pa.get("encoder.bn1.running_var").getArray().toFloatArray()).containsOnly(1f);
      assertThat(pa.get("encoder.bn1.running_mean").getArray().toFloatArray()).containsOnly(0f);
      assertThat(pa.get("encoder.bn1.running_mean").requiresGradient()).isFalse();
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Shape s = new Shape(8, 4, 3, 3);
      float[] seed1 = new KaimingNormalInitializer(1).initialize(m, s, DataType.FLOAT32).toFloatArray();
      float[] seed1Again = new KaimingNormalInitializer(1).initialize(m, s, DataType.FLOAT32).toFloatArray();
      float[] seed2 = new KaimingNormalInitializer(2).initialize(m, s, DataType.FLOAT32).toFloatArray();
      assertThat(seed1).isEqualTo(seed1Again).isNotEqualTo(seed2);
    }
  }
}
