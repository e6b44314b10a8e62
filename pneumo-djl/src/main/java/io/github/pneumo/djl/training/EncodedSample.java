package io.github.pneumo.djl.training;

import com.google.common.base.Preconditions;

/**
 * One model-ready sample: a float image in CHW order and its 0/1 mask.
 *
 * @param channels image channels (3 for every pneumo network)
 * @param height height in pixels
 * @param width width in pixels
 * @param image {@code channels × height × width} floats, channel-major
 * @param mask {@code height × width} floats, 0 or 1, row-major
 */
public record EncodedSample(int channels, int height, int width, float[] image, float[] mask) {

  /** Checks the array lengths. */
  public EncodedSample {
    Preconditions.checkArgument(channels > 0 && height > 0 && width > 0, "bad sample shape %sx%sx%s", channels, height, width);
    Preconditions.checkArgument(image.length == channels * height * width,
        "image has %s values, expected %s", image.length, channels * height * width);
    Preconditions.checkArgument(mask.length == height * width,
        "mask has %s values, expected %s", mask.length, height * width);
  }
}
