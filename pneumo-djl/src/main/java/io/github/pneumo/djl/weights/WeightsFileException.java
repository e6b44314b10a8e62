package io.github.pneumo.djl.weights;

import io.github.pneumo.PneumoException;

/** A weights file that cannot be read or written: I/O failure or malformed safetensors content. */
public final class WeightsFileException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file and byte offset or tensor
   */
  public WeightsFileException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, naming the file
   * @param cause the underlying failure
   */
  public WeightsFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
