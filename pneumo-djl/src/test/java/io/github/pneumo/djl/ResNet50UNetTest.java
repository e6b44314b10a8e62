package io.github.pneumo.djl;

/** selim's ResNet50 U-Net against the original. */
class ResNet50UNetTest extends ArchitectureParityTest {
  ResNet50UNetTest() {
    super("resnet50", 34_458_177L);
  }
}
