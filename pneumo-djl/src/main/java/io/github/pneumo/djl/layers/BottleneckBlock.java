package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.jspecify.annotations.Nullable;

/**
 * The bottleneck block of ResNet50 (stride on the 3×3 convolution, as torchvision v1.5 and selim's
 * copy) and of SE-ResNeXt (grouped 3×3 convolution and a squeeze-excitation {@code se_module} applied
 * to the residual before the addition): conv1 1×1 → bn1 → ReLU → conv2 3×3 (stride, groups) → bn2 →
 * ReLU → conv3 1×1 → bn3 [→ se_module], plus the shortcut, then ReLU. Output channels are 4·planes.
 */
public final class BottleneckBlock extends ResidualBlock {

  /** Output channels per plane. */
  public static final int EXPANSION = 4;

  private final Conv2dLayer conv1;
  private final BatchNorm2dLayer bn1;
  private final Conv2dLayer conv2;
  private final BatchNorm2dLayer bn2;
  private final Conv2dLayer conv3;
  private final BatchNorm2dLayer bn3;
  private final @Nullable SqueezeExcitation se;

  /**
   * Creates the block.
   *
   * @param inChannels input channels
   * @param planes base width; the output has 4·planes channels
   * @param stride stride of the 3×3 convolution (and of the shortcut)
   * @param groups groups of the 3×3 convolution (1 for ResNet, 32 for ResNeXt 32×4d)
   * @param baseWidth width per group (64 for ResNet, 4 for ResNeXt 32×4d); the inner width is
   *     floor(planes·baseWidth/64)·groups
   * @param seReduction squeeze-excitation reduction (16 in SE-ResNeXt), or 0 for none
   */
  public BottleneckBlock(int inChannels, int planes, int stride, int groups, int baseWidth,
      int seReduction) {
    super(planes * EXPANSION, stride);
    int width = (planes * baseWidth / 64) * groups;
    int out = planes * EXPANSION;
    conv1 = register("conv1", Conv2dLayer.builder(inChannels, width, 1).bias(false).build());
    bn1 = register("bn1", BatchNorm2dLayer.after(conv1));
    conv2 = register("conv2", Conv2dLayer.builder(width, width, 3)
        .stride(stride).padding(1).groups(groups).bias(false).build());
    bn2 = register("bn2", BatchNorm2dLayer.after(conv2));
    conv3 = register("conv3", Conv2dLayer.builder(width, out, 1).bias(false).build());
    bn3 = register("bn3", BatchNorm2dLayer.after(conv3));
    se = seReduction > 0 ? register("se_module", new SqueezeExcitation(out, seReduction)) : null;
    registerShortcut(inChannels);
  }

  @Override
  protected NDArray residual(ParameterStore ps, NDArray x, boolean training) {
    NDArray h = convBnRelu(ps, conv1, bn1, x, training);
    h = convBnRelu(ps, conv2, bn2, h, training);
    h = bn3.apply(ps, conv3.apply(ps, h, training), training);
    return se == null ? h : se.apply(ps, h, training);
  }
}
