package io.github.pneumo.data;

import io.github.pneumo.PneumoException;
import java.nio.file.Path;

/**
 * A label or folds CSV that cannot be read: a malformed line, a bad run-length encoding, an unknown
 * column layout. The message names the file and the 1-based line.
 */
public class LabelFormatException extends PneumoException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;

  /**
   * Creates the exception.
   *
   * @param file the file being read
   * @param line the 1-based line number, or 0 when the problem is not tied to one line
   * @param problem what is wrong
   */
  public LabelFormatException(Path file, int line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file.toString();
    this.line = line;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param file the file being read
   * @param line the 1-based line number, or 0 when the problem is not tied to one line
   * @param problem what is wrong
   * @param cause the underlying failure
   */
  public LabelFormatException(Path file, int line, String problem, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
    this.file = file.toString();
    this.line = line;
  }

  /**
   * The file that could not be read.
   *
   * @return its path as given
   */
  public String file() {
    return file;
  }

  /**
   * The offending line.
   *
   * @return the 1-based line number, or 0 when the problem is not tied to one line
   */
  public int line() {
    return line;
  }
}
