/** Small utilities shared by pneumo's modules: a console progress bar. */
@NullMarked
package io.github.pneumo.util;

import org.jspecify.annotations.NullMarked;
