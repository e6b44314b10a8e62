package io.github.pneumo.djl.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.pneumo.djl.decoders.Decoder;
import io.github.pneumo.djl.encoders.Encoder;
import io.github.pneumo.djl.layers.InferenceWeights;
import io.github.pneumo.djl.layers.MemoryLayout;
import io.github.pneumo.djl.layers.TorchModule;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A segmentation network: an N×3×H×W float input, an {@link Encoder} with five stages, a {@link Decoder}, N×1×H×W
 * logits (no sigmoid). H and W must be positive multiples of {@link #inputDivisor()}.
 *
 * <p>Besides {@link #namedParameters()}, a network describes the rest of its original PyTorch
 * state_dict: names that alias a parameter ({@link #stateDictAliases()}) and entries the original
 * holds but never uses ({@link #unusedStateDictEntries()}), so that checkpoints round-trip with strict
 * PyTorch loading.
 */
public abstract class SegmentationNetwork extends TorchModule {

  private final String name;
  private final int inputDivisor;
  private final Encoder encoder;
  private final Decoder decoder;
  private boolean inferencePrepared;

  /**
   * Creates the network and registers its two parts under their PyTorch names, in the original's order
   * (which fixes the order of {@link #namedParameters()} and so of a written state_dict).
   *
   * @param name the architecture name, used in messages
   * @param inputDivisor the number H and W must be multiples of
   * @param encoderName the encoder's PyTorch prefix ({@code encoder}, or empty when its layout names the stages)
   * @param encoder the encoder
   * @param decoder the decoder, registered at top level
   * @param decoderFirst whether the original registers the decoder modules before the encoder
   * @param <E> the encoder's module type
   * @param <D> the decoder's module type
   */
  protected <E extends TorchModule & Encoder, D extends TorchModule & Decoder> SegmentationNetwork(String name,
      int inputDivisor, String encoderName, E encoder, D decoder, boolean decoderFirst) {
    this.name = name;
    this.inputDivisor = inputDivisor;
    if (decoderFirst) {
      this.decoder = register("", decoder);
      this.encoder = register(encoderName, encoder);
    } else {
      this.encoder = register(encoderName, encoder);
      this.decoder = register("", decoder);
    }
  }

  /**
   * The architecture name ({@code albunet}, {@code resnet50}, {@code seunet}).
   *
   * @return the name
   */
  public final String architecture() {
    return name;
  }

  /**
   * The number the input height and width must be multiples of (64 for AlbuNet, 32 otherwise).
   *
   * @return the divisor
   */
  public final int inputDivisor() {
    return inputDivisor;
  }

  /**
   * The encoder, e.g. for freezing it or loading ImageNet weights into it.
   *
   * @return the encoder
   */
  public final Encoder encoder() {
    return encoder;
  }

  /**
   * Sets whether the encoder's weights, biases and BatchNorm affine parameters are trainable (the
   * original's {@code freeze_encoder}); running statistics are unaffected.
   *
   * @param trainable false to freeze the encoder, true to train it again
   */
  public final void setEncoderTrainable(boolean trainable) {
    encoder().setTrainable(trainable);
  }

  /**
   * Prepares the weights of inference passes (eval mode): every BatchNorm is folded into the
   * convolution before it — the network then runs one convolution with adjusted weights and bias where
   * it ran a convolution and a BatchNorm pass — and the convolution weights are stored channels-last,
   * as inference passes then store their activations ({@link MemoryLayout}); same logits up to float
   * rounding. Parameters, saving and loading are unaffected; call it again after loading weights; a
   * training pass undoes it.
   *
   * @return the number of BatchNorm layers folded
   */
  public final int foldBatchNorm() {
    int folded = InferenceWeights.prepare(this);
    inferencePrepared = true;
    return folded;
  }

  /**
   * Undoes {@link #foldBatchNorm()} (a training pass does it too): BatchNorm runs as separate passes,
   * on the parameters, in the default memory layout.
   *
   * @return the number of BatchNorm layers that were folded
   */
  public final int unfoldBatchNorm() {
    inferencePrepared = false;
    return InferenceWeights.clear(this);
  }

  /**
   * State_dict names that share storage with a parameter in the original (alias name → canonical name
   * as in {@link #namedParameters()}), e.g. AlbuNet's {@code conv2.0.conv1.weight} → {@code
   * encoder.layer1.0.conv1.weight}.
   *
   * @return the aliases (empty by default)
   */
  public Map<String, String> stateDictAliases() {
    return Map.of();
  }

  /**
   * State_dict entries of the original that do not influence the output and have no parameter here
   * (name → shape), e.g. AlbuNet's ResNet {@code fc}.
   *
   * @return the unused entries (empty by default)
   */
  public Map<String, Shape> unusedStateDictEntries() {
    return Map.of();
  }

  @Override
  protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    if (inputs.size() != 1) {
      throw new InputSizeException(name + " takes one input array, got " + inputs.size());
    }
    NDArray x = inputs.singletonOrThrow();
    checkInputShape(x.getShape());
    if (training) {
      inferencePrepared = false; // every layer drops its prepared weights in this pass
      x = MemoryLayout.toChannelsLast(x, true);
    } else {
      x = MemoryLayout.toChannelsLast(x); // with or without prepared weights: faster either way
    }
    return new NDList(decoder.decode(ps, encoder.forwardStages(ps, x, training), training));
  }

  /**
   * Checks that a shape is N×3×H×W with H and W positive multiples of {@link #inputDivisor()}.
   *
   * @param shape the input shape
   * @throws InputSizeException if it is not
   */
  public final void checkInputShape(Shape shape) {
    if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(0) < 1) {
      throw new InputSizeException(name + " needs an N×3×H×W input, got shape " + shape);
    }
    long h = shape.get(2);
    long w = shape.get(3);
    if (h < inputDivisor || w < inputDivisor || h % inputDivisor != 0 || w % inputDivisor != 0) {
      throw new InputSizeException(String.format(
          "%s needs H and W to be positive multiples of %d, got %d×%d (shape %s); pad or resize the input",
          name, inputDivisor, h, w, shape));
    }
  }

  @Override
  protected final Shape outputShape(Shape input) {
    checkInputShape(input);
    return new Shape(input.get(0), 1, input.get(2), input.get(3));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }
}
