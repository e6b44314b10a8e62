package io.github.pneumo.djl.reproduce;

/** How much of an experiment a {@link Reproduction} runs. */
public enum Profile {
  /** The configs as written: full size, all epochs (a GPU job of days). */
  FULL,
  /**
   * The same chain shrunk so it finishes on a CPU in about a minute: 64² images, one epoch per part, the
   * first fold only unless folds are given, on a small generated dataset when no data is given. Pixel
   * areas of the submission thresholds are scaled with the image area.
   */
  SMOKE;

  /**
   * Parses a profile name.
   *
   * @param name {@code full} or {@code smoke}
   * @return the profile
   * @throws ReproductionException for another name
   */
  public static Profile byName(String name) {
    return switch (name) {
      case "full" -> FULL;
      case "smoke" -> SMOKE;
      default -> throw new ReproductionException("profile must be smoke or full, got '" + name + "'");
    };
  }
}
