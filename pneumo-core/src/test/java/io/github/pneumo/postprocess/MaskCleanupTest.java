package io.github.pneumo.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.Mask;
import org.junit.jupiter.api.Test;

class MaskCleanupTest {

  /** Parses rows of '#' (foreground) and '.' into a mask. */
  static Mask mask(String... rows) {
    Mask.Builder b = Mask.builder(rows[0].length(), rows.length);
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length(); x++) {
        if (rows[y].charAt(x) == '#') {
          b.set(x, y);
        }
      }
    }
    return b.build();
  }

  private static final Mask SCENE = mask(
      "#####.....",
      "#...#...#.",
      "#.#.#..#..",
      "#...#.....",
      "#####...##",
      "........##");

  @Test
  void componentsAreEightConnected() {
    // ring with island (16 + 1), diagonal pair (2), 2x2 block (4)
    assertThat(MaskCleanup.componentAreas(SCENE)).containsExactly(16, 1, 2, 4);
  }

  @Test
  void removeSmallComponentsKeepsStrictlyLargerAndFillsHoles() {
    assertThat(MaskCleanup.removeSmallComponents(SCENE, 2)).isEqualTo(mask(
        "#####.....",
        "#####.....",
        "#####.....",
        "#####.....",
        "#####...##",
        "........##"));
    assertThat(MaskCleanup.removeSmallComponents(SCENE, 4)).isEqualTo(mask(
        "#####.....",
        "#####.....",
        "#####.....",
        "#####.....",
        "#####.....",
        ".........."));
    assertThat(MaskCleanup.removeSmallComponents(SCENE, 25).isEmpty()).isTrue();
  }

  @Test
  void keepLargest() {
    assertThat(MaskCleanup.keepLargest(SCENE, 1)).isEqualTo(MaskCleanup.removeSmallComponents(SCENE, 4));
    assertThat(MaskCleanup.keepLargest(SCENE, 2)).isEqualTo(MaskCleanup.removeSmallComponents(SCENE, 2));
    assertThat(MaskCleanup.keepLargest(SCENE, 0).isEmpty()).isTrue();
  }

  @Test
  void holesAreFourConnectedAndBorderBackgroundStays() {
    // the hole at (1,1) touches the outside only diagonally: it is a hole
    Mask m = mask(
        ".#...",
        "#.#..",
        ".#...");
    assertThat(MaskCleanup.fillHoles(m)).isEqualTo(mask(
        ".#...",
        "###..",
        ".#..."));
    // a U open to the border is not a hole
    Mask u = mask("#.#", "#.#", "###");
    assertThat(MaskCleanup.fillHoles(u)).isEqualTo(u);
  }
}
