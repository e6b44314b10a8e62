package io.github.pneumo.djl.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuDescriptionTest {

  @Test
  void readsTheAffectedZen5MachineAsTheJvmRecordedIt() {
    CpuDescription cpu = CpuInfoFixtures.cpu(CpuInfoFixtures.ZEN5);
    assertThat(cpu).isEqualTo(new CpuDescription("AuthenticAMD", 26, 2, "AMD EPYC"));
    assertThat(cpu.affected()).isTrue();
    assertThat(cpu).hasToString("AuthenticAMD family 26 model 2 (AMD EPYC)");
  }

  @Test
  void zen4IntelAndArmAreNotAffected() {
    assertThat(CpuInfoFixtures.cpu(CpuInfoFixtures.ZEN4))
        .isEqualTo(new CpuDescription("AuthenticAMD", 25, 17, "AMD EPYC 9354 32-Core Processor"))
        .matches(c -> !c.affected());
    assertThat(CpuInfoFixtures.cpu(CpuInfoFixtures.INTEL))
        .isEqualTo(new CpuDescription("GenuineIntel", 6, 207, "Intel(R) Xeon(R) Processor"))
        .matches(c -> !c.affected());
    CpuDescription arm = CpuInfoFixtures.cpu(CpuInfoFixtures.ARM64);
    assertThat(arm).isEqualTo(new CpuDescription("", -1, -1, ""));
    assertThat(arm.affected()).isFalse();
    assertThat(arm).hasToString("unknown CPU");
  }

  @Test
  void laterAmdFamiliesArePresumedAffectedOtherVendorsOfFamily26AreNot() {
    assertThat(new CpuDescription("AuthenticAMD", 27, 0, "").affected()).isTrue();
    assertThat(new CpuDescription("AuthenticAMD", 25, 97, "").affected()).isFalse();
    assertThat(new CpuDescription("HygonGenuine", 26, 0, "").affected()).isFalse();
    assertThat(new CpuDescription("GenuineIntel", 26, 0, "").affected()).isFalse();
  }

  @Test
  void onlyTheFirstProcessorIsRead() {
    // the first processor's block decides even if a later block (impossible on one machine) differs
    String text = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n\n"
        + "processor\t: 1\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n";
    assertThat(CpuDescription.parse(text)).isEqualTo(new CpuDescription("GenuineIntel", 6, 85, ""));
    assertThat(CpuDescription.parse("")).isEqualTo(new CpuDescription("", -1, -1, ""));
    assertThat(CpuDescription.parse("vendor_id : AuthenticAMD\ncpu family : twenty-six\n"))
        .isEqualTo(new CpuDescription("AuthenticAMD", -1, -1, "")).matches(c -> !c.affected());
  }

  @Test
  void theCompactFormOfThePropertyAndItsErrors() {
    assertThat(CpuDescription.of("AuthenticAMD:26:2"))
        .isEqualTo(new CpuDescription("AuthenticAMD", 26, 2, "given by pneumo.onednn.cpu"));
    assertThat(CpuDescription.of(" GenuineIntel:6:207 ").affected()).isFalse();
    assertThatThrownBy(() -> CpuDescription.of("AuthenticAMD family 26"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pneumo.onednn.cpu is 'AuthenticAMD family 26': expected VENDOR:FAMILY:MODEL, e.g. AuthenticAMD:26:2");
  }

  @Test
  void currentHonoursTheSystemProperty() {
    String old = System.getProperty(CpuDescription.PROPERTY);
    try {
      System.setProperty(CpuDescription.PROPERTY, "AuthenticAMD:26:2");
      assertThat(CpuDescription.current().affected()).isTrue();
      System.clearProperty(CpuDescription.PROPERTY);
      // this machine: whatever it is, current() reads the same fields as parse() of its /proc/cpuinfo
      CpuDescription here = CpuDescription.current();
      if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/cpuinfo"))) {
        assertThat(here).isEqualTo(CpuDescription.parse(readProc()));
      }
    } finally {
      if (old == null) {
        System.clearProperty(CpuDescription.PROPERTY);
      } else {
        System.setProperty(CpuDescription.PROPERTY, old);
      }
    }
  }

  private static String readProc() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
