package io.github.pneumo.augment;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link Augmentation}s from plain lists and maps (as parsed from YAML) and provides the
 * original's transform files as named presets.
 *
 * <p>A description is a list of entries; each entry is a map with a {@code type} and the type's keys
 * (albumentations' names): {@code HorizontalFlip {p}}, {@code RandomContrast {limit, p}}, {@code
 * RandomGamma {gamma_limit, p}}, {@code RandomBrightness {limit, p}}, {@code ElasticTransform {alpha,
 * sigma, alpha_affine, p}}, {@code GridDistortion {num_steps, distort_limit, p}}, {@code
 * OpticalDistortion {distort_limit, shift_limit, p}}, {@code ShiftScaleRotate {shift_limit, scale_limit,
 * rotate_limit, p}}, {@code Resize {height, width, p}}, {@code OneOf {transforms, p}}, {@code Compose
 * {transforms, p}}, and as the last entry optionally {@code Normalize {mean, std, max_pixel_value}}
 * (without it the tensor is v/255). A limit is a number x, meaning (−x, x), or a list [low, high]. Unknown
 * types and keys are errors naming the entry.
 */
public final class Augmentations {

  /** The preset names, as the original's transform files without the size. */
  public static final List<String> PRESETS = List.of("train_complex_old", "train_complex", "valid_old", "valid");

  private Augmentations() {}

  /**
   * Builds a pipeline from a description.
   *
   * @param entries the list of transform entries
   * @return the pipeline
   * @throws AugmentationSpecException naming the entry and key of the first problem
   */
  public static Augmentation fromSpec(List<? extends Map<String, ?>> entries) {
    List<Transform> transforms = new ArrayList<>();
    Normalization normalization = Normalization.UNIT;
    for (int i = 0; i < entries.size(); i++) {
      SpecEntry e = entry(entries.get(i), "augmentations[" + i + "]");
      if (e.string("type").equals("Normalize")) {
        if (i != entries.size() - 1) {
          throw e.error("Normalize must be the last entry");
        }
        normalization = normalize(e);
      } else {
        transforms.add(transform(e));
      }
    }
    return new Augmentation(transforms, normalization);
  }

  /**
   * One of the original's transform files at a given size.
   *
   * @param name {@code train_complex_old}, {@code train_complex} (with ImageNet normalisation), {@code
   *     valid_old} or {@code valid}
   * @param size the square output size (the original: 1024 or 512)
   * @return the pipeline
   */
  public static Augmentation preset(String name, int size) {
    return fromSpec(presetSpec(name, size));
  }

  /**
   * The description of a preset, for display or as a starting point.
   *
   * @param name a name from {@link #PRESETS}
   * @param size the square output size
   * @return the list of entries
   */
  public static List<Map<String, Object>> presetSpec(String name, int size) {
    if (size <= 0) {
      throw new AugmentationSpecException("preset size must be positive: " + size);
    }
    Map<String, Object> resize = ImmutableMap.of("type", "Resize", "height", size, "width", size, "p", 1.0);
    Map<String, Object> normalize = ImmutableMap.of("type", "Normalize",
        "mean", List.of(0.485, 0.456, 0.406), "std", List.of(0.229, 0.224, 0.225), "max_pixel_value", 255.0);
    List<Map<String, Object>> train = List.of(
        ImmutableMap.of("type", "HorizontalFlip", "p", 0.5),
        ImmutableMap.of("type", "OneOf", "p", 0.3, "transforms", List.of(
            ImmutableMap.of("type", "RandomContrast", "limit", List.of(-0.2, 0.2), "p", 0.5),
            ImmutableMap.of("type", "RandomGamma", "gamma_limit", List.of(80, 120), "p", 0.5),
            ImmutableMap.of("type", "RandomBrightness", "limit", List.of(-0.2, 0.2), "p", 0.5))),
        ImmutableMap.of("type", "OneOf", "p", 0.3, "transforms", List.of(
            ImmutableMap.of("type", "ElasticTransform", "alpha", 120, "sigma", 6.0, "alpha_affine", 3.6, "p", 0.5),
            ImmutableMap.of("type", "GridDistortion", "num_steps", 5, "distort_limit", List.of(-0.3, 0.3), "p", 0.5),
            ImmutableMap.of("type", "OpticalDistortion", "distort_limit", List.of(-2, 2),
                "shift_limit", List.of(-0.5, 0.5), "p", 0.5))),
        ImmutableMap.of("type", "ShiftScaleRotate", "shift_limit", List.of(-0.0625, 0.0625),
            "scale_limit", List.of(-0.1, 0.1), "rotate_limit", List.of(-45, 45), "p", 0.5));
    ImmutableList.Builder<Map<String, Object>> out = ImmutableList.builder();
    switch (name) {
      case "train_complex_old" -> out.addAll(train).add(resize);
      case "train_complex" -> out.addAll(train).add(resize).add(normalize);
      case "valid_old" -> out.add(resize);
      case "valid" -> out.add(resize).add(normalize);
      default -> throw new AugmentationSpecException(
          "unknown augmentation preset '" + name + "', expected one of " + PRESETS);
    }
    return out.build();
  }

  private static SpecEntry entry(Object o, String path) {
    if (!(o instanceof Map<?, ?> m) || !m.keySet().stream().allMatch(k -> k instanceof String)) {
      throw new AugmentationSpecException(path + ": expected a map with a 'type', got " + o);
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> map = (Map<String, ?>) m;
    return new SpecEntry(map, path);
  }

  private static List<Transform> children(SpecEntry e) {
    List<?> list = e.list("transforms");
    List<Transform> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      SpecEntry child = entry(list.get(i), e.path() + ".transforms[" + i + "]");
      if (child.string("type").equals("Normalize")) {
        throw child.error("Normalize is only allowed as the last top-level entry");
      }
      out.add(transform(child));
    }
    return out;
  }

  private static Transform transform(SpecEntry e) {
    String type = e.string("type");
    Transform t;
    try {
      t = switch (type) {
        case "HorizontalFlip" -> new HorizontalFlip(e.probability(0.5));
        case "RandomContrast" -> {
          double[] r = e.range("limit", -0.2, 0.2);
          yield new RandomContrast(r[0], r[1], e.probability(0.5));
        }
        case "RandomBrightness" -> {
          double[] r = e.range("limit", -0.2, 0.2);
          yield new RandomBrightness(r[0], r[1], e.probability(0.5));
        }
        case "RandomGamma" -> {
          double[] r = e.range("gamma_limit", 80, 120);
          if (r[0] != Math.rint(r[0]) || r[1] != Math.rint(r[1]) || r[0] <= 0) {
            throw e.error("'gamma_limit' must be two positive integers, got [" + r[0] + ", " + r[1] + "]");
          }
          yield new RandomGamma((int) r[0], (int) r[1], e.probability(0.5));
        }
        case "ElasticTransform" -> new ElasticTransform(e.number("alpha", 1), e.number("sigma", 50),
            e.number("alpha_affine", 50), e.probability(0.5));
        case "GridDistortion" -> {
          int steps = e.integer("num_steps", 5, 1);
          double[] r = e.range("distort_limit", -0.3, 0.3);
          yield new GridDistortion(steps, r[0], r[1], e.probability(0.5));
        }
        case "OpticalDistortion" -> {
          double[] k = e.range("distort_limit", -0.05, 0.05);
          double[] s = e.range("shift_limit", -0.05, 0.05);
          yield new OpticalDistortion(k[0], k[1], s[0], s[1], e.probability(0.5));
        }
        case "ShiftScaleRotate" -> {
          double[] shift = e.range("shift_limit", -0.0625, 0.0625);
          double[] scale = e.range("scale_limit", -0.1, 0.1);
          double[] rotate = e.range("rotate_limit", -45, 45);
          yield new ShiftScaleRotate(shift[0], shift[1], scale[0], scale[1], rotate[0], rotate[1],
              e.probability(0.5));
        }
        case "Resize" -> new Resize(e.requiredInteger("height", 1), e.requiredInteger("width", 1),
            e.probability(1));
        case "OneOf" -> new OneOf(children(e), e.probability(0.5));
        case "Compose" -> new Compose(children(e), e.probability(1));
        default -> throw e.error("unknown transform type '" + type + "'");
      };
    } catch (IllegalArgumentException ex) {
      throw e.error(ex.getMessage());
    }
    e.finish();
    return t;
  }

  private static Normalization normalize(SpecEntry e) {
    double[] mean = e.triple("mean", Normalization.IMAGENET.mean());
    double[] std = e.triple("std", Normalization.IMAGENET.std());
    double max = e.number("max_pixel_value", 255);
    if (max != 255) {
      throw e.error("'max_pixel_value' must be 255 for 8-bit images, got " + max);
    }
    if (e.probability(1) != 1) {
      throw e.error("'p' of Normalize must be 1");
    }
    e.finish();
    try {
      return Normalization.of(mean, std);
    } catch (IllegalArgumentException ex) {
      throw e.error(ex.getMessage());
    }
  }
}
