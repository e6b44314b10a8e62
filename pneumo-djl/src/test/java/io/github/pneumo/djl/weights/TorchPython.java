package io.github.pneumo.djl.weights;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python with PyTorch that the Python-gated tests run ({@code PNEUMO_TORCH_PYTHON}, e.g. a venv with
 * the PyTorch 2.x CPU wheel); tests using it are skipped when the variable is unset.
 */
public final class TorchPython {
  /** The environment variable naming the Python executable. */
  public static final String ENV = "PNEUMO_TORCH_PYTHON";

  private TorchPython() {}

  /** Skips the calling test unless {@value #ENV} names an executable. */
  public static void assumeAvailable() {
    String python = System.getenv(ENV);
    assumeTrue(python != null && !python.isBlank() && Files.isExecutable(Path.of(python)),
        ENV + " is not set to a Python with PyTorch: skipped (see docs/weights.md)");
  }

  /**
   * Runs {@code src/test/python/torch_reference.py} with arguments.
   *
   * @param args the arguments
   */
  public static void runReference(String... args) {
    List<String> command = new ArrayList<>(List.of(System.getenv(ENV),
        Path.of("src/test/python/torch_reference.py").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed:\n" + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
