package io.github.pneumo.djl.encoders;

import io.github.pneumo.djl.layers.BasicBlock;

/** ResNet34: basic blocks [3, 4, 6, 3]; stage channels 64, 64, 128, 256, 512. */
public final class ResNet34Encoder extends ResNetEncoder {

  /**
   * Creates the encoder.
   *
   * @param layout the PyTorch names
   * @param pool the stem pool ({@link StemPool#MAX_2X2} in AlbuNet)
   */
  public ResNet34Encoder(Layout layout, StemPool pool) {
    super(layout, pool, new int[] {3, 4, 6, 3}, 1, BasicBlock::new);
  }
}
