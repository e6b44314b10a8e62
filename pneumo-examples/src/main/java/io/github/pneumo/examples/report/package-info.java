/**
 * The report demo: renders the documentation figures (overlay, training curve, threshold heat-map) and a
 * sample HTML report from simulated model outputs.
 */
@NullMarked
package io.github.pneumo.examples.report;

import org.jspecify.annotations.NullMarked;
