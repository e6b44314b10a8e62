/** Console output shared by the CLI verbs and the demo: training progress bars and epoch lines. */
@NullMarked
package io.github.pneumo.examples.console;

import org.jspecify.annotations.NullMarked;
