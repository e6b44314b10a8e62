package io.github.pneumo.djl.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class InPlaceReluTest {

  private static final float[] VALUES = {-2f, -0.5f, 0f, 0.25f, 3f, -1e-30f};
  private static final float[] RELU = {0f, 0f, 0f, 0.25f, 3f, 0f};

  @Test
  void inferenceOverwritesTheInputWithTheTorchScriptKernel() {
    assertThat(InPlaceRelu.available()).as("inplace-relu.pt loads on the bundled libtorch").isTrue();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray x = manager.create(VALUES, new Shape(1, 1, 2, 3));
      NDArray y = InPlaceRelu.apply(x, false);
      assertThat(y.toFloatArray()).containsExactly(RELU);
      assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 2, 3));
      assertThat(x.toFloatArray()).as("input overwritten").containsExactly(RELU);
    }
  }

  @Test
  void trainingLeavesTheInputAlone() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray x = manager.create(VALUES, new Shape(2, 3));
      assertThat(InPlaceRelu.apply(x, true).toFloatArray()).containsExactly(RELU);
      assertThat(x.toFloatArray()).containsExactly(VALUES);
    }
  }
}
