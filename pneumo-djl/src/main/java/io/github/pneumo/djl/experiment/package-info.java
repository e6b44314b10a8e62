/**
 * Experiments as library code: the experiment schema as typed records (built in code or read from YAML),
 * the one strict YAML reader of pneumo's config files ({@link io.github.pneumo.djl.experiment.ConfigNode}:
 * duplicate keys, unknown keys and wrong types are errors naming the file and line), the runner that
 * trains a fold of an experiment, and the configs of {@code pneumo infer} and {@code pneumo submit}.
 */
@NullMarked
package io.github.pneumo.djl.experiment;

import org.jspecify.annotations.NullMarked;
