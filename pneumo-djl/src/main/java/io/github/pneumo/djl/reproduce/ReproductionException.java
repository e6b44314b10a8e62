package io.github.pneumo.djl.reproduce;

import io.github.pneumo.PneumoException;

/** A reproduction cannot run: unknown experiment, missing data or an unfinished prerequisite. */
public final class ReproductionException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the file, folder or experiment
   */
  public ReproductionException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong
   * @param cause the underlying failure
   */
  public ReproductionException(String message, Throwable cause) {
    super(message, cause);
  }
}
