/** The pneumo command-line interface, experiment runners and the end-to-end demo. */
@NullMarked
package io.github.pneumo.examples;

import org.jspecify.annotations.NullMarked;
