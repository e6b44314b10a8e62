/**
 * The original's training augmentations (albumentations 0.3.1 semantics) on 8-bit grey images and
 * masks: flips, colour look-up tables, elastic/grid/optical distortions, shift-scale-rotate and resize,
 * composable, configurable from plain maps and lists, seeded per (seed, epoch, index), plus the
 * conversion to the model's normalised CHW float tensor data.
 *
 * <p>Start with {@link io.github.pneumo.augment.Augmentations#preset(String, int)} or {@link
 * io.github.pneumo.augment.Augmentations#fromSpec(java.util.List)}.
 */
@NullMarked
package io.github.pneumo.augment;

import org.jspecify.annotations.NullMarked;
