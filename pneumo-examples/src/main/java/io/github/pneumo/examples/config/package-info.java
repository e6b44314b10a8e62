/**
 * The YAML experiment schema: one file describes a training part (data, model, loss, optimizer,
 * schedule, sampling, augmentations, validation, checkpoints, uptrain), read strictly by {@link
 * io.github.pneumo.examples.config.ExperimentConfigReader}. See {@code docs/configuration.md}.
 */
@NullMarked
package io.github.pneumo.examples.config;

import org.jspecify.annotations.NullMarked;
