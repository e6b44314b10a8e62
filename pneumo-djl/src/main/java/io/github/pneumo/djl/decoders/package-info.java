/** Decoders turning encoder stage outputs into one-channel logits: AlbuNet's and selim's U-Net decoder. */
@NullMarked
package io.github.pneumo.djl.decoders;

import org.jspecify.annotations.NullMarked;
