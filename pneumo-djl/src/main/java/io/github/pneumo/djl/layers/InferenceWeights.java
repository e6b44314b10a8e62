package io.github.pneumo.djl.layers;

import ai.djl.nn.Block;

/**
 * Prepares the weights that inference passes of a block tree use: every BatchNorm made with {@link
 * BatchNorm2dLayer#after} folded into its convolution, and every convolution weight stored in the
 * inference memory layout ({@link MemoryLayout}). The parameters are untouched (training, saving and
 * loading see the original weights); prepare again after loading weights; a training pass through a
 * layer drops what was prepared for it.
 */
public final class InferenceWeights {

  private InferenceWeights() {}

  /**
   * Folds the BatchNorm layers and prepares the convolutions of {@code root} and its descendants.
   *
   * @param root the block tree
   * @return the number of BatchNorm layers folded
   */
  public static int prepare(Block root) {
    // the prepared weights are constants, without autograd history
    return Autograd.withoutRecording(() -> {
      int folded = visit(root, true);
      prepareConvolutions(root);
      return folded;
    });
  }

  /**
   * Drops what {@link #prepare} made: every layer computes from its parameters again.
   *
   * @param root the block tree
   * @return the number of BatchNorm layers that were folded
   */
  public static int clear(Block root) {
    return visit(root, false);
  }

  private static int visit(Block block, boolean fold) {
    int n = 0;
    if (block instanceof BatchNorm2dLayer bn) {
      n = fold ? (bn.foldInto() ? 1 : 0) : (bn.unfold() ? 1 : 0);
    } else if (!fold && block instanceof Conv2dLayer conv) {
      conv.clearFolded();
    }
    for (Block child : block.getChildren().values()) {
      n += visit(child, fold);
    }
    return n;
  }

  private static void prepareConvolutions(Block block) {
    if (block instanceof Conv2dLayer conv) {
      conv.prepareInference();
    }
    for (Block child : block.getChildren().values()) {
      prepareConvolutions(child);
    }
  }
}
