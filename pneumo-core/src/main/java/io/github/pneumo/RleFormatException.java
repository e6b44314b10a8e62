package io.github.pneumo;

/** A run-length encoding that cannot be decoded: bad token, odd count, or runs outside the image. */
public class RleFormatException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the token position
   */
  public RleFormatException(String message) {
    super(message);
  }
}
