package io.github.pneumo.djl.training;

import io.github.pneumo.training.TrainingException;
import io.github.pneumo.augment.Augmentation;
import io.github.pneumo.augment.Sample;
import io.github.pneumo.augment.ToTensor;
import io.github.pneumo.image.GreyImage;

/**
 * Turns an image and its mask into model input: augmentation (training), resize, channel expansion and
 * normalisation. Must be deterministic in (epoch, position) and thread-safe: prefetch workers call it
 * concurrently, and the result must not depend on which worker runs it.
 */
@FunctionalInterface
public interface SampleEncoder {

  /**
   * @param image the source image
   * @param mask its mask (0/255)
   * @param epoch the epoch (0-based)
   * @param position the sample's position in the epoch's order
   * @return the encoded sample
   */
  EncodedSample encode(GreyImage image, GreyImage mask, int epoch, int position);

  /**
   * No augmentation: the grey value repeated in three channels and divided by 255 (the original's
   * {@code _old} transforms at the cache's own size).
   *
   * @return the encoder
   */
  static SampleEncoder plain() {
    return (image, mask, epoch, position) -> {
      int w = image.width();
      int h = image.height();
      if (mask.width() != w || mask.height() != h) {
        throw new TrainingException("mask is " + mask.width() + "x" + mask.height() + " but image is " + w + "x" + h);
      }
      byte[] px = image.pixels();
      float[] chw = new float[3 * w * h];
      float[] m = new float[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = y * w + x;
          float v = (px[i] & 0xFF) / 255f;
          chw[i] = v;
          chw[w * h + i] = v;
          chw[2 * w * h + i] = v;
          m[i] = (mask.pixels()[i] & 0xFF) / 255f;
        }
      }
      return new EncodedSample(3, h, w, chw, m);
    };
  }

  /**
   * An augmentation pipeline (training: random transforms; validation: resize and normalisation), with
   * each sample's randomness drawn from (seed, epoch, position).
   *
   * @param augmentation the pipeline
   * @param seed the run's seed
   * @return the encoder
   */
  static SampleEncoder augmented(Augmentation augmentation, long seed) {
    return (image, mask, epoch, position) -> {
      Sample out = augmentation.apply(Sample.of(image, mask), seed, epoch, position);
      GreyImage img = out.image();
      GreyImage m = java.util.Objects.requireNonNull(out.mask(), "augmentation dropped the mask");
      return new EncodedSample(3, img.height(), img.width(), augmentation.imageTensor(out), ToTensor.mask(m));
    };
  }
}
