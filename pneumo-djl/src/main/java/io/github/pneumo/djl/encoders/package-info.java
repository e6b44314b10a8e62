/** ResNet-family encoders (ResNet34, ResNet50, SE-ResNeXt50) exposing their five stage outputs. */
@NullMarked
package io.github.pneumo.djl.encoders;

import org.jspecify.annotations.NullMarked;
