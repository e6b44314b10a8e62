package io.github.pneumo.maps;

import com.google.common.base.Preconditions;
import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import java.util.Arrays;

/**
 * A probability map quantised to 8 bits: level q in 0..255 stands for the probability {@code q / 255f}.
 * Quantising rounds to the nearest level ({@code round(p·255)}), so the error is at most 1/510 ≈ 0.00196
 * for any p in [0, 1].
 *
 * <p>Row-major like {@link ProbabilityMap}. The level array is owned by the map and returned without
 * copying; do not modify it.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param levels row-major levels (unsigned bytes), length width·height
 */
public record QuantizedMap(int width, int height, byte[] levels) {

  /** The largest absolute difference between a probability in [0, 1] and its dequantised level. */
  public static final double MAX_ERROR = 1.0 / 510;

  /** Validates the dimensions. */
  public QuantizedMap {
    Preconditions.checkArgument(width > 0 && height > 0, "map size must be positive: %sx%s", width, height);
    Preconditions.checkArgument(levels.length == (long) width * height,
        "map has %s levels, expected %sx%s", levels.length, width, height);
  }

  /**
   * Quantises a probability map.
   *
   * @param map probabilities in [0, 1]
   * @return the quantised map
   * @throws PneumoException naming the pixel if a value is NaN or outside [0, 1]
   */
  public static QuantizedMap quantize(ProbabilityMap map) {
    float[] v = map.values();
    byte[] q = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      float p = v[i];
      if (!(p >= 0f && p <= 1f)) {
        throw new PneumoException("probability " + p + " outside [0, 1] at pixel (x=" + i % map.width()
            + ", y=" + i / map.width() + ")");
      }
      q[i] = (byte) Math.round(p * 255f);
    }
    return new QuantizedMap(map.width(), map.height(), q);
  }

  /**
   * The probability a level stands for.
   *
   * @param level 0..255
   * @return {@code level / 255f}
   */
  public static float dequantize(int level) {
    return level / 255f;
  }

  /**
   * The level at (x, y).
   *
   * @param x column
   * @param y row
   * @return 0..255
   */
  public int level(int x, int y) {
    return levels[y * width + x] & 0xFF;
  }

  /**
   * The dequantised probabilities.
   *
   * @return a new map with values {@code level / 255f}
   */
  public ProbabilityMap toProbabilityMap() {
    float[] v = new float[levels.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = dequantize(levels[i] & 0xFF);
    }
    return new ProbabilityMap(width, height, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantizedMap m && m.width == width && m.height == height
        && Arrays.equals(m.levels, levels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(levels);
  }

  @Override
  public String toString() {
    return "QuantizedMap[" + width + "x" + height + "]";
  }
}
