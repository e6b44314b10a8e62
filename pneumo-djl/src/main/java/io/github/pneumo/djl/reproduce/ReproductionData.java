package io.github.pneumo.djl.reproduce;

import io.github.pneumo.data.cache.TrainingCache;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The data folder of a reproduction ({@code --data DIR}):
 * <ul>
 *   <li>{@code cache/}: the training cache written by {@code pneumo prepare} (train = every labelled image,
 *       test = the images to submit for), required;</li>
 *   <li>{@code sample_submission.csv}: the ids to submit for, required;</li>
 *   <li>{@code folds/<name>} (optional): a folds file replacing the bundled original of the same name
 *       ({@code train_folds_5.csv}, {@code 2nd_stage_folds.csv}, with or without {@code .gz});</li>
 *   <li>{@code test-rle.csv} (optional): the test images' true labels; the submission is then scored.</li>
 * </ul>
 *
 * @param root the folder
 */
public record ReproductionData(Path root) {
  /** The cache sub-folder. */
  public static final String CACHE = "cache";
  /** The sample submission file. */
  public static final String SAMPLE_SUBMISSION = "sample_submission.csv";
  /** The optional test labels. */
  public static final String TEST_LABELS = "test-rle.csv";

  /**
   * Checks the required files.
   *
   * @return this
   * @throws ReproductionException naming what is missing and how to make it
   */
  public ReproductionData check() {
    if (!Files.isRegularFile(cache().resolve(TrainingCache.MANIFEST))) {
      throw new ReproductionException("no training cache in " + cache() + ": run pneumo prepare --data SIIM_DIR --out "
          + cache() + " first (docs/reproduction.md)");
    }
    if (!Files.isRegularFile(sampleSubmission())) {
      throw new ReproductionException("missing " + sampleSubmission()
          + ": copy the sample submission of the test images there (Kaggle: stage_2_sample_submission.csv)");
    }
    return this;
  }

  /** @return {@code cache/} */
  public Path cache() {
    return root.resolve(CACHE);
  }

  /** @return {@code sample_submission.csv} */
  public Path sampleSubmission() {
    return root.resolve(SAMPLE_SUBMISSION);
  }

  /** @return {@code test-rle.csv} if present, else null */
  public @Nullable Path testLabels() {
    Path p = root.resolve(TEST_LABELS);
    return Files.isRegularFile(p) ? p : null;
  }

  /**
   * The folds file to use in place of a config's.
   *
   * @param configured the config's folds file
   * @return {@code folds/<same name>} (with or without {@code .gz}) when present, else {@code configured}
   */
  public Path folds(Path configured) {
    String name = configured.getFileName().toString();
    String plain = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    for (String candidate : new String[] {name, plain, plain + ".gz"}) {
      Path p = root.resolve("folds").resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return configured;
  }
}
