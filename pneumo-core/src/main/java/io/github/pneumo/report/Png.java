package io.github.pneumo.report;

import io.github.pneumo.PneumoException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import io.github.pneumo.io.AtomicFiles;
import javax.imageio.ImageIO;

/** PNG encoding and atomic writing of rendered pictures. */
public final class Png {
  private Png() {}

  /**
   * Encodes an image as PNG.
   *
   * @param image the picture
   * @return the PNG bytes
   */
  public static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new PneumoException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Writes an image as PNG, atomically.
   *
   * @param image the picture
   * @param file the target file (replaced)
   * @throws PneumoException on I/O failure, naming the file
   */
  public static void write(BufferedImage image, Path file) {
    writeAtomically(file, encode(image));
  }

  static void writeAtomically(Path file, byte[] bytes) {
    AtomicFiles.writeBytes(file, bytes);
  }
}
