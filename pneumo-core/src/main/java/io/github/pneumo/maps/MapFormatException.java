package io.github.pneumo.maps;

import io.github.pneumo.PneumoException;

/** A stored probability map is missing, truncated or corrupt; the message names the file. */
public class MapFormatException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file and, where known, the byte offset
   */
  public MapFormatException(String message) {
    super(message);
  }
}
