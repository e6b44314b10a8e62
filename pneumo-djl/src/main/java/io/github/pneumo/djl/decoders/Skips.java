package io.github.pneumo.djl.decoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Skip connections as the originals concatenate them. */
final class Skips {

  private Skips() {}

  /**
   * {@code torch.cat([decoder, encoder], 1)}.
   *
   * @param decoder the upsampled decoder features
   * @param encoder the encoder stage at the same resolution
   * @return the channel concatenation, decoder first
   */
  static NDArray cat(NDArray decoder, NDArray encoder) {
    return NDArrays.concat(new NDList(decoder, encoder), 1);
  }
}
