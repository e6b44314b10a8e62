package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Common frame of ResNet blocks: {@code relu(residual(x) + shortcut(x))}, where the shortcut is the
 * identity or the {@code downsample} child (1×1 convolution with stride, no bias, then BatchNorm,
 * named {@code downsample.0} / {@code downsample.1}).
 */
public abstract class ResidualBlock extends TorchModule {

  private final int outChannels;
  private final int stride;
  private @Nullable TorchSequential downsample;

  /**
   * Prepares the frame; subclasses register their layers, then call {@link #registerShortcut}.
   *
   * @param outChannels channels of the block's output
   * @param stride the block's spatial stride
   */
  protected ResidualBlock(int outChannels, int stride) {
    this.outChannels = outChannels;
    this.stride = stride;
  }

  /**
   * Registers the {@code downsample} branch when the shape changes (stride ≠ 1 or channels differ),
   * after the residual layers so the state_dict order matches PyTorch's.
   *
   * @param inChannels channels of the block's input
   */
  protected final void registerShortcut(int inChannels) {
    if (stride != 1 || inChannels != outChannels) {
      Conv2dLayer conv = Conv2dLayer.builder(inChannels, outChannels, 1).stride(stride).bias(false).build();
      downsample = register("downsample", TorchSequential.of(List.of(conv, BatchNorm2dLayer.after(conv))));
    }
  }

  /**
   * The residual branch, up to and including the last BatchNorm (and SE, if any).
   *
   * @param ps the parameter store
   * @param x the input
   * @param training whether this is a training pass
   * @return the residual
   */
  protected abstract NDArray residual(ParameterStore ps, NDArray x, boolean training);

  @Override
  protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray shortcut = downsample == null ? x : downsample.apply(ps, x, training);
    NDArray r = residual(ps, x, training);
    // in inference passes the residual (a fresh array) takes the sum and the ReLU in place
    return new NDList(InPlaceRelu.apply(training ? r.add(shortcut) : r.addi(shortcut), training));
  }

  @Override
  protected final Shape outputShape(Shape input) {
    return new Shape(input.get(0), outChannels, (input.get(2) - 1) / stride + 1,
        (input.get(3) - 1) / stride + 1);
  }

  /**
   * A convolution followed by BatchNorm and ReLU, the pattern inside every residual branch.
   *
   * @param ps the parameter store
   * @param conv the convolution
   * @param bn the BatchNorm
   * @param x the input
   * @param training whether this is a training pass
   * @return relu(bn(conv(x)))
   */
  protected static NDArray convBnRelu(ParameterStore ps, Conv2dLayer conv, BatchNorm2dLayer bn,
      NDArray x, boolean training) {
    return InPlaceRelu.apply(bn.apply(ps, conv.apply(ps, x, training), training), training);
  }
}
