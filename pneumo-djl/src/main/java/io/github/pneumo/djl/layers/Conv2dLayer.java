package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import io.github.pneumo.djl.onednn.StridedConvolutions;
import org.jspecify.annotations.Nullable;

/**
 * PyTorch's {@code nn.Conv2d} with square kernel, stride and padding: parameters {@code weight}
 * (out, in/groups, k, k) and optionally {@code bias} (out).
 */
public final class Conv2dLayer extends TorchModule {

  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int groups;
  private final Parameter weight;
  private final @Nullable Parameter bias;
  private @Nullable NDArray inferenceWeight;
  private @Nullable NDArray foldedBias;
  private boolean folded;

  private Conv2dLayer(Builder b) {
    Preconditions.checkArgument(b.in > 0 && b.out > 0 && b.kernel > 0 && b.stride > 0 && b.padding >= 0,
        "invalid convolution %s->%s k%s s%s p%s", b.in, b.out, b.kernel, b.stride, b.padding);
    Preconditions.checkArgument(b.in % b.groups == 0 && b.out % b.groups == 0,
        "channels %s->%s not divisible by groups %s", b.in, b.out, b.groups);
    inChannels = b.in;
    outChannels = b.out;
    kernel = b.kernel;
    stride = b.stride;
    padding = b.padding;
    groups = b.groups;
    weight = parameter("weight", Parameter.Type.WEIGHT,
        new Shape(outChannels, inChannels / groups, kernel, kernel));
    bias = b.bias ? parameter("bias", Parameter.Type.BIAS, new Shape(outChannels)) : null;
  }

  /**
   * Starts a convolution with stride 1, padding 0, one group and a bias (PyTorch's defaults).
   *
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size
   * @return a builder
   */
  public static Builder builder(int in, int out, int kernel) {
    return new Builder(in, out, kernel);
  }

  /**
   * A 3×3 convolution with padding 1 and a bias, as used throughout the decoders.
   *
   * @param in input channels
   * @param out output channels
   * @return the convolution
   */
  public static Conv2dLayer conv3x3(int in, int out) {
    return builder(in, out, 3).padding(1).build();
  }

  /**
   * A 1×1 convolution with a bias.
   *
   * @param in input channels
   * @param out output channels
   * @return the convolution
   */
  public static Conv2dLayer conv1x1(int in, int out) {
    return builder(in, out, 1).build();
  }

  /**
   * The number of output channels.
   *
   * @return output channels
   */
  public int outChannels() {
    return outChannels;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (training) {
      clearFolded(); // the parameters change from here on: inference weights would go stale
    }
    NDArray w;
    NDArray b;
    if (!training && inferenceWeight != null && inferenceWeight.getDevice().equals(x.getDevice())) {
      w = inferenceWeight;
      b = folded ? foldedBias : (bias == null ? null : ps.getValue(bias, x.getDevice(), false));
    } else {
      w = ps.getValue(weight, x.getDevice(), training);
      b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
    }
    if (training && stride > 1 && StridedConvolutions.enabled()) {
      return new NDList(StridedConvolutions.conv2d(x, w, b, stride, padding, groups));
    }
    return Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding),
        new Shape(1, 1), groups);
  }

  /**
   * Folds a per-output-channel affine map {@code y·scale + shift} (an inference-mode BatchNorm) into
   * the weights used by inference passes: weight·scale and bias·scale + shift. The parameters are
   * unchanged (training, saving and loading see the original weights); see {@link
   * BatchNorm2dLayer#foldInto}.
   *
   * @param scale per-channel scale, shape (out)
   * @param shift per-channel shift, shape (out)
   */
  void foldAffine(NDArray scale, NDArray shift) {
    clearFolded();
    NDArray w = weight.getArray();
    NDManager owner = w.getManager();
    NDArray fb;
    if (bias == null) {
      fb = shift.duplicate();
    } else {
      try (NDArray scaled = bias.getArray().mul(scale)) {
        fb = scaled.add(shift);
      }
    }
    fb.attach(owner);
    inferenceWeight = inferenceLayout(w.mul(scale.reshape(outChannels, 1, 1, 1)), true, owner);
    foldedBias = fb;
    folded = true;
  }

  /**
   * Prepares the weight that inference passes use, if {@link #foldAffine} has not: a copy of the
   * current weight in the inference memory layout ({@link MemoryLayout}). Nothing when that layout is
   * the default one (the parameter itself serves). A training pass drops it, as it drops folded weights.
   */
  void prepareInference() {
    NDArray w = weight.getArray();
    if (inferenceWeight != null || !MemoryLayout.appliesTo(w)) {
      return;
    }
    inferenceWeight = inferenceLayout(w, false, w.getManager());
  }

  /**
   * {@code w} in the inference layout ({@link MemoryLayout}), attached to {@code owner}; a
   * {@code temporary} input is consumed (returned, or closed once converted), any other is copied.
   */
  private static NDArray inferenceLayout(NDArray w, boolean temporary, NDManager owner) {
    // recorded mode: a normal tensor (inference-mode ones cannot meet autograd in a thread that records it);
    // InferenceWeights.prepare switches recording off, so it has no history
    NDArray converted = MemoryLayout.toChannelsLast(w, true);
    if (converted == w) {
      converted = temporary ? w : w.duplicate();
    } else if (temporary) {
      w.close();
    }
    converted.attach(owner);
    return converted;
  }

  /** Drops folded or prepared inference weights, if any (inference passes use the parameters again). */
  void clearFolded() {
    if (inferenceWeight != null) {
      inferenceWeight.close();
      inferenceWeight = null;
    }
    if (foldedBias != null) {
      foldedBias.close();
      foldedBias = null;
    }
    folded = false;
  }

  @Override
  protected Shape outputShape(Shape input) {
    return new Shape(input.get(0), outChannels, size(input.get(2)), size(input.get(3)));
  }

  private long size(long in) {
    return (in + 2L * padding - kernel) / stride + 1;
  }

  /** Builder of a {@link Conv2dLayer}. */
  public static final class Builder {
    private final int in;
    private final int out;
    private final int kernel;
    private int stride = 1;
    private int padding;
    private int groups = 1;
    private boolean bias = true;

    private Builder(int in, int out, int kernel) {
      this.in = in;
      this.out = out;
      this.kernel = kernel;
    }

    /**
     * Sets the stride.
     *
     * @param value stride in both directions
     * @return this builder
     */
    public Builder stride(int value) {
      stride = value;
      return this;
    }

    /**
     * Sets the zero padding.
     *
     * @param value padding on each side
     * @return this builder
     */
    public Builder padding(int value) {
      padding = value;
      return this;
    }

    /**
     * Sets the number of groups.
     *
     * @param value groups (1 = dense convolution)
     * @return this builder
     */
    public Builder groups(int value) {
      groups = value;
      return this;
    }

    /**
     * Sets whether the convolution has a bias.
     *
     * @param value true for a bias
     * @return this builder
     */
    public Builder bias(boolean value) {
      bias = value;
      return this;
    }

    /**
     * Builds the convolution.
     *
     * @return the convolution
     */
    public Conv2dLayer build() {
      return new Conv2dLayer(this);
    }
  }
}
