/**
 * Inference with the DJL networks: flip test-time augmentation, equal-weight ensembles of checkpoints,
 * weight averaging of a fold's top-k checkpoints, resizing, and batch inference over a folder into a
 * {@link io.github.pneumo.maps.MapStore} with resumption.
 */
@NullMarked
package io.github.pneumo.djl.inference;

import org.jspecify.annotations.NullMarked;
