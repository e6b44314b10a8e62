package io.github.pneumo.djl.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.github.pneumo.PneumoException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OneDnnGuardTest {
  static final CpuDescription ZEN5 = CpuInfoFixtures.cpu(CpuInfoFixtures.ZEN5);
  static final CpuDescription ZEN4 = CpuInfoFixtures.cpu(CpuInfoFixtures.ZEN4);
  static final CpuDescription INTEL = CpuInfoFixtures.cpu(CpuInfoFixtures.INTEL);

  static final String REFUSAL_UNSET = "cannot train on this CPU, AuthenticAMD family 26 model 2 (AMD EPYC), with"
      + " ONEDNN_MAX_CPU_ISA unset: libtorch 2.7.1's oneDNN convolution backward gives NaN or kills the JVM"
      + " (SIGFPE/SIGSEGV) on AMD family 26+ (Zen 5) CPUs (pytorch/pytorch#177227). Export ONEDNN_MAX_CPU_ISA=AVX"
      + " before starting the JVM (./pneumo and ./mvnw do it for you), or set -Dpneumo.onednn.allowUnsafe=true to"
      + " train anyway; see docs/troubleshooting.md";

  static Map<String, String> env(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    m.put("PATH", "/usr/bin"); // unrelated variables are ignored
    return m;
  }

  @Test
  void refusesToTrainOnZen5WithoutTheSafeSetting() {
    OneDnnGuard g = OneDnnGuard.of(ZEN5, env(), false);
    assertThat(g.unsafe()).isTrue();
    assertThat(g.maxCpuIsa()).isEmpty();
    assertThatThrownBy(() -> g.checkTraining(Device.cpu()))
        .isInstanceOf(UnsafeOneDnnException.class).isInstanceOf(PneumoException.class)
        .hasMessage(REFUSAL_UNSET);
  }

  @Test
  void theMessageNamesAnUnsafeSettingTheUserChose() {
    for (String isa : new String[] {"AVX2", "AVX512_CORE", "AVX512_CORE_VNNI", "ALL", "avx2", "AVX "}) {
      OneDnnGuard g = OneDnnGuard.of(ZEN5, env("ONEDNN_MAX_CPU_ISA", isa), false);
      assertThat(g.unsafe()).as(isa).isTrue();
      assertThatThrownBy(() -> g.checkTraining(Device.cpu())).as(isa)
          .isInstanceOf(UnsafeOneDnnException.class)
          .hasMessageStartingWith("cannot train on this CPU, AuthenticAMD family 26 model 2 (AMD EPYC), with"
              + " ONEDNN_MAX_CPU_ISA=" + isa.toUpperCase(java.util.Locale.ROOT) + ": ");
    }
  }

  @Test
  void avxOrLowerPassesWhateverTheCaseOrName() {
    // oneDNN upper-cases the value, reads ONEDNN_ first then DNNL_, and ignores an empty value
    // (checked with ONEDNN_VERBOSE=1 on libtorch 2.7.1: "info,cpu,isa:Intel AVX" for each of these)
    for (Map<String, String> e : java.util.List.of(env("ONEDNN_MAX_CPU_ISA", "AVX"), env("ONEDNN_MAX_CPU_ISA", "avx"),
        env("ONEDNN_MAX_CPU_ISA", "SSE41"), env("DNNL_MAX_CPU_ISA", "AVX"),
        env("ONEDNN_MAX_CPU_ISA", "", "DNNL_MAX_CPU_ISA", "AVX"))) {
      OneDnnGuard g = OneDnnGuard.of(ZEN5, e, false);
      assertThat(g.unsafe()).as(e.toString()).isFalse();
      assertThatCode(() -> g.checkTraining(Device.cpu())).doesNotThrowAnyException();
      assertThat(g.nonFiniteLossAdvice()).isEqualTo("lower the learning rate?");
    }
    // ONEDNN_ wins over DNNL_
    assertThat(OneDnnGuard.of(ZEN5, env("ONEDNN_MAX_CPU_ISA", "AVX2", "DNNL_MAX_CPU_ISA", "AVX"), false).unsafe())
        .isTrue();
    assertThat(OneDnnGuard.of(ZEN5, env("ONEDNN_MAX_CPU_ISA", "AVX", "DNNL_MAX_CPU_ISA", "AVX2"), false).unsafe())
        .isFalse();
  }

  @Test
  void intelAndZen4TrainWithAnySetting() {
    for (CpuDescription cpu : new CpuDescription[] {INTEL, ZEN4}) {
      for (Map<String, String> e : java.util.List.of(env(), env("ONEDNN_MAX_CPU_ISA", "AVX2"))) {
        OneDnnGuard g = OneDnnGuard.of(cpu, e, false);
        assertThat(g.unsafe()).isFalse();
        assertThatCode(() -> g.checkTraining(Device.cpu())).doesNotThrowAnyException();
        assertThat(g.nonFiniteLossAdvice()).isEqualTo("lower the learning rate?");
      }
    }
  }

  @Test
  void thePropertyLetsAnInformedUserProceedAndTheNanAdviceStillNamesTheCause() {
    OneDnnGuard g = OneDnnGuard.of(ZEN5, env("ONEDNN_MAX_CPU_ISA", "AVX2"), true);
    assertThat(g.unsafe()).isTrue();
    assertThatCode(() -> g.checkTraining(Device.cpu())).doesNotThrowAnyException();
    assertThat(g.nonFiniteLossAdvice()).isEqualTo("libtorch's oneDNN gives NaN on this CPU, AuthenticAMD family 26"
        + " model 2 (AMD EPYC), with ONEDNN_MAX_CPU_ISA=AVX2 (pytorch/pytorch#177227): export ONEDNN_MAX_CPU_ISA=AVX"
        + " before starting the JVM; see docs/troubleshooting.md");
  }

  @Test
  void aGpuDeviceIsNeverRefused() {
    OneDnnGuard g = OneDnnGuard.of(ZEN5, env(), false);
    assertThatCode(() -> g.checkTraining(Device.gpu(0))).doesNotThrowAnyException();
    assertThatThrownBy(() -> g.checkTraining(Device.cpu())).isInstanceOf(UnsafeOneDnnException.class);
  }

  @Test
  void currentReadsTheCpuThePropertyAndThisJvmsEnvironment() {
    Map<String, String> saved = new HashMap<>();
    for (String p : new String[] {CpuDescription.PROPERTY, OneDnnGuard.ALLOW_UNSAFE_PROPERTY}) {
      saved.put(p, System.getProperty(p));
    }
    try {
      System.setProperty(CpuDescription.PROPERTY, "AuthenticAMD:26:2");
      OneDnnGuard expected = OneDnnGuard.of(CpuDescription.of("AuthenticAMD:26:2"), System.getenv(), false);
      OneDnnGuard g = OneDnnGuard.current();
      assertThat(g.cpu()).isEqualTo(expected.cpu());
      assertThat(g.maxCpuIsa()).isEqualTo(expected.maxCpuIsa());
      assertThat(g.unsafe()).isEqualTo(expected.unsafe());
      if (g.unsafe()) { // this JVM was started without the safe setting
        assertThatThrownBy(() -> g.checkTraining(Device.cpu())).isInstanceOf(UnsafeOneDnnException.class);
        System.setProperty(OneDnnGuard.ALLOW_UNSAFE_PROPERTY, "true");
        assertThatCode(() -> OneDnnGuard.current().checkTraining(Device.cpu())).doesNotThrowAnyException();
      }
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }
}
