package io.github.pneumo.djl.experiment;

import io.github.pneumo.augment.Augmentation;
import io.github.pneumo.augment.Augmentations;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An augmentation pipeline from the experiment file: a preset name (the original's transform files,
 * {@link Augmentations#PRESETS}) at the configured size, or an explicit list of transform entries.
 *
 * @param preset the preset name, or null for an explicit list
 * @param entries the explicit entries (empty for a preset)
 * @param size the square output size
 */
public record TransformSpec(@Nullable String preset, List<Map<String, Object>> entries, int size) {

  /** @return the pipeline */
  public Augmentation build() {
    return preset != null ? Augmentations.preset(preset, size) : Augmentations.fromSpec(entries);
  }
}
