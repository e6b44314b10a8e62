package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;

/** Bad command-line arguments; the CLI prints the message and the verb's usage and exits with 2. */
public class UsageException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the arguments, naming the option
   */
  public UsageException(String message) {
    super(message);
  }
}
