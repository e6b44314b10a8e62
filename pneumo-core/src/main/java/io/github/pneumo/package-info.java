/**
 * pneumo's stable public API: masks, RLE codecs, probability maps, the triplet threshold rule, the
 * sliding sampler, ComboLoss and the {@code SegmentationModel} interface.
 */
@NullMarked
package io.github.pneumo;

import org.jspecify.annotations.NullMarked;
