package io.github.pneumo.data.cache;

import static io.github.pneumo.image.TestImages.image;
import static io.github.pneumo.image.TestImages.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.Mask;
import io.github.pneumo.image.GreyImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrepareResizeTest {

  @Test
  void sourceSizeIsExact() {
    GreyImage img = CacheFileTest.smooth(16, 16, 2);
    assertThat(PrepareResize.image(img, 16)).isEqualTo(img);
  }

  @Test
  void halvingAveragesTwoByTwoBlocksAndRoundsToNearest() {
    // blocks: (1,2,2,2) -> 1.75 -> 2; (1,1,2,1) -> 1.25 -> 1; (0,0,0,0) -> 0; (3,3,3,3) -> 3
    GreyImage src = image(4, 4,
        1, 2, 1, 1,
        2, 2, 2, 1,
        0, 0, 3, 3,
        0, 0, 3, 3);
    assertThat(values(PrepareResize.image(src, 2))).containsExactly(2, 1, 0, 3);
  }

  @Test
  void upscalingUsesAZeroBorderThenClipsToTheInputRange() {
    // 2x2 -> 4x4 with columns 0 and 204: the outer half-pixels blend with the constant 0 border
    GreyImage src = image(2, 2, 0, 204, 0, 204);
    int[] out = values(PrepareResize.image(src, 4));
    // column centres -0.25, 0.25, 0.75, 1.25 (row 1 lies fully inside vertically):
    // 0.25·0 + 0.75·204 = 153 at column 2, 0.75·204 + 0.25·0 (outside) = 153 at column 3, 51 at column 1
    assertThat(out[4 + 1]).isEqualTo(51);
    assertThat(out[4 + 2]).isEqualTo(153);
    assertThat(out[4 + 3]).isEqualTo(153);
    // row 0 (centre -0.25) keeps 75 %: 0.75 · 153 = 114.75 -> 115
    assertThat(out[2]).isEqualTo(115);
    // a constant image keeps its value: the darkened border is clipped up to the input minimum
    assertThat(values(PrepareResize.image(image(2, 2, 200, 200, 200, 200), 4))).containsOnly(200);
  }

  @Test
  void maskIsTheUnionAtSourceSizeAndSumThenSaturateWhenResized() {
    Mask a = Mask.builder(4, 4).set(0, 0).set(1, 0).set(2, 2).build();
    Mask b = Mask.builder(4, 4).set(1, 0).set(0, 1).set(3, 3).build();
    GreyImage same = PrepareResize.mask(List.of(a, b), 4, 4, 4);
    assertThat(same).isEqualTo(new GreyImage(4, 4, a.union(b).toRowMajor((byte) 255)));
    int[] half = values(PrepareResize.mask(List.of(a, b), 4, 4, 2));
    // block (0,0): 255 + 510 + 255 + 0 = 1020 / 4 = 255; block (1,1): 255 + 255 -> 127.5 -> 128 (half to even)
    assertThat(half).containsExactly(255, 0, 0, 128);
    // one instance alone in the top-left block: (255 + 255 + 0 + 0) / 4 = 127.5 -> 128
    assertThat(values(PrepareResize.mask(List.of(a), 4, 4, 2))[0]).isEqualTo(128);
    assertThat(values(PrepareResize.mask(List.of(), 4, 4, 2))).containsOnly(0);
  }
}
