/**
 * Reproductions of the original experiments: the bundled experiment folders ({@code albunet_valid},
 * {@code seunet}, {@code resnet50}, {@code albunet_public} and the two blends) and the runner that chains
 * their parts fold by fold, then infers and writes the submission ({@code pneumo reproduce}).
 */
@org.jspecify.annotations.NullMarked
package io.github.pneumo.djl.reproduce;
