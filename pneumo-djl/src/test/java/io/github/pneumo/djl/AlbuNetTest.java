package io.github.pneumo.djl;

/** AlbuNet against the original. */
class AlbuNetTest extends ArchitectureParityTest {
  AlbuNetTest() {
    super("albunet", 34_604_897L);
  }
}
