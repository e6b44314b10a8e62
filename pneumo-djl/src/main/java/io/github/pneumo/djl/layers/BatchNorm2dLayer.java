package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * PyTorch's {@code nn.BatchNorm2d} with its defaults (eps 1e-5, momentum 0.1, affine, tracked running
 * statistics): {@code weight}, {@code bias}, {@code running_mean}, {@code running_var}. Training passes
 * normalise with batch statistics and update the running statistics in place; inference passes use
 * the running statistics.
 */
public final class BatchNorm2dLayer extends TorchModule {

  /** PyTorch's default epsilon. */
  public static final float EPSILON = 1e-5f;
  /** PyTorch's momentum 0.1 as DJL writes it (weight of the old running value). */
  public static final float DJL_MOMENTUM = 0.9f;

  private final Parameter weight;
  private final Parameter bias;
  private final Parameter runningMean;
  private final Parameter runningVar;

  /**
   * Creates the layer.
   *
   * @param channels number of channels
   */
  public BatchNorm2dLayer(int channels) {
    Shape shape = new Shape(channels);
    weight = parameter("weight", Parameter.Type.GAMMA, shape);
    bias = parameter("bias", Parameter.Type.BETA, shape);
    runningMean = parameter("running_mean", Parameter.Type.RUNNING_MEAN, shape);
    runningVar = parameter("running_var", Parameter.Type.RUNNING_VAR, shape);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    return BatchNorm.batchNorm(x,
        ps.getValue(runningMean, x.getDevice(), training),
        ps.getValue(runningVar, x.getDevice(), training),
        ps.getValue(weight, x.getDevice(), training),
        ps.getValue(bias, x.getDevice(), training),
        1, DJL_MOMENTUM, EPSILON, training);
  }

  @Override
  protected Shape outputShape(Shape input) {
    return input;
  }
}
