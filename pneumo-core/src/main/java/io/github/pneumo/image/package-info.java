/** Plain 8-bit images and pixel-level helpers shared by every part of pneumo. */
@NullMarked
package io.github.pneumo.image;

import org.jspecify.annotations.NullMarked;
