package io.github.pneumo.image;

import static io.github.pneumo.image.TestImages.image;
import static io.github.pneumo.image.TestImages.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.ProbabilityMap;
import org.junit.jupiter.api.Test;

/** The float resampling (the cv2-exact 8-bit operations are covered by augment.PixelsTest). */
class ResamplingTest {

  @Test
  void floatBilinearHasHalfPixelCentresAndClampedBorders() {
    // x=0: source -0.25 clamped to 0; x=1: 0.25; x=2: 0.75; x=3: 1.25 clamped to 1
    assertThat(Resampling.bilinear(new float[] {0, 10}, 2, 1, 4, 1)).containsExactly(0f, 2.5f, 7.5f, 10f);
    // 2x2 -> 1x1: the centre (0.5, 0.5) averages all four
    assertThat(Resampling.bilinear(new float[] {0, 4, 8, 12}, 2, 2, 1, 1)).containsExactly(6f);
    float[] same = {1, 2, 3};
    assertThat(Resampling.bilinear(same, 3, 1, 3, 1)).isSameAs(same);
  }

  @Test
  void roundedBilinearIsTheFloatPathRoundedToBytes() {
    assertThat(values(Resampling.bilinearRounded(image(2, 1, 0, 10), 4, 1))).containsExactly(0, 3, 8, 10);
    assertThat(values(Resampling.bilinearRounded(image(2, 1, 0, 255), 3, 1))).containsExactly(0, 128, 255);
    GreyImage g = image(2, 1, 0, 10);
    assertThat(Resampling.bilinearRounded(g, 2, 1)).isSameAs(g);
  }

  @Test
  void probabilityMapsResizeHere() {
    ProbabilityMap m = new ProbabilityMap(2, 1, new float[] {0f, 1f});
    assertThat(m.resized(4, 1).values()).containsExactly(0f, 0.25f, 0.75f, 1f);
    assertThat(m.resized(2, 1)).isSameAs(m);
  }
}
