package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * torchvision's {@code BasicBlock} (ResNet18/34): conv1 3×3 (stride) → bn1 → ReLU → conv2 3×3 → bn2,
 * plus the shortcut, then ReLU.
 */
public final class BasicBlock extends ResidualBlock {

  private final Conv2dLayer conv1;
  private final BatchNorm2dLayer bn1;
  private final Conv2dLayer conv2;
  private final BatchNorm2dLayer bn2;

  /**
   * Creates the block.
   *
   * @param inChannels input channels
   * @param planes output channels
   * @param stride stride of the first convolution
   */
  public BasicBlock(int inChannels, int planes, int stride) {
    super(planes, stride);
    conv1 = register("conv1",
        Conv2dLayer.builder(inChannels, planes, 3).stride(stride).padding(1).bias(false).build());
    bn1 = register("bn1", BatchNorm2dLayer.after(conv1));
    conv2 = register("conv2", Conv2dLayer.builder(planes, planes, 3).padding(1).bias(false).build());
    bn2 = register("bn2", BatchNorm2dLayer.after(conv2));
    registerShortcut(inChannels);
  }

  @Override
  protected NDArray residual(ParameterStore ps, NDArray x, boolean training) {
    NDArray h = convBnRelu(ps, conv1, bn1, x, training);
    return bn2.apply(ps, conv2.apply(ps, h, training), training);
  }
}
