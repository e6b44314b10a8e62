package io.github.pneumo.augment;

import static io.github.pneumo.image.TestImages.image;
import static io.github.pneumo.image.TestImages.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.image.GreyImage;
import io.github.pneumo.image.Resampling;
import org.junit.jupiter.api.Test;

class PixelsTest {

  @Test
  void reflect101MirrorsWithoutRepeatingTheEdge() {
    // gfedcb|abcdefgh|gfedcba with len 5: indices -4..8
    int[] expected = {4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0};
    for (int p = -4; p <= 8; p++) {
      assertThat(Resampling.reflect101(p, 5)).as("p=%d", p).isEqualTo(expected[p + 4]);
    }
    assertThat(Resampling.reflect101(-7, 1)).isZero();
  }

  @Test
  void integerShiftUsesReflect101BorderValues() {
    GreyImage src = image(5, 1, 10, 20, 30, 40, 50);
    // dst(x) = src(x - 2): columns -2, -1 reflect to 2, 1
    GreyImage shifted = Resampling.warpAffine(src, new double[] {1, 0, 2, 0, 1, 0}, false);
    assertThat(values(shifted)).containsExactly(30, 20, 10, 20, 30);
    GreyImage nearest = Resampling.warpAffine(src, new double[] {1, 0, -3, 0, 1, 0}, true);
    // dst(x) = src(x + 3): 40, 50, src(5) = 40, src(6) = 30, src(7) = 20
    assertThat(values(nearest)).containsExactly(40, 50, 40, 30, 20);
  }

  @Test
  void halfPixelRemapInterpolatesAcrossTheReflectedBorder() {
    GreyImage src = image(5, 1, 10, 20, 30, 40, 50);
    float[] mx = {-0.5f, 0.25f, 3.5f, 4.5f, 2f};
    float[] my = {0, 0, 0, 0, 0};
    GreyImage out = Resampling.remap(src, mx, my, false);
    // -0.5: (src(-1)=20 + src(0)=10)/2 = 15; 0.25: 10·0.75 + 20·0.25 = 12.5 -> 13 (round half up);
    // 3.5: 45; 4.5: (50 + src(5)=40)/2 = 45; 2: 30
    assertThat(values(out)).containsExactly(15, 13, 45, 45, 30);
  }

  @Test
  void linearResizeMatchesHandComputedOpenCvValues() {
    // upscale 2 -> 4: centres at -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
    assertThat(values(Resampling.resizeLinear(image(2, 1, 0, 100), 4, 1))).containsExactly(0, 25, 75, 100);
    // downscale 4 -> 2: centres at 0.5 and 2.5, 71/2 = 35.5 rounds up
    assertThat(values(Resampling.resizeLinear(image(4, 1, 10, 20, 30, 41), 2, 1))).containsExactly(15, 36);
    // 2-D: 2x2 -> 3x3, centres at -1/6, 0.5, 7/6 on each axis
    GreyImage big = Resampling.resizeLinear(image(2, 2, 0, 90, 180, 30), 3, 3);
    assertThat(values(big)).containsExactly(0, 45, 90, 90, 75, 60, 180, 105, 30);
    // vertical: 1x2 -> 1x4
    assertThat(values(Resampling.resizeLinear(image(1, 2, 0, 100), 1, 4))).containsExactly(0, 25, 75, 100);
  }

  @Test
  void nearestResizeTakesFloorOfScaledIndex() {
    assertThat(values(Resampling.resizeNearest(image(4, 1, 1, 2, 3, 4), 2, 1))).containsExactly(1, 3);
    assertThat(values(Resampling.resizeNearest(image(2, 1, 1, 2), 5, 1))).containsExactly(1, 1, 1, 2, 2);
  }

  @Test
  void flipMirrorsRows() {
    assertThat(values(Pixels.flipHorizontal(image(3, 2, 1, 2, 3, 4, 5, 6)))).containsExactly(3, 2, 1, 6, 5, 4);
  }

  @Test
  void colourTablesAreTruncatedAndClipped() {
    byte[] contrast = ColourTables.linear(1.2, 0);
    assertThat(contrast[10] & 0xFF).isEqualTo(12);
    assertThat(contrast[11] & 0xFF).isEqualTo(13); // 13.2 truncated
    assertThat(contrast[250] & 0xFF).isEqualTo(255);
    byte[] darker = ColourTables.linear(1, -30.7);
    assertThat(darker[20] & 0xFF).isZero();
    assertThat(darker[100] & 0xFF).isEqualTo(69); // 69.3 truncated
    byte[] gamma = ColourTables.gamma(0.8);
    // trunc(255·(64/255)^(1/0.8)) = trunc(45.05...) = 45
    assertThat(gamma[64] & 0xFF).isEqualTo((int) (255 * Math.pow(64 / 255.0, 1.25)));
    assertThat(gamma[64] & 0xFF).isEqualTo(45);
    assertThat(gamma[255] & 0xFF).isEqualTo(255);
    assertThat(gamma[0] & 0xFF).isZero();
  }

  @Test
  void gaussianKernelAndReflectMatchScipy() {
    float[] k = GaussianFilter.kernel(6, 4);
    assertThat(k).hasSize(49);
    double sum = 0;
    for (float v : k) {
      sum += v;
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    // scipy 'reflect': dcba|abcd|dcba
    assertThat(GaussianFilter.reflect(-1, 4)).isZero();
    assertThat(GaussianFilter.reflect(-2, 4)).isEqualTo(1);
    assertThat(GaussianFilter.reflect(4, 4)).isEqualTo(3);
    assertThat(GaussianFilter.reflect(9, 4)).isEqualTo(1);
    // a constant field stays constant
    float[] constant = new float[30 * 7];
    java.util.Arrays.fill(constant, 0.5f);
    for (float v : GaussianFilter.smooth(constant, 30, 7, 6, 4)) {
      assertThat(v).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }
}
