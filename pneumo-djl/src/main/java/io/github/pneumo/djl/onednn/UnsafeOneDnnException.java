package io.github.pneumo.djl.onednn;

import io.github.pneumo.PneumoException;

/**
 * Training refused on a CPU where libtorch's oneDNN is known to give NaN or crash the JVM, because the safe
 * setting is not in the environment. The message names the CPU, the upstream issue, the setting to export
 * and the system property that proceeds anyway.
 */
public class UnsafeOneDnnException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the cause and the fix
   */
  public UnsafeOneDnnException(String message) {
    super(message);
  }
}
