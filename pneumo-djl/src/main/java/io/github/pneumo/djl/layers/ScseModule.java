package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * selim's {@code SCSEModule} in mode {@code maxout}: the element-wise maximum of the channel
 * squeeze-excitation branch ({@code fc1}, {@code fc2}) and the spatial branch x · sigmoid(conv1x1(x))
 * ({@code spatial_se.0}, C→1, no bias).
 */
public final class ScseModule extends SqueezeExcitation {

  private final TorchSequential spatial;

  /**
   * Creates the module.
   *
   * @param channels channels C
   * @param reduction reduction of the channel branch (2 in the SCSE U-Net)
   */
  public ScseModule(int channels, int reduction) {
    super(channels, reduction);
    spatial = register("spatial_se",
        TorchSequential.of(List.of(Conv2dLayer.builder(channels, 1, 1).bias(false).build())));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray channel = channelExcitation(ps, x, training);
    NDArray spatialGate = Activation.sigmoid(spatial.apply(ps, x, training));
    return new NDList(channel.maximum(x.mul(spatialGate)));
  }
}
