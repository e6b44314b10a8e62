/**
 * The training cache: radiographs and their union masks prepared once at the training size (the
 * original's {@code prepare_png}), one compact file per image, loaded by the trainer through {@link
 * io.github.pneumo.data.cache.TrainingCache}. See docs/training-cache.md for the format.
 */
@NullMarked
package io.github.pneumo.data.cache;

import org.jspecify.annotations.NullMarked;
