package io.github.pneumo.augment;

import io.github.pneumo.PneumoException;

/** An augmentation description that cannot be built; the message names the entry and the key. */
public class AugmentationSpecException extends PneumoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the entry (e.g. {@code augmentations[2].transforms[0]}) and key
   */
  public AugmentationSpecException(String message) {
    super(message);
  }
}
