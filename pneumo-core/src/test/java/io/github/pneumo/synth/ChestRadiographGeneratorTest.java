package io.github.pneumo.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.testdata.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChestRadiographGeneratorTest {


  /** Two annotations in 1024² coordinates: a lateral strip on the image's left, an apical block on the right. */
  static Path twoAnnotationShapes(Path dir) throws Exception {
    RleCodec c = RleCodec.relative();
    Mask.Builder a = Mask.builder(1024, 1024);
    for (int x = 150; x < 190; x++) {
      for (int y = 300; y < 600; y++) {
        a.set(x, y);
      }
    }
    Mask.Builder b = Mask.builder(1024, 1024);
    for (int x = 650; x < 800; x++) {
      for (int y = 170; y < 220; y++) {
        b.set(x, y);
      }
    }
    Path file = dir.resolve("shapes.csv");
    Files.writeString(file, "ImageId, EncodedPixels\nimg1, " + c.encode(a.build()) + "\nimg1, "
        + c.encode(b.build()) + "\nimg2,-1\n");
    return file;
  }

  @Test
  void sameSeedGivesSameImageAndDifferentIndexOrSeedDiffers() {
    ChestRadiographGenerator g = ChestRadiographGenerator.builder().size(128).build();
    SyntheticRadiograph a = g.generate(7, 0, 3, true);
    assertThat(g.generate(7, 0, 3, true)).isEqualTo(a);
    assertThat(g.generate(7, 0, 4, true).image()).isNotEqualTo(a.image());
    assertThat(g.generate(8, 0, 3, true).image()).isNotEqualTo(a.image());
    assertThat(g.generate(7, 1, 3, true).image()).isNotEqualTo(a.image());
  }

  @Test
  void negativeCasesHaveNoLesionAndPositiveOnesAtLeastOne() {
    ChestRadiographGenerator g = ChestRadiographGenerator.builder().size(64).build();
    for (int i = 0; i < 20; i++) {
      assertThat(g.generate(1, 0, i, false).lesions()).isEmpty();
      SyntheticRadiograph p = g.generate(1, 0, i, true);
      assertThat(p.lesions()).isNotEmpty().allMatch(m -> !m.isEmpty() && m.width() == 64);
    }
  }

  /** The lesion changes the image exactly inside its mask (darker by the lucency) and along its inner border. */
  @Test
  void paintedLesionMatchesItsMask() {
    for (double difficulty : new double[] {0, 1}) {
      ChestRadiographGenerator g = ChestRadiographGenerator.builder().size(256).difficulty(difficulty).build();
      double lo = 25 - 15 * difficulty;
      double hi = 45 - 30 * difficulty;
      for (int i = 0; i < 6; i++) {
        SyntheticRadiograph painted = g.generate(11, 0, i, true, true);
        SyntheticRadiograph plain = g.generate(11, 0, i, true, false);
        Mask mask = painted.union();
        Mask near = dilate(mask, (int) Math.ceil(0.0022 * 256 + 0.012 * 256) + 2);
        double inside = 0;
        int n = 0;
        for (int y = 0; y < 256; y++) {
          for (int x = 0; x < 256; x++) {
            int d = painted.image().get(x, y) - plain.image().get(x, y);
            if (mask.get(x, y)) {
              inside += d;
              n++;
            } else if (!near.get(x, y)) {
              assertThat(d).as("pixel (%s,%s) away from the lesion, case %s", x, y, i).isZero();
            }
          }
        }
        double mean = inside / n;
        // clamping at 0 can only shrink the change
        assertThat(mean).as("difficulty %s case %s", difficulty, i).isLessThanOrEqualTo(-lo * 0.8)
            .isGreaterThanOrEqualTo(-hi - 1);
      }
    }
  }

  @Test
  void proceduralLesionsLieInsideALungAgainstItsEdge() {
    ChestRadiographGenerator g = ChestRadiographGenerator.builder().size(256).build();
    for (int i = 0; i < 30; i++) {
      assertInsideLungAtEdge(g.layout(5, 0, i, true), 256, "procedural case " + i);
    }
  }

  @Test
  void realShapesAreKeptAtTheirPositionsAndLungsAreFittedAroundThem() throws Exception {
    ChestRadiographGenerator g =
        ChestRadiographGenerator.builder().size(256).shapes(TestData.shared("data/siim-labels/siim-train-rle.csv.gz")).build();
    int multi = 0;
    for (int i = 0; i < 40; i++) {
      ChestRadiographGenerator.Case c = g.layout(9, 0, i, true);
      assertInsideLungAtEdge(c, 256, "SIIM case " + i);
      multi += c.lesions().size() > 1 ? 1 : 0;
    }
    assertThat(multi).as("multi-annotation cases among 40 draws").isPositive();
  }

  @Test
  void realShapesAreResampledAtPixelCentres(@TempDir Path dir) throws Exception {
    ChestRadiographGenerator g =
        ChestRadiographGenerator.builder().size(128).shapes(twoAnnotationShapes(dir)).build();
    SyntheticRadiograph r = g.generate(3, 0, 0, true);
    assertThat(r.lesions()).hasSize(2);
    // 1024 -> 128: pixel x samples source column 8x + 4, so columns 150..189 map to x 19..23
    Mask strip = r.lesions().get(0);
    assertThat(strip.area()).isEqualTo(5 * 38); // x 19..23, y 37..74: 8y+4 in the source rows 300..599
    assertThat(strip.get(19, 40)).isTrue();
    assertThat(strip.get(18, 40)).isFalse();
    assertThat(strip.get(23, 74)).isTrue();
    assertThat(strip.get(24, 74)).isFalse();
  }

  @Test
  void badSettingsAreRejectedWithClearMessages(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ChestRadiographGenerator.builder().size(100))
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("multiple of 64").hasMessageContaining("100");
    assertThatThrownBy(() -> ChestRadiographGenerator.builder().difficulty(1.5))
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("difficulty");
    Path missing = dir.resolve("nope.csv");
    assertThatThrownBy(() -> ChestRadiographGenerator.builder().shapes(missing).build())
        .isInstanceOf(PneumoException.class).hasMessageContaining(missing.toString());
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "ImageId, EncodedPixels\nimg1, 5 x\n");
    assertThatThrownBy(() -> ChestRadiographGenerator.builder().shapes(bad).build())
        .isInstanceOf(PneumoException.class).hasMessageContaining(bad.toString()).hasMessageContaining("2");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "ImageId, EncodedPixels\nimg1,-1\n");
    assertThatThrownBy(() -> ChestRadiographGenerator.builder().shapes(empty).build())
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("no pneumothorax");
  }

  @Test
  void imagesLookLikeRadiographs() {
    // coarse sanity of the anatomy: dark lungs beside a bright mediastinum, dark air outside the body
    GreyImage img = ChestRadiographGenerator.builder().size(256).build().generate(2, 0, 0, false).image();
    double lungs = (mean(img, 50, 100, 110, 150) + mean(img, 160, 100, 210, 150)) / 2;
    double mediastinum = mean(img, 120, 100, 136, 150);
    assertThat(mediastinum - lungs).isGreaterThan(40);
  }

  static double mean(GreyImage img, int x0, int y0, int x1, int y1) {
    double s = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        s += img.get(x, y);
      }
    }
    return s / ((x1 - x0) * (y1 - y0));
  }

  /** Every lesion pixel inside a lung field; every annotation within 1 % of the size + 2 px of a lung border. */
  static void assertInsideLungAtEdge(ChestRadiographGenerator.Case c, int size, String what) {
    LungField[] lungs = c.layout().lungs();
    double slack = 0.01 * size + 2;
    for (Mask m : c.lesions()) {
      double closest = Double.MAX_VALUE;
      for (int x = 0; x < size; x++) {
        for (int y = 0; y < size; y++) {
          if (!m.get(x, y)) {
            continue;
          }
          LungField inside = null;
          for (LungField f : lungs) {
            if (f.contains(x, y)) {
              inside = f;
            }
          }
          assertThat(inside).as("%s: lesion pixel (%s,%s) outside both lungs", what, x, y).isNotNull();
          closest = Math.min(closest, inside.edgeDistance(x, y));
        }
      }
      assertThat(closest).as("%s: distance of the annotation to the lung border", what).isLessThanOrEqualTo(slack);
    }
  }

  static Mask dilate(Mask m, int r) {
    Mask.Builder b = Mask.builder(m.width(), m.height());
    for (int x = 0; x < m.width(); x++) {
      for (int y = 0; y < m.height(); y++) {
        if (m.get(x, y)) {
          for (int dx = -r; dx <= r; dx++) {
            for (int dy = -r; dy <= r; dy++) {
              int u = x + dx;
              int v = y + dy;
              if (u >= 0 && v >= 0 && u < m.width() && v < m.height()) {
                b.set(u, v);
              }
            }
          }
        }
      }
    }
    return b.build();
  }

}
