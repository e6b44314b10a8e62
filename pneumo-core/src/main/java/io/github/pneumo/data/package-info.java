/**
 * SIIM data files: label CSVs with run-length encoded masks ({@link io.github.pneumo.data.SiimLabels})
 * and the original's cross-validation folds ({@link io.github.pneumo.data.Folds}).
 */
@NullMarked
package io.github.pneumo.data;

import org.jspecify.annotations.NullMarked;
