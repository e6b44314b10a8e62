package io.github.pneumo.djl.training;

/**
 * A batch ready for the model: images N×C×H×W and masks N×1×H×W, as flat float arrays.
 *
 * @param size N, the number of samples
 * @param channels C
 * @param height H
 * @param width W
 * @param images the images, sample-major
 * @param masks the masks, sample-major
 */
public record Batch(int size, int channels, int height, int width, float[] images, float[] masks) {}
