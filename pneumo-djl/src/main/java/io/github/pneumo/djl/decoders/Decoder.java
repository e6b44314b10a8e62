package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * The decoder of a segmentation network: the encoder's stage outputs (shallow to deep, see {@code
 * encoders.Encoder}) in, N×1×H×W logits at the input resolution out.
 */
public interface Decoder {

  /**
   * Decodes the encoder's stage outputs.
   *
   * @param ps the parameter store
   * @param stages the stage outputs, shallow to deep
   * @param training whether this is a training pass
   * @return N×1×H×W logits
   */
  NDArray decode(ParameterStore ps, NDList stages, boolean training);
}
