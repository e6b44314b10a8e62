package io.github.pneumo.djl.training;

/** Freezes or unfreezes a network's encoder (all its parameters not trainable, and back). */
@FunctionalInterface
public interface EncoderFreeze {

  /**
   * @param frozen true to stop training the encoder
   */
  void setFrozen(boolean frozen);
}
