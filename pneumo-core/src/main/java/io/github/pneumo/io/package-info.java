/** File-system helpers shared by pneumo's writers. */
@NullMarked
package io.github.pneumo.io;

import org.jspecify.annotations.NullMarked;
