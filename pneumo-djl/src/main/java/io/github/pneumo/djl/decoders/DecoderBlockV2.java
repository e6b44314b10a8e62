package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.pneumo.djl.layers.ConvRelu;
import io.github.pneumo.djl.layers.Resampling;
import io.github.pneumo.djl.layers.TorchModule;
import org.jspecify.annotations.Nullable;

/**
 * TernausNet's {@code DecoderBlockV2} with {@code is_deconv=False}: bilinear ×2 upsampling
 * (align_corners=False), then {@code block.1} = ConvRelu(in→mid) and {@code block.2} =
 * ConvRelu(mid→out).
 */
public final class DecoderBlockV2 extends TorchModule {

  private final ConvRelu first;
  private final ConvRelu second;

  /**
   * Creates the block.
   *
   * @param in input channels
   * @param mid channels after the first convolution
   * @param out output channels
   */
  public DecoderBlockV2(int in, int mid, int out) {
    first = register("block.1", new ConvRelu(in, mid));
    second = register("block.2", new ConvRelu(mid, out));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray x = Resampling.upsampleBilinear2x(inputs.singletonOrThrow(), training);
    return new NDList(second.apply(ps, first.apply(ps, x, training), training));
  }

  @Override
  protected Shape outputShape(Shape input) {
    Shape up = new Shape(input.get(0), input.get(1), 2 * input.get(2), 2 * input.get(3));
    return second.getOutputShapes(first.getOutputShapes(new Shape[] {up}))[0];
  }
}
