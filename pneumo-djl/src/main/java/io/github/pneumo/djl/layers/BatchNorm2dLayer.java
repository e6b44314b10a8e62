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
 *
 * <p>A layer made with {@link #after(Conv2dLayer)} normalises that convolution's output and nothing
 * else, so that it can be folded into it for inference ({@link #foldInto}): the convolution's inference
 * passes then use weight·γ/√(σ²+ε) and (bias − μ)·γ/√(σ²+ε) + β, and this layer's inference passes
 * return their input. Training passes are unaffected, and the first one drops the folding (the
 * weights and statistics it changes would make it stale).
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
  private final @Nullable Conv2dLayer source;
  private boolean folded;

  /**
   * Creates the layer.
   *
   * @param channels number of channels
   */
  public BatchNorm2dLayer(int channels) {
    this(channels, null);
  }

  /**
   * A BatchNorm applied directly to the output of {@code conv} (and only to it), which can be folded
   * into the convolution for inference.
   *
   * @param conv the convolution whose output this layer normalises
   * @return the layer, with {@code conv.outChannels()} channels
   */
  public static BatchNorm2dLayer after(Conv2dLayer conv) {
    return new BatchNorm2dLayer(conv.outChannels(), conv);
  }

  private BatchNorm2dLayer(int channels, @Nullable Conv2dLayer source) {
    this.source = source;
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
    if (folded) {
      if (!training) {
        return inputs;
      }
      unfold();
    }
    return BatchNorm.batchNorm(x,
        ps.getValue(runningMean, x.getDevice(), training),
        ps.getValue(runningVar, x.getDevice(), training),
        ps.getValue(weight, x.getDevice(), training),
        ps.getValue(bias, x.getDevice(), training),
        1, DJL_MOMENTUM, EPSILON, training);
  }

  /**
   * Folds this layer's current running statistics and affine parameters into the convolution given
   * to {@link #after(Conv2dLayer)}, for inference passes. Call it again after the weights change
   * (loading); a training pass undoes it.
   *
   * @return whether the layer was folded (false for a layer not made with {@link #after})
   */
  public boolean foldInto() {
    if (source == null) {
      return false;
    }
    try (NDArray std = runningVar.getArray().add(EPSILON).sqrt();
        NDArray scale = weight.getArray().div(std);
        NDArray centred = runningMean.getArray().mul(scale);
        NDArray shift = bias.getArray().sub(centred)) {
      source.foldAffine(scale, shift);
    }
    folded = true;
    return true;
  }

  /**
   * Undoes {@link #foldInto()}: both layers compute from their parameters again.
   *
   * @return whether the layer was folded
   */
  public boolean unfold() {
    if (source != null) {
      source.clearFolded();
    }
    boolean was = folded;
    folded = false;
    return was;
  }

  @Override
  protected Shape outputShape(Shape input) {
    return input;
  }
}
