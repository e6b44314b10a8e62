package io.github.pneumo.data.cache;

import io.github.pneumo.PneumoException;

/** A training-cache file or folder that is missing, corrupt or of another version; the message names it. */
public class CacheFormatException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file and, where it applies, the byte offset
   */
  public CacheFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, naming the file
   * @param cause the underlying failure
   */
  public CacheFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
