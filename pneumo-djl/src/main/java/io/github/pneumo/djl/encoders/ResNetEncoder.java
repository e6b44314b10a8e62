package io.github.pneumo.djl.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import io.github.pneumo.djl.layers.BatchNorm2dLayer;
import io.github.pneumo.djl.layers.Conv2dLayer;
import io.github.pneumo.djl.layers.InPlaceRelu;
import io.github.pneumo.djl.layers.ResidualBlock;
import io.github.pneumo.djl.layers.Resampling;
import io.github.pneumo.djl.layers.TorchModule;
import io.github.pneumo.djl.layers.TorchSequential;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A ResNet-family encoder exposing five stage outputs:
 *
 * <ol start="0">
 *   <li>stem: 7×7/2 convolution (no bias) → BatchNorm → ReLU, at H/2;
 *   <li>stem max pool → layer1, at H/4;
 *   <li>layer2, at H/8;
 *   <li>layer3, at H/16;
 *   <li>layer4, at H/32.
 * </ol>
 *
 * <p>The concrete encoders fix the residual block type and counts; the {@link Layout} fixes the
 * PyTorch names (torchvision's {@code conv1}/{@code bn1}/{@code layer1} or selim's {@code
 * encoder_stages.*}) and the {@link StemPool} the stem's pooling.
 */
public abstract class ResNetEncoder extends TorchModule implements Encoder {

  /**
   * Where the stem and the four layers sit in the original state_dict.
   *
   * @param stemConv name of the stem convolution
   * @param stemBn name of the stem BatchNorm
   * @param layers names of layer1 … layer4
   */
  public record Layout(String stemConv, String stemBn, List<String> layers) {

    /** torchvision's ResNet attribute names ({@code conv1}, {@code bn1}, {@code layer1} …). */
    public static final Layout TORCHVISION =
        new Layout("conv1", "bn1", List.of("layer1", "layer2", "layer3", "layer4"));

    /**
     * selim's encoder stages for torchvision-style encoders: stage 0 = Sequential(conv1, bn1, relu),
     * stage 1 = Sequential(maxpool, layer1).
     */
    public static final Layout SELIM_RESNET = new Layout("encoder_stages.0.0", "encoder_stages.0.1",
        List.of("encoder_stages.1.1", "encoder_stages.2", "encoder_stages.3", "encoder_stages.4"));

    /** selim's encoder stages for SENet encoders: stage 0 = SENet's layer0 (conv1, bn1, relu1). */
    public static final Layout SELIM_SENET = new Layout("encoder_stages.0.conv1", "encoder_stages.0.bn1",
        List.of("encoder_stages.1.1", "encoder_stages.2", "encoder_stages.3", "encoder_stages.4"));

    /** Validates the layout. */
    public Layout {
      Preconditions.checkArgument(layers.size() == 4, "a ResNet has four layers: %s", layers);
      layers = List.copyOf(layers);
    }
  }

  /** The max pool between the stem and layer1. */
  public enum StemPool {
    /** {@code MaxPool2d(2, 2)}: AlbuNet's replacement of the ResNet pool. */
    MAX_2X2(2, 2, 0, false),
    /** {@code MaxPool2d(3, 2, padding=1)}: torchvision's ResNet. */
    MAX_3X3_PAD1(3, 2, 1, false),
    /** {@code MaxPool2d(3, stride=2, ceil_mode=True)}: SENet. */
    MAX_3X3_CEIL(3, 2, 0, true);

    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;

    StemPool(int kernel, int stride, int padding, boolean ceilMode) {
      this.kernel = kernel;
      this.stride = stride;
      this.padding = padding;
      this.ceilMode = ceilMode;
    }

    NDArray apply(NDArray x) {
      return Resampling.maxPool(x, kernel, stride, padding, ceilMode);
    }

    long size(long in) {
      return Resampling.pooledSize(in, kernel, stride, padding, ceilMode);
    }
  }

  /** Creates one residual block. */
  @FunctionalInterface
  protected interface BlockFactory {
    /**
     * Creates a block.
     *
     * @param inChannels input channels
     * @param planes the stage's planes
     * @param stride the block's stride
     * @return the block
     */
    ResidualBlock create(int inChannels, int planes, int stride);
  }

  private static final int[] PLANES = {64, 128, 256, 512};
  private static final int[] STRIDES = {2, 4, 8, 16, 32};
  private static final int STEM_CHANNELS = 64;

  private final Layout layout;
  private final StemPool pool;
  private final Conv2dLayer stemConv;
  private final BatchNorm2dLayer stemBn;
  private final List<TorchSequential> layers;
  private final int[] stageChannels;

  /**
   * Builds the encoder.
   *
   * @param layout the PyTorch names
   * @param pool the stem pool
   * @param blockCounts blocks per layer (e.g. 3, 4, 6, 3)
   * @param expansion output channels per plane of the block type (1 basic, 4 bottleneck)
   * @param blocks the block factory
   */
  protected ResNetEncoder(Layout layout, StemPool pool, int[] blockCounts, int expansion,
      BlockFactory blocks) {
    Preconditions.checkArgument(blockCounts.length == 4, "four block counts expected");
    this.layout = layout;
    this.pool = pool;
    stemConv = register(layout.stemConv(),
        Conv2dLayer.builder(3, STEM_CHANNELS, 7).stride(2).padding(3).bias(false).build());
    stemBn = register(layout.stemBn(), BatchNorm2dLayer.after(stemConv));
    stageChannels = new int[5];
    stageChannels[0] = STEM_CHANNELS;
    ImmutableList.Builder<TorchSequential> built = ImmutableList.builder();
    int in = STEM_CHANNELS;
    for (int layer = 0; layer < 4; layer++) {
      List<ResidualBlock> layerBlocks = new ArrayList<>();
      for (int b = 0; b < blockCounts[layer]; b++) {
        int stride = layer > 0 && b == 0 ? 2 : 1;
        layerBlocks.add(blocks.create(in, PLANES[layer], stride));
        in = PLANES[layer] * expansion;
      }
      built.add(register(layout.layers().get(layer), TorchSequential.of(layerBlocks)));
      stageChannels[layer + 1] = in;
    }
    layers = built.build();
  }

  /**
   * Where the stem and the layers sit in the original state_dict (relative to this encoder).
   *
   * @return the layout
   */
  public final Layout layout() {
    return layout;
  }

  /**
   * Channels of the five stage outputs (e.g. 64, 64, 128, 256, 512 for ResNet34).
   *
   * @return a fresh array of five channel counts
   */
  @Override
  public final int[] outChannels() {
    return stageChannels.clone();
  }

  /**
   * The strides of the five stage outputs: 2 (stem), 4 (pool + layer1), 8, 16, 32.
   *
   * @return a fresh array of five strides
   */
  @Override
  public final int[] strides() {
    return STRIDES.clone();
  }

  /**
   * Runs the encoder and returns its five stage outputs (H/2, H/4, H/8, H/16, H/32).
   *
   * @param ps the parameter store
   * @param x the N×3×H×W input
   * @param training whether this is a training pass
   * @return the five stage outputs
   */
  @Override
  public final NDList forwardStages(ParameterStore ps, NDArray x, boolean training) {
    NDList stages = new NDList(5);
    NDArray h = InPlaceRelu.apply(stemBn.apply(ps, stemConv.apply(ps, x, training), training), training);
    stages.add(h);
    h = pool.apply(h);
    for (TorchSequential layer : layers) {
      h = layer.apply(ps, h, training);
      stages.add(h);
    }
    return stages;
  }

  @Override
  protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    return forwardStages(ps, inputs.singletonOrThrow(), training);
  }

  @Override
  public final Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = stemConv.getOutputShapes(inputShapes)[0];
    Shape[] out = new Shape[5];
    out[0] = s;
    s = new Shape(s.get(0), s.get(1), pool.size(s.get(2)), pool.size(s.get(3)));
    for (int i = 0; i < 4; i++) {
      s = layers.get(i).getOutputShapes(new Shape[] {s})[0];
      out[i + 1] = s;
    }
    return out;
  }

  @Override
  protected final Shape outputShape(Shape input) {
    return getOutputShapes(new Shape[] {input})[4];
  }
}
