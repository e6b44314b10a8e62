/**
 * Training of the segmentation networks: the original pipeline's loop (spec §5) made robust.
 *
 * <p>{@link io.github.pneumo.djl.training.SegmentationTrainer} runs one fold: Adam with coupled L2
 * weight decay ({@link io.github.pneumo.djl.training.CoupledAdam}), global-L2-norm gradient clipping
 * ({@link io.github.pneumo.djl.training.GradientClipping}), gradient accumulation, a learning-rate
 * schedule stepped once per validated epoch, validation with the triplet rule and the exact per-image
 * mean Dice, {@code summary.csv}, a top-k checkpoint heap, the best checkpoint, early stopping, uptrain
 * from an earlier part and crash-safe resume.
 */
@NullMarked
package io.github.pneumo.djl.training;

import org.jspecify.annotations.NullMarked;
