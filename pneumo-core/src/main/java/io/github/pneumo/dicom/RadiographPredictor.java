package io.github.pneumo.dicom;

import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.SegmentationModel;
import java.nio.file.Path;

/**
 * A {@link SegmentationModel} fed from radiograph files: each file is read with a {@link RadiographReader}
 * (pneumo's DICOM reader by default) and its 8-bit image predicted.
 *
 * <pre>{@code
 * ProbabilityMap p = RadiographPredictor.of(model).predict(Path.of("image.dcm"));
 * }</pre>
 *
 * <p>Thread-safe when the model and the reader are.
 *
 * @param model the model (not closed by this adapter)
 * @param reader how files become the model's input
 */
public record RadiographPredictor(SegmentationModel model, RadiographReader reader) {

  /**
   * The model with pneumo's DICOM reader ({@link RadiographReader#builtIn()}).
   *
   * @param model the model
   * @return the adapter
   */
  public static RadiographPredictor of(SegmentationModel model) {
    return new RadiographPredictor(model, RadiographReader.builtIn());
  }

  /**
   * Reads a radiograph and predicts the probability of pneumothorax for every pixel.
   *
   * @param file the DICOM (or other radiograph) file
   * @return probabilities in [0, 1], same size as the image
   * @throws io.github.pneumo.PneumoException naming the file if it cannot be read
   */
  public ProbabilityMap predict(Path file) {
    return model.predict(reader.read(file));
  }
}
