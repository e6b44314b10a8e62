package io.github.pneumo.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.image.GreyImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformsTest {

  private static final int SIZE = 64;

  /** A black image with a white 6×6 marker, and the same marker as mask. */
  private static Sample marker(int x0, int y0) {
    byte[] px = new byte[SIZE * SIZE];
    for (int y = y0; y < y0 + 6; y++) {
      for (int x = x0; x < x0 + 6; x++) {
        px[y * SIZE + x] = (byte) 255;
      }
    }
    return Sample.of(new GreyImage(SIZE, SIZE, px), new GreyImage(SIZE, SIZE, px.clone()));
  }

  private static GreyImage gradient() {
    byte[] px = new byte[SIZE * SIZE];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7 + i / SIZE);
    }
    return new GreyImage(SIZE, SIZE, px);
  }

  private static List<Transform> geometric() {
    return List.of(new HorizontalFlip(1), new ShiftScaleRotate(-0.0625, 0.0625, -0.1, 0.1, -45, 45, 1),
        new ElasticTransform(120, 6, 3.6, 1), new GridDistortion(5, -0.3, 0.3, 1),
        new OpticalDistortion(-2, 2, -0.5, 0.5, 1), new Resize(48, 80, 1));
  }

  @Test
  void geometricTransformsMoveImageAndMaskIdentically() {
    for (Transform t : geometric()) {
      // ElasticTransform resamples twice (affine, then remap), so its image is blurred twice
      int minUnderMask = t instanceof ElasticTransform ? 10 : 40;
      for (int seed = 0; seed < 40; seed++) {
        Sample out = t.applyAlways(marker(24, 20), new SplittableRandom(seed));
        GreyImage img = out.image();
        GreyImage mask = out.mask();
        assertThat(mask).isNotNull();
        int maskArea = 0;
        for (int i = 0; i < img.pixels().length; i++) {
          int m = mask.pixels()[i] & 0xFF;
          int v = img.pixels()[i] & 0xFF;
          assertThat(m).as("%s seed %d: mask stays binary", t, seed).isIn(0, 255);
          if (m == 255) {
            maskArea++;
            // the mask's nearest source pixel is a marker pixel, so the bilinear image sample is bright
            assertThat(v).as("%s seed %d pixel %d: image under mask", t, seed, i).isGreaterThanOrEqualTo(minUnderMask);
          }
          if (v == 255) {
            assertThat(m).as("%s seed %d pixel %d: mask under saturated image", t, seed, i).isEqualTo(255);
          }
        }
        assertThat(maskArea).as("%s seed %d: marker kept", t, seed).isPositive();
      }
    }
  }

  @Test
  void shiftLandsTheMarkerExactlyInBothImageAndMask() {
    // no rotation, no scaling, shift by exactly 0.25·64 = 16 pixels right and down
    Transform t = new ShiftScaleRotate(0.25, 0.25, 0, 0, 0, 0, 1);
    Sample out = t.applyAlways(marker(20, 22), new SplittableRandom(1));
    assertThat(out.image()).isEqualTo(marker(36, 38).image());
    assertThat(out.mask()).isEqualTo(marker(36, 38).mask());
  }

  @Test
  void flipIsExactAndAnInvolution() {
    Sample s = Sample.of(gradient(), marker(3, 5).mask());
    Sample flipped = new HorizontalFlip(1).applyAlways(s, new SplittableRandom(0));
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        assertThat(flipped.image().get(x, y)).isEqualTo(s.image().get(SIZE - 1 - x, y));
      }
    }
    assertThat(flipped.mask()).isEqualTo(marker(SIZE - 9, 5).mask());
    Sample back = new HorizontalFlip(1).applyAlways(flipped, new SplittableRandom(0));
    assertThat(back).isEqualTo(s);
  }

  @Test
  void colourTransformsNeverTouchTheMask() {
    List<Transform> colour = List.of(new RandomContrast(-0.2, 0.2, 1), new RandomGamma(80, 120, 1),
        new RandomBrightness(-0.2, 0.2, 1));
    Sample s = Sample.of(gradient(), marker(10, 10).mask());
    for (Transform t : colour) {
      int changed = 0;
      for (int seed = 0; seed < 20; seed++) {
        Sample out = t.applyAlways(s, new SplittableRandom(seed));
        assertThat(out.mask()).isSameAs(s.mask());
        if (!out.image().equals(s.image())) {
          changed++;
        }
      }
      assertThat(changed).as("%s changes the image", t).isGreaterThan(15);
    }
  }

  @Test
  void brightnessShiftIsProportionalToTheImageMean() {
    // constant image of 100: mean 100, beta = 0.1 exactly -> 110
    byte[] px = new byte[16];
    java.util.Arrays.fill(px, (byte) 100);
    RandomBrightness b = new RandomBrightness(0.1, 0.1, 1);
    Sample out = b.applyAlways(Sample.of(new GreyImage(4, 4, px)), new SplittableRandom(3));
    assertThat(out.image().get(0, 0)).isEqualTo(110);
  }

  @Test
  void geometricTransformsKeepAConstantImageConstant() {
    byte[] px = new byte[SIZE * SIZE];
    java.util.Arrays.fill(px, (byte) 77);
    GreyImage flat = new GreyImage(SIZE, SIZE, px);
    for (Transform t : geometric()) {
      Sample out = t.applyAlways(Sample.of(flat), new SplittableRandom(5));
      for (byte b : out.image().pixels()) {
        assertThat(b & 0xFF).as("%s", t).isEqualTo(77);
      }
    }
  }

  @Test
  void drawnParametersStayInRange() {
    SplittableRandom rng = new SplittableRandom(42);
    RandomContrast c = new RandomContrast(-0.2, 0.2, 1);
    RandomBrightness b = new RandomBrightness(-0.2, 0.2, 1);
    RandomGamma g = new RandomGamma(80, 120, 1);
    ShiftScaleRotate ssr = new ShiftScaleRotate(-0.0625, 0.0625, -0.1, 0.1, -45, 45, 1);
    OpticalDistortion od = new OpticalDistortion(-2, 2, -0.5, 0.5, 1);
    GridDistortion gd = new GridDistortion(5, -0.3, 0.3, 1);
    double minGamma = 9;
    double maxGamma = 0;
    double minAngle = 99;
    double maxAngle = -99;
    for (int i = 0; i < 20_000; i++) {
      assertThat(c.drawAlpha(rng)).isBetween(0.8, 1.2);
      assertThat(b.drawBeta(rng)).isBetween(-0.2, 0.2);
      double gamma = g.drawGamma(rng);
      assertThat(gamma * 100).isBetween(80.0, 120.0).isCloseTo(Math.rint(gamma * 100), org.assertj.core.data.Offset.offset(1e-9));
      minGamma = Math.min(minGamma, gamma);
      maxGamma = Math.max(maxGamma, gamma);
      ShiftScaleRotate.Params q = ssr.draw(rng);
      assertThat(q.angle()).isBetween(-45.0, 45.0);
      assertThat(q.scale()).isBetween(0.9, 1.1);
      assertThat(q.dx()).isBetween(-0.0625, 0.0625);
      assertThat(q.dy()).isBetween(-0.0625, 0.0625);
      minAngle = Math.min(minAngle, q.angle());
      maxAngle = Math.max(maxAngle, q.angle());
      OpticalDistortion.Params o = od.draw(rng);
      assertThat(o.k()).isBetween(-2.0, 2.0);
      assertThat(Math.abs(o.dx()) + Math.abs(o.dy())).isZero();
      for (double f : gd.drawSteps(rng)) {
        assertThat(f).isBetween(0.7, 1.3);
      }
    }
    // randint is inclusive at both ends
    assertThat(minGamma).isEqualTo(0.8);
    assertThat(maxGamma).isEqualTo(1.2);
    assertThat(minAngle).isLessThan(-44);
    assertThat(maxAngle).isGreaterThan(44);
  }

  @Test
  void gridAxisMapFollowsTheOriginalCells() {
    double[] steps = {1.1, 0.9, 1, 1, 1, 1};
    float[] m = GridDistortion.axisMap(1024, 5, steps);
    // cells of 204 pixels; cell 0 spans 0 .. 204·1.1 = 224.4 over 204 samples (linspace inclusive)
    assertThat(m[0]).isZero();
    assertThat((double) m[203]).isCloseTo(224.4, org.assertj.core.data.Offset.offset(1e-3));
    assertThat((double) m[204]).isCloseTo(224.4, org.assertj.core.data.Offset.offset(1e-3));
    assertThat((double) m[407]).isCloseTo(224.4 + 183.6, org.assertj.core.data.Offset.offset(1e-3));
    // the last cell (1020..1023) is clamped to end at 1024
    assertThat(m[1023]).isEqualTo(1024f);
  }

  @Test
  void oneOfPicksChildrenByTheirProbability() {
    List<Transform> children = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      children.add(new HorizontalFlip(0.5));
    }
    OneOf oneOf = new OneOf(children, 0.3);
    int[] counts = new int[3];
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < 30_000; i++) {
      counts[oneOf.choose(rng)]++;
    }
    for (int n : counts) {
      assertThat(n).isBetween(9_500, 10_500);
    }
    // OneOf fires with p = 0.3
    int fired = 0;
    Sample s = Sample.of(gradient());
    for (int i = 0; i < 2_000; i++) {
      if (oneOf.apply(s, rng) != s) {
        fired++;
      }
    }
    assertThat(fired).isBetween(520, 680);
  }

  @Test
  void pipelineIsDeterministicPerSeedEpochAndIndex() {
    Augmentation a = Augmentations.preset("train_complex_old", SIZE);
    Sample s = marker(20, 20);
    List<Sample> first = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      first.add(a.apply(s, 42, 3, i));
    }
    for (int i = 29; i >= 0; i--) {
      assertThat(a.apply(s, 42, 3, i)).isEqualTo(first.get(i));
    }
    long distinct = first.stream().distinct().count();
    assertThat(distinct).isGreaterThan(15);
    int differentEpoch = 0;
    for (int i = 0; i < 30; i++) {
      if (!a.apply(s, 42, 4, i).equals(first.get(i))) {
        differentEpoch++;
      }
    }
    assertThat(differentEpoch).isGreaterThan(15);
    assertThat(Augmentation.random(42, 3, 7).nextLong()).isEqualTo(Augmentation.random(42, 3, 7).nextLong())
        .isNotEqualTo(Augmentation.random(42, 7, 3).nextLong())
        .isNotEqualTo(Augmentation.random(43, 3, 7).nextLong());
  }

  @Test
  void presetsMatchTheOriginalTransformFiles() {
    Augmentation train = Augmentations.preset("train_complex", 512);
    assertThat(train.normalization()).isEqualTo(Normalization.IMAGENET);
    assertThat(train.transforms()).hasSize(5);
    assertThat(train.transforms().get(0)).isEqualTo(new HorizontalFlip(0.5));
    assertThat(train.transforms().get(1)).isEqualTo(new OneOf(List.of(new RandomContrast(-0.2, 0.2, 0.5),
        new RandomGamma(80, 120, 0.5), new RandomBrightness(-0.2, 0.2, 0.5)), 0.3));
    assertThat(train.transforms().get(2)).isEqualTo(new OneOf(List.of(new ElasticTransform(120, 6, 3.6, 0.5),
        new GridDistortion(5, -0.3, 0.3, 0.5), new OpticalDistortion(-2, 2, -0.5, 0.5, 0.5)), 0.3));
    assertThat(train.transforms().get(3)).isEqualTo(new ShiftScaleRotate(-0.0625, 0.0625, -0.1, 0.1, -45, 45, 0.5));
    assertThat(train.transforms().get(4)).isEqualTo(new Resize(512, 512, 1));
    assertThat(Augmentations.preset("train_complex_old", 1024).normalization()).isEqualTo(Normalization.UNIT);
    assertThat(Augmentations.preset("valid_old", 1024).transforms()).containsExactly(Resize.square(1024));
    assertThat(Augmentations.preset("valid", 256).normalization()).isEqualTo(Normalization.IMAGENET);
    assertThatThrownBy(() -> Augmentations.preset("train_simple", 256))
        .isInstanceOf(AugmentationSpecException.class).hasMessageContaining("train_simple");
  }

  @Test
  void specErrorsNameTheEntryAndKey() {
    assertThatThrownBy(() -> Augmentations.fromSpec(List.of(Map.of("type", "HorizontalFlip", "p", 0.5),
        Map.of("type", "OneOf", "transforms", List.of(Map.of("type", "RandomGamma", "gama_limit", List.of(80, 120)))))))
        .isInstanceOf(AugmentationSpecException.class)
        .hasMessageContaining("augmentations[1].transforms[0]").hasMessageContaining("'gama_limit'");
    assertThatThrownBy(() -> Augmentations.fromSpec(List.of(Map.of("type", "Blur"))))
        .hasMessageContaining("augmentations[0]").hasMessageContaining("'Blur'");
    assertThatThrownBy(() -> Augmentations.fromSpec(List.of(Map.of("type", "HorizontalFlip", "p", 1.5))))
        .hasMessageContaining("'p'");
    assertThatThrownBy(() -> Augmentations.fromSpec(List.of(Map.of("type", "Normalize"), Resize.class.isRecord()
        ? Map.of("type", "Resize", "height", 8, "width", 8) : Map.of())))
        .hasMessageContaining("last");
    assertThatThrownBy(() -> Augmentations.fromSpec(List.of(Map.of("type", "Resize", "height", 8))))
        .hasMessageContaining("'width'");
    assertThatThrownBy(() -> Augmentations.fromSpec(List.of(Map.of("type", "RandomContrast", "limit", List.of(0.3, -0.3)))))
        .hasMessageContaining("'limit'");
  }

  @Test
  void scalarLimitsAreSymmetricLikeAlbumentations() {
    Augmentation a = Augmentations.fromSpec(List.of(Map.of("type", "ShiftScaleRotate", "shift_limit", 0.0625,
        "scale_limit", 0.1, "rotate_limit", 45, "p", 0.5), Map.of("type", "Normalize")));
    assertThat(a.transforms()).containsExactly(new ShiftScaleRotate(-0.0625, 0.0625, -0.1, 0.1, -45, 45, 0.5));
    assertThat(a.normalization()).isEqualTo(Normalization.IMAGENET);
  }

  @Test
  void toTensorNormalisesThreeChannelsAndTheMask() {
    GreyImage img = new GreyImage(2, 1, new byte[] {0, (byte) 255});
    float[] unit = ToTensor.image(img, Normalization.UNIT);
    assertThat(unit).containsExactly(0f, 1f, 0f, 1f, 0f, 1f);
    float[] net = ToTensor.image(img, Normalization.IMAGENET);
    double[] mean = {0.485, 0.456, 0.406};
    double[] std = {0.229, 0.224, 0.225};
    for (int c = 0; c < 3; c++) {
      assertThat((double) net[2 * c]).isCloseTo(-mean[c] / std[c], org.assertj.core.data.Offset.offset(1e-5));
      assertThat((double) net[2 * c + 1]).isCloseTo((1 - mean[c]) / std[c], org.assertj.core.data.Offset.offset(1e-5));
    }
    float[] batch = new float[1 + 2];
    ToTensor.mask(new GreyImage(2, 1, new byte[] {(byte) 255, (byte) 128}), batch, 1);
    assertThat(batch).containsExactly(0f, 1f, 128 / 255f);
  }

  @Test
  void elasticAffineMapsTheReferencePointsExactly() {
    float[][] src = {{10, 10}, {10, 4}, {4, 4}};
    float[][] dst = {{11.5f, 9}, {10, 5.25f}, {3, 4.5f}};
    double[] m = ElasticTransform.affineFromPoints(src, dst);
    for (int i = 0; i < 3; i++) {
      double u = m[0] * src[i][0] + m[1] * src[i][1] + m[2];
      double v = m[3] * src[i][0] + m[4] * src[i][1] + m[5];
      assertThat(u).isCloseTo(dst[i][0], org.assertj.core.data.Offset.offset(1e-9));
      assertThat(v).isCloseTo(dst[i][1], org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void opticalMapKeepsOpenCvsHalfPixelCentreQuirk() {
    // new camera matrix centred at ((W-1)/2, (H-1)/2), source camera at (W/2, H/2): with k = 0 the map is a
    // half-pixel shift; with k != 0 the distortion grows with r^2 + r^4
    float[] xs = new float[5];
    float[] ys = new float[5];
    OpticalDistortion.map(new OpticalDistortion.Params(0, 0, 0), 5, 5).fill(2, xs, ys);
    assertThat(xs).containsExactly(0.5f, 1.5f, 2.5f, 3.5f, 4.5f);
    assertThat(ys).containsOnly(2.5f);
    OpticalDistortion.map(new OpticalDistortion.Params(1, 0, 0), 5, 5).fill(0, xs, ys);
    double x = -2 / 5.0;
    double y = -2 / 5.0;
    double r2 = x * x + y * y;
    assertThat((double) xs[0]).isCloseTo(5 * x * (1 + r2 + r2 * r2) + 2.5, org.assertj.core.data.Offset.offset(1e-5));
  }
}
