/**
 * Training arithmetic that needs no deep-learning engine: learning-rate schedules stepped once per
 * validated epoch, with PyTorch 1.1 semantics, and their resumable state.
 */
@NullMarked
package io.github.pneumo.training;

import org.jspecify.annotations.NullMarked;
