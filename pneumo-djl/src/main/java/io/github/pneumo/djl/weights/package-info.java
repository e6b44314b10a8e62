/**
 * Model weights on disk: safetensors and {@code torch.save} ({@code .pth}, read by a restricted unpickler)
 * files with the original's PyTorch state_dict names, ImageNet encoder initialisation, the
 * checkpoint formats the trainer writes, loading checkpoints by extension and averaging them. Training
 * and inference both depend on this package, not on each other.
 */
@NullMarked
package io.github.pneumo.djl.weights;

import org.jspecify.annotations.NullMarked;
