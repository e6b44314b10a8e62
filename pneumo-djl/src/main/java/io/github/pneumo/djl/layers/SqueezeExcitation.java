package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * Channel squeeze-excitation ({@code SEModule} of SENet): x · sigmoid(fc2(relu(fc1(mean_hw(x))))),
 * with {@code fc1} a 1×1 convolution C→C/r and {@code fc2} C/r→C, both with bias.
 */
public class SqueezeExcitation extends TorchModule {

  private final Conv2dLayer fc1;
  private final Conv2dLayer fc2;

  /**
   * Creates the module.
   *
   * @param channels channels C
   * @param reduction reduction r (C/r hidden channels)
   */
  public SqueezeExcitation(int channels, int reduction) {
    fc1 = register("fc1", Conv2dLayer.conv1x1(channels, channels / reduction));
    fc2 = register("fc2", Conv2dLayer.conv1x1(channels / reduction, channels));
  }

  /**
   * The channel-recalibrated input x · sigmoid(fc2(relu(fc1(avgpool(x))))).
   *
   * @param ps the parameter store
   * @param x the input
   * @param training whether this is a training pass
   * @return the recalibrated input
   */
  protected final NDArray channelExcitation(ParameterStore ps, NDArray x, boolean training) {
    Shape s = x.getShape();
    NDArray pooled = Pool.globalAvgPool2d(x).reshape(s.get(0), s.get(1), 1, 1);
    NDArray hidden = InPlaceRelu.apply(fc1.apply(ps, pooled, training), training);
    return x.mul(Activation.sigmoid(fc2.apply(ps, hidden, training)));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    return new NDList(channelExcitation(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  protected Shape outputShape(Shape input) {
    return input;
  }
}
