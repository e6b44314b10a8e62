package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.pneumo.djl.layers.Conv2dLayer;
import io.github.pneumo.djl.layers.InPlaceRelu;
import io.github.pneumo.djl.layers.ScseModule;
import io.github.pneumo.djl.layers.TorchModule;
import org.jspecify.annotations.Nullable;

/**
 * selim's skip fusion: {@code ConvBottleneck} (seq = Conv2d 3×3 with bias, ReLU) or, with SCSE, {@code
 * ConvSCSEBottleneckNoBn} (seq = Conv2d, ReLU, SCSEModule(reduction 2, maxout)). The input is the
 * concatenation [decoder, encoder].
 */
public final class ConvBottleneck extends TorchModule {

  /** SCSE reduction of the SCSE U-Net's bottlenecks. */
  public static final int SCSE_REDUCTION = 2;

  private final Conv2dLayer conv;
  private final @Nullable ScseModule scse;

  /**
   * Creates the bottleneck.
   *
   * @param in input channels (decoder + encoder)
   * @param out output channels
   * @param withScse whether an SCSE module follows the ReLU
   */
  public ConvBottleneck(int in, int out, boolean withScse) {
    conv = register("seq.0", Conv2dLayer.conv3x3(in, out));
    scse = withScse ? register("seq.2", new ScseModule(out, SCSE_REDUCTION)) : null;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray x = InPlaceRelu.apply(conv.apply(ps, inputs.singletonOrThrow(), training), training);
    return new NDList(scse == null ? x : scse.apply(ps, x, training));
  }

  @Override
  protected Shape outputShape(Shape input) {
    return conv.getOutputShapes(new Shape[] {input})[0];
  }
}
