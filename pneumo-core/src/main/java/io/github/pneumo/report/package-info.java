/**
 * Pictures and an HTML report: overlays of predicted and true masks on radiographs, training curves
 * from summary.csv, a heat-map of the threshold search. Rendering is headless and deterministic.
 */
@NullMarked
package io.github.pneumo.report;

import org.jspecify.annotations.NullMarked;
