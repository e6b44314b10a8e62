/**
 * Exact grid search of {@link io.github.pneumo.TripletThreshold} triplets on validation maps: per-image
 * cumulative histograms make each triplet O(1) per image ({@link
 * io.github.pneumo.threshold.ThresholdSearch}), with a naive per-triplet scan as the reference ({@link
 * io.github.pneumo.threshold.NaiveThresholdSearch}).
 */
@NullMarked
package io.github.pneumo.threshold;

import org.jspecify.annotations.NullMarked;
