package io.github.pneumo.djl.reproduce;

import io.github.pneumo.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment folders bundled in the jar under {@code io/github/pneumo/djl/reproduce/experiments/}, listed
 * by the {@code INDEX} file there, and their extraction into a run's {@code experiments/} folder.
 */
public final class ExperimentResources {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentResources.class);
  private static final String ROOT = "/io/github/pneumo/djl/reproduce/experiments/";

  /** The four trained experiments, in the order a full reproduction runs them. */
  public static final List<String> EXPERIMENTS = List.of("albunet_valid", "seunet", "resnet50", "albunet_public");

  /** The two final blends of the four experiments' maps (the original's {@code blend_configs}). */
  public static final List<String> BLENDS = List.of("2nd_stage-v1", "2nd_stage-v2");

  /** The training parts of every experiment, in chain order ({@code train_config_<part>.yaml}). */
  public static final List<String> PARTS = List.of("part0", "part1", "part2", "2nd_stage");

  /** Inference config file name of an experiment. */
  public static final String INFERENCE = "2nd_stage_inference.yaml";

  /** Submission config file name of an experiment. */
  public static final String SUBMIT = "2nd_stage_submit.yaml";

  private ExperimentResources() {}

  /**
   * The training config file of a part.
   *
   * @param part a name from {@link #PARTS}
   * @return {@code train_config_<part>.yaml}
   */
  public static String trainConfig(String part) {
    return "train_config_" + part + ".yaml";
  }

  /**
   * Every bundled file, as paths relative to the experiments root (e.g. {@code seunet/train_config_part0.yaml}).
   *
   * @return the files, sorted
   */
  public static List<String> files() {
    String index = new String(bytes("INDEX"), StandardCharsets.UTF_8);
    List<String> files = new ArrayList<>();
    for (String line : index.split("\n")) {
      if (!line.isBlank()) {
        files.add(line.strip());
      }
    }
    return files;
  }

  /**
   * The content of a bundled file.
   *
   * @param relative a path from {@link #files()}
   * @return its bytes
   * @throws ReproductionException if the jar lacks it
   */
  public static byte[] bytes(String relative) {
    try (InputStream in = ExperimentResources.class.getResourceAsStream(ROOT + relative)) {
      if (in == null) {
        throw new ReproductionException("bundled experiment file " + relative + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ReproductionException("cannot read bundled experiment file " + relative + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes every bundled file below {@code target} (the run's {@code experiments/} folder). A file that
   * exists already is left as it is, so configs a user edited are kept (delete one to restore it).
   *
   * @param target the folder
   * @return the files written or kept, by relative path
   */
  public static List<Path> extract(Path target) {
    List<Path> out = new ArrayList<>();
    for (String relative : files()) {
      Path file = target.resolve(relative);
      byte[] content = bytes(relative);
      if (Files.exists(file)) {
        try {
          if (!Arrays.equals(Files.readAllBytes(file), content)) {
            LOG.info("keeping the edited {} (delete it to restore the bundled one)", file);
          }
        } catch (IOException e) {
          throw new ReproductionException("cannot read " + file + ": " + e.getMessage(), e);
        }
      } else {
        AtomicFiles.writeBytes(file, content);
      }
      out.add(file);
    }
    return out;
  }
}
