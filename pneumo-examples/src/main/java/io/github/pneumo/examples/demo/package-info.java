/** The end-to-end demo: synthetic data, training, inference, threshold search, submission, report. */
@NullMarked
package io.github.pneumo.examples.demo;

import org.jspecify.annotations.NullMarked;
