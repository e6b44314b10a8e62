package io.github.pneumo.training;

import io.github.pneumo.PneumoException;

/** A training run cannot start or continue: bad settings, a missing or corrupt checkpoint, an I/O failure. */
public class TrainingException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the file or setting involved
   */
  public TrainingException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, naming the file or setting involved
   * @param cause the underlying failure
   */
  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
