package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.pneumo.djl.layers.Conv2dLayer;
import io.github.pneumo.djl.layers.ConvRelu;
import io.github.pneumo.djl.layers.Resampling;

/**
 * AlbuNet's decoder (TernausNet, {@code num_filters=32}, {@code is_deconv=False}), taking the five
 * stage outputs of an encoder (a ResNet34's 64, 64, 128, 256, 512 channels in AlbuNet) and returning one-channel
 * logits at the input resolution. {@code center} runs on a 2×2 max pool of the deepest stage (H/64);
 * {@code dec5} … {@code dec2} concatenate [decoder, encoder] skips; {@code dec1} has no skip; {@code
 * dec0} is a ConvRelu and {@code final} a 1×1 convolution. The stem stage (H/2) is not used.
 */
public final class AlbuNetDecoder extends StageDecoder {

  /** TernausNet's {@code num_filters} as configured in the original experiments. */
  public static final int NUM_FILTERS = 32;

  private final DecoderBlockV2 center;
  private final DecoderBlockV2 dec5;
  private final DecoderBlockV2 dec4;
  private final DecoderBlockV2 dec3;
  private final DecoderBlockV2 dec2;
  private final DecoderBlockV2 dec1;
  private final ConvRelu dec0;
  private final Conv2dLayer last;

  /**
   * Creates the decoder with 32 base filters.
   *
   * @param encoderChannels channels of the encoder's five stages ({@link io.github.pneumo.djl.encoders.Encoder#outChannels()})
   */
  public AlbuNetDecoder(int[] encoderChannels) {
    int[] c = checkStages(encoderChannels);
    int nf = NUM_FILTERS;
    center = register("center", new DecoderBlockV2(c[4], nf * 8 * 2, nf * 8));
    dec5 = register("dec5", new DecoderBlockV2(c[4] + nf * 8, nf * 8 * 2, nf * 8));
    dec4 = register("dec4", new DecoderBlockV2(c[3] + nf * 8, nf * 8 * 2, nf * 8));
    dec3 = register("dec3", new DecoderBlockV2(c[2] + nf * 8, nf * 4 * 2, nf * 2));
    dec2 = register("dec2", new DecoderBlockV2(c[1] + nf * 2, nf * 2 * 2, nf * 2 * 2));
    dec1 = register("dec1", new DecoderBlockV2(nf * 2 * 2, nf * 2 * 2, nf));
    dec0 = register("dec0", new ConvRelu(nf, nf));
    last = register("final", Conv2dLayer.conv1x1(nf, 1));
  }

  @Override
  protected NDArray decodeStages(ParameterStore ps, NDList stages, boolean training) {
    NDArray conv2 = stages.get(1);
    NDArray conv3 = stages.get(2);
    NDArray conv4 = stages.get(3);
    NDArray conv5 = stages.get(4);
    NDArray x = center.apply(ps, Resampling.maxPool(conv5, 2, 2, 0, false), training);
    x = dec5.apply(ps, Skips.cat(x, conv5), training);
    x = dec4.apply(ps, Skips.cat(x, conv4), training);
    x = dec3.apply(ps, Skips.cat(x, conv3), training);
    x = dec2.apply(ps, Skips.cat(x, conv2), training);
    x = dec1.apply(ps, x, training);
    x = dec0.apply(ps, x, training);
    return last.apply(ps, x, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] stageShapes) {
    Shape s = stageShapes[1];
    return new Shape[] {new Shape(s.get(0), 1, 4 * s.get(2), 4 * s.get(3))};
  }

}
