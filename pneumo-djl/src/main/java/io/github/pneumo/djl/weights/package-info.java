/**
 * Model weights on disk: safetensors files with the original's PyTorch state_dict names, the
 * checkpoint formats the trainer writes, loading checkpoints by extension and averaging them. Training
 * and inference both depend on this package, not on each other.
 */
@NullMarked
package io.github.pneumo.djl.weights;

import org.jspecify.annotations.NullMarked;
