package io.github.pneumo.djl.weights;

import io.github.pneumo.PneumoException;

/**
 * A well-formed weights file that does not fit the model: unknown, missing or inconsistent tensor
 * names, wrong shapes or unsupported data types. The message lists every offending name.
 */
public final class WeightsMismatchException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the file and the offending names
   */
  public WeightsMismatchException(String message) {
    super(message);
  }
}
