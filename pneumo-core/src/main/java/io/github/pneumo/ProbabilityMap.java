package io.github.pneumo;

import com.google.common.base.Preconditions;
import io.github.pneumo.image.Resampling;

/**
 * A per-pixel pneumothorax probability map, row-major (index = y·width + x), values in [0, 1].
 *
 * <p>The array is owned by the map and returned without copying by {@link #values()}; do not modify it.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param values row-major probabilities, length width·height
 */
public record ProbabilityMap(int width, int height, float[] values) {

  /** Validates the dimensions. */
  public ProbabilityMap {
    Preconditions.checkArgument(width > 0 && height > 0, "map size must be positive: %sx%s", width, height);
    Preconditions.checkArgument(values.length == (long) width * height,
        "map has %s values, expected %sx%s", values.length, width, height);
  }

  /**
   * The probability at (x, y).
   *
   * @param x column
   * @param y row
   * @return the probability
   */
  public float get(int x, int y) {
    return values[y * width + x];
  }

  /**
   * The map resized bilinearly ({@link Resampling#bilinear(float[], int, int, int, int)}: OpenCV's
   * INTER_LINEAR geometry, float arithmetic).
   *
   * @param width target width
   * @param height target height
   * @return the resized map (this map when the size already matches)
   */
  public ProbabilityMap resized(int width, int height) {
    if (width == this.width && height == this.height) {
      return this;
    }
    return new ProbabilityMap(width, height, Resampling.bilinear(values, this.width, this.height, width, height));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProbabilityMap m && m.width == width && m.height == height
        && java.util.Arrays.equals(m.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + java.util.Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ProbabilityMap[" + width + "x" + height + "]";
  }
}
