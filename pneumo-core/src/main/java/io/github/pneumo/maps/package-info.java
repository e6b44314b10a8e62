/**
 * Probability-map storage: 8-bit quantised maps ({@link io.github.pneumo.maps.QuantizedMap}), one
 * compressed file per image id in a folder ({@link io.github.pneumo.maps.MapStore}), read back lazily,
 * and weighted blends of several folders ({@link io.github.pneumo.maps.MapBlend}).
 */
@NullMarked
package io.github.pneumo.maps;

import org.jspecify.annotations.NullMarked;
