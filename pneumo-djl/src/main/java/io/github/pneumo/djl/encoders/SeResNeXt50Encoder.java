package io.github.pneumo.djl.encoders;

import io.github.pneumo.djl.layers.BottleneckBlock;

/**
 * SE-ResNeXt50 (32×4d) in Cadene's layout: bottleneck blocks [3, 4, 6, 3] with 32 groups of width 4,
 * squeeze-excitation (reduction 16) in every block, 1×1 downsample; stage channels 64, 256, 512, 1024,
 * 2048.
 */
public final class SeResNeXt50Encoder extends ResNetEncoder {

  /**
   * Creates the encoder.
   *
   * @param layout the PyTorch names
   * @param pool the stem pool ({@link StemPool#MAX_3X3_CEIL} in SENet)
   */
  public SeResNeXt50Encoder(Layout layout, StemPool pool) {
    super(layout, pool, new int[] {3, 4, 6, 3}, BottleneckBlock.EXPANSION,
        (in, planes, stride) -> new BottleneckBlock(in, planes, stride, 32, 4, 16));
  }
}
