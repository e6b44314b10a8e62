package io.github.pneumo.djl;

/** selim's SCSE U-Net (SE-ResNeXt50) against the original. */
class ScseUNetTest extends ArchitectureParityTest {
  ScseUNetTest() {
    super("seunet", 41_249_489L);
  }
}
