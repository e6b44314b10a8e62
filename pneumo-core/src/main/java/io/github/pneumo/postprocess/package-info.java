/**
 * Mask clean-up after thresholding: dropping small connected components, filling holes and keeping the
 * largest components (the original's contour clean-up).
 */
@NullMarked
package io.github.pneumo.postprocess;

import org.jspecify.annotations.NullMarked;
