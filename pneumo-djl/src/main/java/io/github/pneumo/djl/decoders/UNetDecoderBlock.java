package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.pneumo.djl.layers.Conv2dLayer;
import io.github.pneumo.djl.layers.InPlaceRelu;
import io.github.pneumo.djl.layers.Resampling;
import io.github.pneumo.djl.layers.TorchModule;
import org.jspecify.annotations.Nullable;

/**
 * selim's {@code UnetDecoderBlock}: {@code layer} = Sequential(Upsample(×2, nearest), Conv2d 3×3 with
 * bias, ReLU); the convolution is {@code layer.1}.
 */
public final class UNetDecoderBlock extends TorchModule {

  private final Conv2dLayer conv;

  /**
   * Creates the block.
   *
   * @param in input channels
   * @param out output channels
   */
  public UNetDecoderBlock(int in, int out) {
    conv = register("layer.1", Conv2dLayer.conv3x3(in, out));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    return new NDList(InPlaceRelu.apply(
        conv.apply(ps, Resampling.upsampleNearest2x(inputs.singletonOrThrow()), training), training));
  }

  @Override
  protected Shape outputShape(Shape input) {
    return new Shape(input.get(0), conv.outChannels(), 2 * input.get(2), 2 * input.get(3));
  }
}
