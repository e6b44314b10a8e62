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

  /**
   * Samples looked up by identifier (e.g. in a training cache), in the order of {@code ids}.
   *
   * @param ids the identifiers
   * @param image reads an image by identifier (thread-safe)
   * @param mask reads a mask by identifier (thread-safe)
   * @return the source
   */
  static SampleSource of(java.util.List<String> ids, java.util.function.Function<String, GreyImage> image,
      java.util.function.Function<String, GreyImage> mask) {
    java.util.List<String> copy = java.util.List.copyOf(ids);
    return new SampleSource() {
      @Override
      public int size() {
        return copy.size();
      }

      @Override
      public String id(int index) {
        return copy.get(index);
      }

      @Override
      public GreyImage image(int index) {
        return image.apply(copy.get(index));
      }

      @Override
      public GreyImage mask(int index) {
        return mask.apply(copy.get(index));
      }
    };
  }
}
