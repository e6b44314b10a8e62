package io.github.pneumo;

/**
 * Root of pneumo's unchecked exceptions.
 *
 * <p>Every failure that pneumo reports on purpose (bad input files, malformed labels, inconsistent
 * configurations, I/O errors while writing results) is a subclass of this type, so callers can catch
 * one type at an API boundary. Messages name the offending file, line, key or byte offset.
 */
public class PneumoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the file, line, key or offset involved
   */
  public PneumoException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, naming the file, line, key or offset involved
   * @param cause the underlying failure
   */
  public PneumoException(String message, Throwable cause) {
    super(message, cause);
  }
}
