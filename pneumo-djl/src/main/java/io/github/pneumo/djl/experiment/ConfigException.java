package io.github.pneumo.djl.experiment;

import io.github.pneumo.PneumoException;

/** An experiment file is unreadable, has an unknown key, a missing key, or a value out of range. */
public class ConfigException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file and the key
   */
  public ConfigException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, naming the file and the key
   * @param cause the underlying failure
   */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
