package io.github.pneumo.synth;

import io.github.pneumo.PneumoException;

/** A bad synthetic-dataset setting, an unreadable shapes file, or a failure while writing the dataset. */
public class SyntheticDataException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the setting, file or line
   */
  public SyntheticDataException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, naming the setting, file or line
   * @param cause the underlying failure
   */
  public SyntheticDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
