package io.github.pneumo.djl.encoders;

import io.github.pneumo.djl.layers.BottleneckBlock;

/**
 * ResNet50 with the stride on the 3×3 convolution (torchvision v1.5, selim's copy): bottleneck blocks
 * [3, 4, 6, 3]; stage channels 64, 256, 512, 1024, 2048.
 */
public final class ResNet50Encoder extends ResNetEncoder {

  /**
   * Creates the encoder.
   *
   * @param layout the PyTorch names
   * @param pool the stem pool ({@link StemPool#MAX_3X3_PAD1} in ResNet50)
   */
  public ResNet50Encoder(Layout layout, StemPool pool) {
    super(layout, pool, new int[] {3, 4, 6, 3}, BottleneckBlock.EXPANSION,
        (in, planes, stride) -> new BottleneckBlock(in, planes, stride, 1, 64, 0));
  }
}
