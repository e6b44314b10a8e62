package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import io.github.pneumo.djl.layers.Conv2dLayer;
import io.github.pneumo.djl.layers.TorchSequential;
import java.util.ArrayList;
import java.util.List;

/**
 * selim's U-Net decoder ({@code EncoderDecoder} in {@code selim_zoo/unet.py}) over five encoder
 * stages: starting from the deepest stage, {@code decoder_stages[3-i]} (nearest ×2 + conv + ReLU) then
 * {@code bottlenecks[i]} on [decoder, encoder stage 3-i], for i = 0..3; then {@code last_upsample}
 * (another decoder block, to the input resolution) and {@code final.0} (1×1 convolution to one
 * logit channel). Bottlenecks optionally carry SCSE modules.
 */
public final class UNetDecoder extends StageDecoder {

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
    checkStages(encoderChannels);
    Preconditions.checkArgument(decoderFilters.length == 4, "four decoder filters expected");
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

  @Override
  protected NDArray decodeStages(ParameterStore ps, NDList stages, boolean training) {
    NDArray x = stages.get(4);
    for (int i = 0; i < 4; i++) {
      int level = 3 - i;
      x = decoderStages.get(level).apply(ps, x, training);
      x = bottlenecks.get(i).apply(ps, Skips.cat(x, stages.get(level)), training);
    }
    return last.apply(ps, lastUpsample.apply(ps, x, training), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] stageShapes) {
    Shape s = stageShapes[0];
    return new Shape[] {new Shape(s.get(0), 1, 2 * s.get(2), 2 * s.get(3))};
  }

}
