/**
 * Building blocks that mirror PyTorch modules one to one (convolution, BatchNorm, residual blocks,
 * squeeze-excitation, upsampling), each registering its parameters and children under the original
 * PyTorch {@code state_dict} names.
 */
@NullMarked
package io.github.pneumo.djl.layers;

import org.jspecify.annotations.NullMarked;
