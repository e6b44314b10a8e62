package io.github.pneumo.augment;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * How 8-bit pixels become the model's three float input channels: {@code (v/255 − mean_c)/std_c} per
 * channel c (albumentations Normalize with max_pixel_value 255, in float32). The grey value is repeated
 * in the three channels, as the original reads its grey PNGs as colour.
 *
 * <p>The original's two variants: {@link #UNIT} ({@code _old} transforms: v/255 only) and {@link
 * #IMAGENET}.
 */
public final class Normalization {

  /** v/255 in all three channels (the {@code _old} transforms). */
  public static final Normalization UNIT = new Normalization(new double[] {0, 0, 0}, new double[] {1, 1, 1});

  /** ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). */
  public static final Normalization IMAGENET =
      new Normalization(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

  private final double[] mean;
  private final double[] std;
  private final float[][] tables = new float[3][256];

  private Normalization(double[] mean, double[] std) {
    this.mean = mean.clone();
    this.std = std.clone();
    boolean unit = Arrays.equals(mean, new double[] {0, 0, 0}) && Arrays.equals(std, new double[] {1, 1, 1});
    for (int c = 0; c < 3; c++) {
      // albumentations Normalize in float32: (v - mean·255) · (1 / (std·255)); without Normalize, the old
      // ToTensor divides the uint8 image by 255.0 in float64 and casts to float32
      float m = (float) mean[c] * 255f;
      float inv = 1f / ((float) std[c] * 255f);
      for (int v = 0; v < 256; v++) {
        tables[c][v] = unit ? (float) (v / 255.0) : (v - m) * inv;
      }
    }
  }

  /**
   * A custom normalisation.
   *
   * @param mean three channel means (on the 0..1 scale)
   * @param std three positive channel standard deviations
   * @return the normalisation
   */
  public static Normalization of(double[] mean, double[] std) {
    Preconditions.checkArgument(mean.length == 3 && std.length == 3, "mean and std need 3 values each");
    for (int c = 0; c < 3; c++) {
      Preconditions.checkArgument(Double.isFinite(mean[c]), "mean[%s] is not finite", c);
      Preconditions.checkArgument(std[c] > 0 && Double.isFinite(std[c]), "std[%s] must be > 0: %s", (Integer) c, (Double) std[c]);
    }
    return new Normalization(mean, std);
  }

  /** @return the three channel means (a copy) */
  public double[] mean() {
    return mean.clone();
  }

  /** @return the three channel standard deviations (a copy) */
  public double[] std() {
    return std.clone();
  }

  /**
   * The normalised value of an 8-bit pixel in a channel.
   *
   * @param channel 0, 1 or 2
   * @param value pixel value 0..255
   * @return the float the model sees
   */
  public float apply(int channel, int value) {
    return tables[channel][value];
  }

  float[] table(int channel) {
    return tables[channel];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
