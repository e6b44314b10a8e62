/** The challenge metric: per-image Dice and its exact mean over images ({@link io.github.pneumo.metric.Dice}). */
@NullMarked
package io.github.pneumo.metric;

import org.jspecify.annotations.NullMarked;
