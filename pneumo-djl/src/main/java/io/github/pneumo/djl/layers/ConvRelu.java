package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/** TernausNet's {@code ConvRelu}: a 3×3 convolution with bias and padding 1 (child {@code conv}), then ReLU. */
public final class ConvRelu extends TorchModule {

  private final Conv2dLayer conv;

  /**
   * Creates the block.
   *
   * @param in input channels
   * @param out output channels
   */
  public ConvRelu(int in, int out) {
    conv = register("conv", Conv2dLayer.conv3x3(in, out));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    return new NDList(InPlaceRelu.apply(conv.apply(ps, inputs.singletonOrThrow(), training), training));
  }

  @Override
  protected Shape outputShape(Shape input) {
    return conv.outputShape(input);
  }
}
