package io.github.pneumo.image;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * An 8-bit single-channel image, row-major (index = y * width + x), values 0..255 stored as bytes.
 *
 * <p>This is the model's input type throughout pneumo: what a DICOM converts to, what augmentations
 * transform, what the synthetic generator paints. The pixel array is owned by the image; {@link
 * #pixels()} returns it without copying for speed, so callers must not modify it (use {@link #copy()}).
 *
 * @param width image width in pixels, &gt; 0
 * @param height image height in pixels, &gt; 0
 * @param pixels row-major pixel values, length {@code width * height}
 */
public record GreyImage(int width, int height, byte[] pixels) {

  /** Validates the dimensions against the pixel array. */
  public GreyImage {
    Preconditions.checkArgument(width > 0 && height > 0, "image size must be positive: %sx%s", width, height);
    Preconditions.checkArgument(
        pixels.length == (long) width * height,
        "pixel array has %s values, expected %sx%s = %s",
        pixels.length, width, height, (long) width * height);
  }

  /**
   * A black image.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @return an all-zero image
   */
  public static GreyImage blank(int width, int height) {
    return new GreyImage(width, height, new byte[width * height]);
  }

  /**
   * The value at (x, y) as an int in 0..255.
   *
   * @param x column, 0-based
   * @param y row, 0-based
   * @return the unsigned pixel value
   */
  public int get(int x, int y) {
    return pixels[y * width + x] & 0xFF;
  }

  /**
   * A deep copy.
   *
   * @return a new image with a copied pixel array
   */
  public GreyImage copy() {
    return new GreyImage(width, height, pixels.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GreyImage g
        && g.width == width
        && g.height == height
        && Arrays.equals(g.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "GreyImage[" + width + "x" + height + "]";
  }
}
