package io.github.pneumo.dicom;

import io.github.pneumo.PneumoException;

/**
 * A DICOM file that cannot be read or written: malformed structure (the message names the file and the
 * byte offset), missing or truncated pixel data, or a transfer syntax pneumo cannot decode (the message
 * names the file and the transfer syntax UID).
 */
public class DicomException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, naming the file and the byte offset or transfer syntax
   */
  public DicomException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what went wrong, naming the file and the byte offset or transfer syntax
   * @param cause the underlying failure
   */
  public DicomException(String message, Throwable cause) {
    super(message, cause);
  }
}
