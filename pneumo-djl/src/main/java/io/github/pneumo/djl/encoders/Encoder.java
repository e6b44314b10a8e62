package io.github.pneumo.djl.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * The encoder of a segmentation network, as a decoder and a network see it (after segmentation_models.pytorch's
 * encoder mixin): a feature pyramid of stages, each with its channel count and its stride relative to the
 * input, shallow to deep. Decoders are sized from {@link #outChannels()}; weight loaders address {@link
 * #namedParameters()} by their PyTorch names.
 */
public interface Encoder {

  /**
   * Channels of the stage outputs, shallow to deep (e.g. 64, 64, 128, 256, 512 for ResNet34).
   *
   * @return a fresh array, one entry per stage
   */
  int[] outChannels();

  /**
   * The stride of each stage output relative to the input, shallow to deep (2, 4, 8, 16, 32 for a ResNet).
   *
   * @return a fresh array, one entry per stage
   */
  int[] strides();

  /**
   * Runs the encoder.
   *
   * @param ps the parameter store
   * @param x the N×3×H×W input
   * @param training whether this is a training pass
   * @return the stage outputs, shallow to deep
   */
  NDList forwardStages(ParameterStore ps, NDArray x, boolean training);

  /**
   * The encoder's parameters by PyTorch name, relative to the encoder (as in its own state_dict).
   *
   * @return the parameters, in registration order
   */
  Map<String, Parameter> namedParameters();

  /**
   * Sets whether the weights, biases and BatchNorm affine parameters train (running statistics are unaffected).
   *
   * @param trainable false to freeze
   */
  void setTrainable(boolean trainable);
}
