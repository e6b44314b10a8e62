package io.github.pneumo.djl.models;

import io.github.pneumo.PneumoException;

/** An input array whose shape a segmentation network cannot process (rank, channels or spatial size). */
public final class InputSizeException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the shape, naming the network and the shape
   */
  public InputSizeException(String message) {
    super(message);
  }
}
