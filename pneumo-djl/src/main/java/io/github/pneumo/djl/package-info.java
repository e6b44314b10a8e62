/** pneumo's backend on DJL's PyTorch engine: networks, weights, training and inference. */
@NullMarked
package io.github.pneumo.djl;

import org.jspecify.annotations.NullMarked;
