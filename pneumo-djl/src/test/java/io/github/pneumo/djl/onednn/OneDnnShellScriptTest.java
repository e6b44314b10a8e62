package io.github.pneumo.djl.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .mvn/onednn.sh}, which {@code ./mvnw}, {@code ./pneumo} and {@code .ci/run} source before starting a
 * JVM, exports the safe setting exactly when {@link CpuDescription#affected()} says so and the user chose
 * nothing, and the three entry points still source it.
 */
class OneDnnShellScriptTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path SCRIPT = ROOT.resolve(".mvn/onednn.sh");

  /** Output of sourcing the script in POSIX sh with {@code set -euf} (as ./mvnw does): stdout + stderr. */
  record Run(String isa, String stderr) {}

  static Run source(Path cpuinfo, Map<String, String> preset) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-euf", "-c",
        ". \"$1\"; printf '%s|%s' \"${ONEDNN_MAX_CPU_ISA-unset}\" \"${DNNL_MAX_CPU_ISA-unset}\"", "sh", SCRIPT.toString());
    pb.environment().remove("ONEDNN_MAX_CPU_ISA");
    pb.environment().remove("DNNL_MAX_CPU_ISA");
    pb.environment().put("PNEUMO_CPUINFO", cpuinfo.toString());
    pb.environment().putAll(preset);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(err).isZero();
    return new Run(out, err);
  }

  static Path fixture(Path dir, String name) throws IOException {
    return Files.writeString(dir.resolve(name), CpuInfoFixtures.text(name));
  }

  static boolean hasSh() {
    try {
      return new ProcessBuilder("sh", "-c", "exit 0").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void exportsAvxExactlyWhereJavaSaysTheCpuIsAffected(@TempDir Path dir) throws Exception {
    assumeTrue(hasSh(), "no POSIX sh on this machine");
    for (String name : List.of(CpuInfoFixtures.ZEN5, CpuInfoFixtures.ZEN4, CpuInfoFixtures.INTEL, CpuInfoFixtures.ARM64)) {
      boolean affected = CpuInfoFixtures.cpu(name).affected();
      Run r = source(fixture(dir, name), Map.of());
      assertThat(r.isa()).as(name).isEqualTo(affected ? "AVX|unset" : "unset|unset");
      assertThat(r.stderr()).as(name).isEqualTo(affected
          ? "pneumo: AuthenticAMD family 26 model 2: exporting ONEDNN_MAX_CPU_ISA=AVX (libtorch's oneDNN gives NaN"
              + " or crashes on AMD family 26+ otherwise: pytorch/pytorch#177227, docs/troubleshooting.md)\n"
          : "");
    }
    assertThat(CpuInfoFixtures.cpu(CpuInfoFixtures.ZEN5).affected()).isTrue();
  }

  @Test
  void laterFamiliesToo(@TempDir Path dir) throws Exception {
    assumeTrue(hasSh(), "no POSIX sh on this machine");
    Path f = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 27\nmodel\t\t: 0\n");
    assertThat(CpuDescription.parse(Files.readString(f)).affected()).isTrue();
    assertThat(source(f, Map.of()).isa()).isEqualTo("AVX|unset");
  }

  @Test
  void aChoiceOfTheUserIsKeptSilently(@TempDir Path dir) throws Exception {
    assumeTrue(hasSh(), "no POSIX sh on this machine");
    Path zen5 = fixture(dir, CpuInfoFixtures.ZEN5);
    assertThat(source(zen5, Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"))).isEqualTo(new Run("AVX2|unset", ""));
    assertThat(source(zen5, Map.of("DNNL_MAX_CPU_ISA", "ALL"))).isEqualTo(new Run("unset|ALL", ""));
    // an empty value is no choice (oneDNN ignores it too)
    assertThat(source(zen5, Map.of("ONEDNN_MAX_CPU_ISA", "")).isa()).isEqualTo("AVX|unset");
    // an unreadable cpuinfo changes nothing
    assertThat(source(dir.resolve("missing"), Map.of())).isEqualTo(new Run("unset|unset", ""));
  }

  @Test
  void theEntryPointsSourceIt() throws IOException {
    assertThat(Files.readString(ROOT.resolve("mvnw"))).contains("pneumo_onednn_sh=\"$(dirname \"$0\")/.mvn/onednn.sh\"",
        "[ ! -f \"$pneumo_onednn_sh\" ] || . \"$pneumo_onednn_sh\"");
    assertThat(Files.readString(ROOT.resolve("pneumo"))).contains(". \"$root/.mvn/onednn.sh\"");
    assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains(". .mvn/onednn.sh");
  }
}
