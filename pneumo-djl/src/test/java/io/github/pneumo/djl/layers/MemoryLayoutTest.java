package io.github.pneumo.djl.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryLayoutTest {

  @Test
  void channelsLastKeepsShapeAndValuesInLogicalOrder() {
    assertThat(MemoryLayout.channelsLast()).as("channels-last.pt loads on the bundled libtorch").isTrue();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray x = manager.arange(0f, 2 * 3 * 4 * 5f).reshape(2, 3, 4, 5);
      NDArray y = MemoryLayout.toChannelsLast(x);
      assertThat(y).isNotSameAs(x);
      assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 4, 5));
      // values read back in N,C,H,W order whatever the storage order
      assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
      // operations on it give the same results as on the default layout
      assertThat(y.mul(2).add(y).sum(new int[] {1}).toFloatArray())
          .containsExactly(x.mul(2).add(x).sum(new int[] {1}).toFloatArray());
    }
  }

  @Test
  void plainBilinearInferenceKernelMatchesTheAntiAliasedOneAtTwiceTheSize() {
    Random random = new Random(3);
    float[] values = new float[2 * 5 * 7 * 9];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray x = manager.create(values, new Shape(2, 5, 7, 9));
      float[] antiAliased = Resampling.upsampleBilinear2x(x).toFloatArray();
      float[] plain = Resampling.upsampleBilinear2x(x, false).toFloatArray();
      float[] plainChannelsLast = Resampling.upsampleBilinear2x(MemoryLayout.toChannelsLast(x), false).toFloatArray();
      assertThat(Resampling.upsampleBilinear2x(x, false).getShape()).isEqualTo(new Shape(2, 5, 14, 18));
      assertThat(maxDifference(plain, antiAliased)).isLessThan(1e-6);
      assertThat(plainChannelsLast).containsExactly(plain);
      assertThat(plain).isNotEqualTo(antiAliased); // really a different kernel
    }
  }

  @Test
  void trainingPassesUpsampleWithAutograd() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray x = manager.ones(new Shape(1, 1, 2, 2));
      x.setRequiresGradient(true);
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        collector.backward(Resampling.upsampleBilinear2x(x, true).sum());
      }
      // every input pixel spreads over four output pixels with weights summing to 4
      assertThat(x.getGradient().toFloatArray()).containsExactly(4f, 4f, 4f, 4f);
    }
  }

  private static double maxDifference(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
