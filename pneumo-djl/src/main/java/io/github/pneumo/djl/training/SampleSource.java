package io.github.pneumo.djl.training;

import io.github.pneumo.image.GreyImage;

/** Indexed images with their masks (a training cache, a fold of it, or an in-memory set). Thread-safe. */
public interface SampleSource {

  /** @return the number of samples */
  int size();

  /**
   * @param index 0-based sample index
   * @return the sample's identifier (for logs and errors)
   */
  String id(int index);

  /**
   * @param index 0-based sample index
   * @return the image
   */
  GreyImage image(int index);

  /**
   * @param index 0-based sample index
   * @return the mask as an 8-bit image (0 background, 255 foreground), same size as the image
   */
  GreyImage mask(int index);
}
