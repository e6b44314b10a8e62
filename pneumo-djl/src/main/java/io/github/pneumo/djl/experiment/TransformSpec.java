package io.github.pneumo.djl.experiment;

import io.github.pneumo.augment.Augmentation;
import io.github.pneumo.augment.Augmentations;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An augmentation pipeline of an experiment: a preset name (the original's transform files,
 * {@link Augmentations#PRESETS}) at the configured size, or an explicit list of transform entries (as in
 * {@link Augmentations#fromSpec(List)}).
 *
 * @param preset the preset name, or null for an explicit list
 * @param entries the explicit entries (empty for a preset)
 * @param size the square output size
 */
public record TransformSpec(@Nullable String preset, List<Map<String, Object>> entries, int size) {

  /** Copies the entries. */
  public TransformSpec {
    entries = List.copyOf(entries);
  }

  /**
   * A preset of the original.
   *
   * @param name one of {@link Augmentations#PRESETS}
   * @param size the square output size
   * @return the spec
   */
  public static TransformSpec preset(String name, int size) {
    return new TransformSpec(name, List.of(), size);
  }

  /**
   * An explicit list of transforms, e.g. {@code Map.of("type", "HorizontalFlip", "p", 0.5)}.
   *
   * @param entries the transform entries, in order
   * @param size the square output size (of presets; an explicit list sets its own Resize)
   * @return the spec
   */
  public static TransformSpec of(List<Map<String, Object>> entries, int size) {
    return new TransformSpec(null, entries, size);
  }

  /**
   * The same transforms at another size.
   *
   * @param newSize the square output size
   * @return the copy
   */
  public TransformSpec withSize(int newSize) {
    return new TransformSpec(preset, entries, newSize);
  }

  /** @return the pipeline */
  public Augmentation build() {
    return preset != null ? Augmentations.preset(preset, size) : Augmentations.fromSpec(entries);
  }
}
