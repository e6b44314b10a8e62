package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import io.github.pneumo.djl.layers.TorchModule;
import org.jspecify.annotations.Nullable;

/**
 * What the decoders share: they take the encoder's five stages as their inputs (as one block's input list),
 * check the count, and have no single-input output shape.
 */
abstract class StageDecoder extends TorchModule implements Decoder {

  /** The number of encoder stages a decoder takes. */
  static final int STAGES = 5;

  /**
   * Checks the encoder's channel list.
   *
   * @param encoderChannels channels of the encoder's stages
   * @return the channels
   */
  static int[] checkStages(int[] encoderChannels) {
    Preconditions.checkArgument(encoderChannels.length == STAGES, "five encoder stages expected, got %s",
        encoderChannels.length);
    return encoderChannels.clone();
  }

  @Override
  public final NDArray decode(ParameterStore ps, NDList stages, boolean training) {
    Preconditions.checkArgument(stages.size() == STAGES, "expected 5 encoder stages, got %s", stages.size());
    return decodeStages(ps, stages, training);
  }

  /**
   * Decodes five stage outputs.
   *
   * @param ps the parameter store
   * @param stages the five stage outputs, shallow to deep
   * @param training whether this is a training pass
   * @return N×1×H×W logits
   */
  protected abstract NDArray decodeStages(ParameterStore ps, NDList stages, boolean training);

  @Override
  protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    return new NDList(decode(ps, inputs, training));
  }

  @Override
  protected final Shape outputShape(Shape input) {
    throw new UnsupportedOperationException("the decoder takes the five encoder stages");
  }
}
