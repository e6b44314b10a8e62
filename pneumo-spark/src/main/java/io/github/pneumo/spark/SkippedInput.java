package io.github.pneumo.spark;

/**
 * An input a distributed run went past: it could not be read or decoded.
 *
 * @param path the input's path string
 * @param reason why (the error message)
 */
public record SkippedInput(String path, String reason) {}
