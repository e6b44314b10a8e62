package io.github.pneumo;

import io.github.pneumo.image.GreyImage;
import java.io.Closeable;

/**
 * A trained pneumothorax segmentation model (or ensemble): an 8-bit radiograph in, a per-pixel
 * probability map out, at the input's resolution (the map is resized back when the model runs at a
 * smaller size).
 *
 * <p>To predict on DICOM files, wrap the model in {@code io.github.pneumo.dicom.RadiographPredictor}.
 *
 * <p>Implementations hold native resources: close them. Whether {@link #predict} may be called from
 * several threads is stated by each implementation.
 */
public interface SegmentationModel extends Closeable {

  /**
   * Predicts the probability of pneumothorax for every pixel.
   *
   * @param image the radiograph
   * @return probabilities in [0, 1], same size as the image
   */
  ProbabilityMap predict(GreyImage image);

  /** Releases the model's resources; further calls to {@link #predict} fail. */
  @Override
  void close();
}
