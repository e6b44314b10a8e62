package io.github.pneumo.djl.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void clipsAllGradientsByTheirJointNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {3, 4});
      NDArray b = m.create(new float[] {0, 12});
      double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
      // hand computation: sqrt(9 + 16 + 144) = 13; scale = 1 / (13 + 1e-6)
      assertThat(norm).isCloseTo(13.0, within(1e-6));
      double scale = 1.0 / (13.0 + 1e-6);
      assertThat(a.toFloatArray()).containsExactly((float) (3 * scale), (float) (4 * scale));
      assertThat(b.toFloatArray()).containsExactly(0f, (float) (12 * scale));
      assertThat(GradientClipping.globalNorm(List.of(a, b))).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void leavesGradientsAloneBelowTheLimit() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {0.03f, -0.04f});
      double norm = GradientClipping.clipGlobalNorm(List.of(a), 0.1);
      assertThat(norm).isCloseTo(0.05, within(1e-7));
      assertThat(a.toFloatArray()).containsExactly(0.03f, -0.04f);
    }
  }

  @Test
  void differsFromElementWiseClipping() {
    // element-wise clipping at 0.1 would give {0.1, 0.1}; the global norm keeps the direction
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1f, 0.5f});
      GradientClipping.clipGlobalNorm(List.of(a), 0.1);
      float[] v = a.toFloatArray();
      assertThat(v[0] / v[1]).isCloseTo(2f, within(1e-5f));
      assertThat(Math.hypot(v[0], v[1])).isCloseTo(0.1, within(1e-6));
    }
  }
}
