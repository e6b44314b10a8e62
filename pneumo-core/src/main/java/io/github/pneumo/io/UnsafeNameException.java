package io.github.pneumo.io;

import io.github.pneumo.PneumoException;

/** A name from untrusted input (an image id, a fold name) that cannot safely become a file name. */
public class UnsafeNameException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the name is, the name, and which characters are allowed
   */
  public UnsafeNameException(String message) {
    super(message);
  }
}
