package io.github.pneumo.dicom;

import io.github.pneumo.image.GreyImage;
import java.nio.file.Path;

/**
 * How the pipeline reads a radiograph file into the model's 8-bit input. The built-in implementation
 * is pneumo's own DICOM reader; users can plug in another (e.g. one backed by dcm4che) with a lambda.
 */
@FunctionalInterface
public interface RadiographReader {

  /**
   * Reads the first frame of a radiograph as an 8-bit grey image.
   *
   * @param file the image file
   * @return the model's input image
   * @throws io.github.pneumo.PneumoException when the file cannot be read or decoded
   */
  GreyImage read(Path file);

  /**
   * pneumo's built-in reader: {@link Dicom#readGreyImage(Path)}.
   *
   * @return a thread-safe reader
   */
  static RadiographReader builtIn() {
    return Dicom::readGreyImage;
  }
}
