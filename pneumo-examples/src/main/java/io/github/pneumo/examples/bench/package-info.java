/** Runnable end-to-end benchmarks of the networks (training step, inference, native memory). */
@NullMarked
package io.github.pneumo.examples.bench;

import org.jspecify.annotations.NullMarked;
