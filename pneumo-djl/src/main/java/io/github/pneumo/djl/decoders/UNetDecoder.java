package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import io.github.pneumo.djl.layers.Conv2dLayer;
import io.github.pneumo.djl.layers.TorchModule;
import io.github.pneumo.djl.layers.TorchSequential;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * selim's U-Net decoder ({@code EncoderDecoder} in {@code selim_zoo/unet.py}) over five encoder
 * stages: starting from the deepest stage, {@code decoder_stages[3-i]} (nearest ×2 + conv + ReLU) then
 * {@code bottlenecks[i]} on [decoder, encoder stage 3-i], for i = 0..3; then {@code last_upsample}
 * (another decoder block, to the input resolution) and {@code final.0} (1×1 convolution to one
 * logit channel). Bottlenecks optionally carry SCSE modules.
 */
public final class UNetDecoder extends TorchModule {

  private final List<ConvBottleneck> bottlenecks;
  private final List<UNetDecoderBlock> decoderStages;
  private final UNetDecoderBlock lastUpsample;
  private final TorchSequential last;

  /**
   * Creates the decoder.
   *
   * @param encoderChannels channels of the five encoder stages
   * @param decoderFilters output channels of decoder stages 0..3
   * @param lastUpsampleFilters output channels of {@code last_upsample}
   * @param scse whether the bottlenecks carry SCSE modules
   */
  public UNetDecoder(int[] encoderChannels, int[] decoderFilters, int lastUpsampleFilters, boolean scse) {
    Preconditions.checkArgument(encoderChannels.length == 5 && decoderFilters.length == 4,
        "five encoder stages and four decoder filters expected");
    List<ConvBottleneck> bottleneckList = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int level = 3 - i;
      bottleneckList.add(register("bottlenecks." + i, new ConvBottleneck(
          decoderFilters[level] + encoderChannels[level], decoderFilters[level], scse)));
    }
    bottlenecks = ImmutableList.copyOf(bottleneckList);
    List<UNetDecoderBlock> stageList = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int in = i == 3 ? encoderChannels[4] : decoderFilters[i + 1];
      stageList.add(register("decoder_stages." + i, new UNetDecoderBlock(in, decoderFilters[i])));
    }
    decoderStages = ImmutableList.copyOf(stageList);
    lastUpsample = register("last_upsample", new UNetDecoderBlock(decoderFilters[0], lastUpsampleFilters));
    last = register("final", TorchSequential.of(List.of(Conv2dLayer.conv1x1(lastUpsampleFilters, 1))));
  }

  /**
   * Decodes the encoder's stage outputs.
   *
   * @param ps the parameter store
   * @param stages the five stage outputs
   * @param training whether this is a training pass
   * @return N×1×H×W logits
   */
  public NDArray decode(ParameterStore ps, NDList stages, boolean training) {
    Preconditions.checkArgument(stages.size() == 5, "expected 5 encoder stages, got %s", stages.size());
    NDArray x = stages.get(4);
    for (int i = 0; i < 4; i++) {
      int level = 3 - i;
      x = decoderStages.get(level).apply(ps, x, training);
      x = bottlenecks.get(i).apply(ps, Skips.cat(x, stages.get(level)), training);
    }
    return last.apply(ps, lastUpsample.apply(ps, x, training), training);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    return new NDList(decode(ps, inputs, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] stageShapes) {
    Shape s = stageShapes[0];
    return new Shape[] {new Shape(s.get(0), 1, 2 * s.get(2), 2 * s.get(3))};
  }

  @Override
  protected Shape outputShape(Shape input) {
    throw new UnsupportedOperationException("the decoder takes the five encoder stages");
  }
}
