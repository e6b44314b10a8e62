/**
 * Training bookkeeping that needs no deep-learning engine: learning-rate schedules stepped once per
 * validated epoch (PyTorch 1.1 semantics) and their resumable state, epoch sampling ({@link
 * io.github.pneumo.training.EpochSampler}), the validation metric per triplet ({@link
 * io.github.pneumo.training.ValidationScores}, on {@link io.github.pneumo.metric.Dice}), early stopping,
 * the top-k checkpoint heap and the fold's {@code summary.csv}. The DJL trainer in pneumo-djl drives them.
 */
@NullMarked
package io.github.pneumo.training;

import org.jspecify.annotations.NullMarked;
