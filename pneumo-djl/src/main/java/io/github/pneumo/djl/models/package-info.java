/** The three segmentation networks of the original solution: AlbuNet, ResNet50 U-Net and SCSE U-Net. */
@NullMarked
package io.github.pneumo.djl.models;

import org.jspecify.annotations.NullMarked;
