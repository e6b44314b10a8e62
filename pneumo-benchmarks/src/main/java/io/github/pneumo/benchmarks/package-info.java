/** JMH benchmarks of pneumo's hot paths (RLE codecs, DICOM decoding, threshold search, ...). */
@NullMarked
package io.github.pneumo.benchmarks;

import org.jspecify.annotations.NullMarked;
