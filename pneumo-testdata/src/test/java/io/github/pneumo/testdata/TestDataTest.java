package io.github.pneumo.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class TestDataTest {
  private String sharedDir;
  private String required;

  @BeforeEach
  void saveProperties() {
    sharedDir = System.getProperty(TestData.SHARED_DIR);
    required = System.getProperty(TestData.SHARED_REQUIRED);
    System.clearProperty(TestData.SHARED_DIR);
    System.clearProperty(TestData.SHARED_REQUIRED);
  }

  @AfterEach
  void restoreProperties() {
    restore(TestData.SHARED_DIR, sharedDir);
    restore(TestData.SHARED_REQUIRED, required);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void vendoredFixturesAreRealFilesInTheSharedLayout() throws IOException {
    Path sample = TestData.vendored("data/siim-sample");
    try (Stream<Path> s = Files.list(sample)) {
      assertThat(s.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(10);
    }
    Path csv = TestData.vendored("data/siim-sample/train-rle-sample.csv");
    assertThat(Files.readAllBytes(csv)).startsWith(0xEF, 0xBB, 0xBF).hasSize(7746);
    assertThat(TestData.vendored("data/dicom-conformance/EXPECTED.tsv")).isRegularFile();
    assertThat(TestData.vendored("fixtures/parity/manifest.json")).isRegularFile();
    assertThat(TestData.isVendored("data/folds/train_folds_5.csv.gz")).isFalse();
  }

  @Test
  void everyVendoredFolderIsDescribedInTheNoticeAndTheWholeStaysSmall() throws IOException {
    Path root = TestData.vendored("NOTICE").getParent();
    String notice = Files.readString(root.resolve("NOTICE"), StandardCharsets.UTF_8);
    long bytes;
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> files = walk.filter(Files::isRegularFile).toList();
      for (Path f : files) {
        Path rel = root.relativize(f);
        if (rel.getNameCount() > 1) {
          assertThat(notice).as("NOTICE describes %s", rel).contains(rel.getParent().toString().replace('\\', '/') + "/");
        }
      }
      bytes = files.stream().mapToLong(f -> f.toFile().length()).sum();
    }
    assertThat(bytes).as("vendored bytes").isLessThan(5L << 20);
  }

  @Test
  void unknownOrEscapingVendoredPathsAreRejected() {
    assertThatThrownBy(() -> TestData.vendored("data/folds/train_folds_5.csv.gz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a vendored test file: data/folds/train_folds_5.csv.gz")
        .hasMessageContaining("TestData.shared");
    assertThatThrownBy(() -> TestData.vendored("../../../../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingSharedDataSkipsWithAMessageNamingTheProperty(@TempDir Path empty) {
    assertThatThrownBy(() -> TestData.shared("data/folds/train_folds_5.csv.gz"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("data/folds/train_folds_5.csv.gz")
        .hasMessageContaining("-Dpneumo.shared.dir is not set")
        .hasMessageContaining("set -Dpneumo.shared.dir=DIR");
    System.setProperty(TestData.SHARED_DIR, empty.toString());
    assertThatThrownBy(() -> TestData.shared("data/folds/train_folds_5.csv.gz"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("absent under -Dpneumo.shared.dir=" + empty);
  }

  @Test
  void requiredSharedDataFailsInsteadOfSkipping(@TempDir Path empty) {
    System.setProperty(TestData.SHARED_REQUIRED, "true");
    System.setProperty(TestData.SHARED_DIR, empty.toString());
    assertThatThrownBy(() -> TestData.shared("data/siim-labels/siim-train-rle.csv.gz"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("data/siim-labels/siim-train-rle.csv.gz")
        .hasMessageContaining("-Dpneumo.shared.required=true");
  }

  @Test
  void presentSharedDataIsReturnedAndVendoredCopiesComeFirst(@TempDir Path shared) throws IOException {
    Path folds = shared.resolve("data/folds/train_folds_5.csv.gz");
    Files.createDirectories(folds.getParent());
    Files.write(folds, new byte[] {1});
    Files.createDirectories(shared.resolve("data/siim-sample"));
    Files.write(shared.resolve("data/siim-sample/train-rle-sample.csv"), new byte[] {2});
    System.setProperty(TestData.SHARED_DIR, shared.toString());
    assertThat(TestData.shared("data/folds/train_folds_5.csv.gz")).isEqualTo(folds);
    assertThat(TestData.file("data/folds/train_folds_5.csv.gz")).isEqualTo(folds);
    assertThat(TestData.file("data/siim-sample/train-rle-sample.csv"))
        .isEqualTo(TestData.vendored("data/siim-sample/train-rle-sample.csv"));
  }

  /** As a jar dependency (a reactor verify), the vendored tree is extracted to real files once. */
  @Test
  void vendoredFilesAreExtractedFromAJar(@TempDir Path dir) throws Exception {
    Path root = TestData.vendored("NOTICE").getParent();
    Path classes = Path.of(TestData.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = dir.resolve("pneumo-testdata.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, j);
        j.closeEntry();
      }
    }
    URL[] urls = {jar.toUri().toURL(), location(org.junit.jupiter.api.Assumptions.class),
        location(TestAbortedException.class)};
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Class<?> isolated = loader.loadClass(TestData.class.getName());
      assertThat(isolated).isNotEqualTo(TestData.class);
      Method vendored = isolated.getMethod("vendored", String.class);
      Path csv = (Path) vendored.invoke(null, "data/siim-sample/train-rle-sample.csv");
      assertThat(csv.getFileSystem()).isEqualTo(root.getFileSystem());
      assertThat(csv.startsWith(root)).as("extracted outside %s: %s", root, csv).isFalse();
      assertThat(csv).hasSameBinaryContentAs(root.resolve("data/siim-sample/train-rle-sample.csv"));
      Path dicomDir = (Path) vendored.invoke(null, "data/dicom-conformance");
      try (Stream<Path> s = Files.list(dicomDir); Stream<Path> t = Files.list(root.resolve("data/dicom-conformance"))) {
        assertThat(s.count()).isEqualTo(t.count());
      }
    }
  }

  private static URL location(Class<?> c) throws Exception {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }
}
