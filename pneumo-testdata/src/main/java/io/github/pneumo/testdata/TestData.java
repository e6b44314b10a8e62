package io.github.pneumo.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The data pneumo's tests read, in two tiers, addressed by the same relative paths as the shared reference
 * folder ({@code data/siim-sample/…}, {@code data/dicom-conformance/…}, {@code fixtures/parity/…},
 * {@code data/siim-labels/…}, {@code data/folds/…}):
 *
 * <ul>
 *   <li>{@link #vendored(String) vendored}: the small real fixtures copied into this module (provenance and
 *       licence in its {@code NOTICE}); always present, so the default suite runs on a bare clone;
 *   <li>{@link #shared(String) shared}: the large reference files (the full SIIM label set, the original folds,
 *       the sample submissions) under the folder named by the system property {@value #SHARED_DIR}. The build
 *       sets it to {@code ../shared} beside the checkout; when the file is not there the calling test is
 *       <em>skipped</em> (a JUnit assumption) with a message naming the property, never an error, unless
 *       {@value #SHARED_REQUIRED} is {@code true} (CI's full run), which turns the skip into a failure.
 * </ul>
 *
 * <p>Vendored files are real files on disk (tests hand them to dcmtk and to code that takes a {@link Path}):
 * read from {@code target/classes} in a reactor build, or extracted once per JVM to a temporary folder (deleted at
 * exit) when this module is a jar on the class path.
 */
public final class TestData {
  /** System property: the shared reference folder (holding {@code data/} and {@code fixtures/}). */
  public static final String SHARED_DIR = "pneumo.shared.dir";

  /** System property: {@code true} makes a missing shared file fail the test instead of skipping it. */
  public static final String SHARED_REQUIRED = "pneumo.shared.required";

  private static final String ROOT = "io/github/pneumo/testdata/";
  private static final String MARKER = "NOTICE";

  private static @Nullable Path vendoredRoot;

  private TestData() {}

  /**
   * A vendored file or folder.
   *
   * @param relative path under the vendored root, e.g. {@code data/siim-sample/train-rle-sample.csv}
   * @return the file on disk
   * @throws IllegalArgumentException if nothing is vendored under that path (a mistake in the test)
   */
  public static Path vendored(String relative) {
    Path root = vendoredRoot();
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root) || !Files.exists(p)) {
      throw new IllegalArgumentException("not a vendored test file: " + relative + " (the vendored files are "
          + "listed in pneumo-testdata's NOTICE; large shared files are read with TestData.shared)");
    }
    return p;
  }

  /** Whether {@code relative} is vendored. */
  public static boolean isVendored(String relative) {
    Path root = vendoredRoot();
    Path p = root.resolve(relative).normalize();
    return p.startsWith(root) && Files.exists(p);
  }

  /**
   * A file or folder of the shared reference data; skips the calling test when it is not available.
   *
   * @param relative path under the shared folder, e.g. {@code data/folds/train_folds_5.csv.gz}
   * @return the file on disk
   */
  public static Path shared(String relative) {
    String dir = System.getProperty(SHARED_DIR);
    String how = "set -D" + SHARED_DIR + "=DIR to the shared reference folder (the one holding data/ and "
        + "fixtures/, e.g. the absolute path of ../shared beside the checkout) to run this test";
    if (dir == null || dir.isBlank()) {
      return unavailable("needs " + relative + " from the shared reference data (not in the repository) and -D"
          + SHARED_DIR + " is not set: " + how);
    }
    Path p = Path.of(dir).resolve(relative);
    if (!Files.exists(p)) {
      return unavailable("needs " + relative + " from the shared reference data (not in the repository), "
          + "absent under -D" + SHARED_DIR + "=" + dir + ": " + how);
    }
    return p;
  }

  /**
   * The vendored copy of a file when there is one, otherwise the shared file (skipping when absent).
   *
   * @param relative path in the layout of the shared folder
   * @return the file on disk
   */
  public static Path file(String relative) {
    return isVendored(relative) ? vendored(relative) : shared(relative);
  }

  private static Path unavailable(String message) {
    if (Boolean.getBoolean(SHARED_REQUIRED)) {
      throw new AssertionError(message + " (-D" + SHARED_REQUIRED + "=true: the shared data must be present)");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static synchronized Path vendoredRoot() {
    if (vendoredRoot == null) {
      URL marker = TestData.class.getClassLoader().getResource(ROOT + MARKER);
      if (marker == null) {
        throw new IllegalStateException("pneumo-testdata's resources are not on the class path: " + ROOT + MARKER);
      }
      try {
        vendoredRoot = switch (marker.getProtocol()) {
          case "file" -> Path.of(marker.toURI()).getParent().toRealPath();
          case "jar" -> extract(((JarURLConnection) marker.openConnection()).getJarFileURL());
          default -> throw new IllegalStateException("cannot read the vendored test data from " + marker);
        };
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the vendored test data from " + marker, e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot read the vendored test data from " + marker, e);
      }
    }
    return vendoredRoot;
  }

  /** Copies the vendored tree out of the jar into a temporary folder deleted when the JVM exits. */
  private static Path extract(URL jar) throws IOException, URISyntaxException {
    Path target = Files.createTempDirectory("pneumo-testdata-").toRealPath();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(target), "pneumo-testdata-cleanup"));
    try (FileSystem fs = FileSystems.newFileSystem(Path.of(jar.toURI()));
        Stream<Path> walk = Files.walk(fs.getPath("/" + ROOT))) {
      Path source = fs.getPath("/" + ROOT);
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path out = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(out);
        } else {
          Files.copy(p, out);
        }
      }
    }
    return target;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort at JVM exit: a leftover temporary folder is harmless
    }
  }
}
