package io.github.pneumo.djl.onednn;

import ai.djl.Device;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before libtorch's first convolution, whether training on the CPU is safe from the oneDNN defect
 * of pytorch/pytorch#177227 (AMD family 26+, Zen 5: NaN in convolution backward, or SIGFPE/SIGSEGV that
 * kills the JVM).
 *
 * <p>Safe means: the CPU is not affected ({@link CpuDescription#affected()}), or oneDNN's instruction set is
 * limited to AVX or lower by {@value #ISA_VARIABLE} (or its older name {@value #LEGACY_ISA_VARIABLE}) in
 * the JVM's environment. oneDNN reads that variable once, when libtorch starts, so it must be exported
 * before the JVM starts; {@code ./pneumo} and {@code ./mvnw} do it on affected CPUs through
 * {@code .mvn/onednn.sh}. Measured on the affected CPU (docs/troubleshooting.md): {@code AVX} passes
 * everything; {@code AVX2}, {@code AVX512_CORE} and the default still fail.
 *
 * <p>The system property {@value #ALLOW_UNSAFE_PROPERTY}{@code =true} lets an informed user train anyway
 * (a warning is logged once).
 */
public final class OneDnnGuard {
  /** The environment variable that caps the instruction set oneDNN uses. */
  public static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
  /** Its older name, read by oneDNN when {@value #ISA_VARIABLE} is unset or empty. */
  public static final String LEGACY_ISA_VARIABLE = "DNNL_MAX_CPU_ISA";
  /** The setting measured safe on the affected CPU. */
  public static final String SAFE_SETTING = ISA_VARIABLE + "=AVX";
  /** The system property ({@code true}) that trains on an affected CPU without the safe setting. */
  public static final String ALLOW_UNSAFE_PROPERTY = "pneumo.onednn.allowUnsafe";
  /** The upstream issue. */
  public static final String UPSTREAM_ISSUE = "pytorch/pytorch#177227";
  /** The advice the trainer gives for a non-finite loss when the CPU is not the cause. */
  public static final String LEARNING_RATE_ADVICE = "lower the learning rate?";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnnGuard.class);
  /** The ISA limits that avoid the failing AVX2/AVX-512 kernels (oneDNN upper-cases the value). */
  private static final Set<String> SAFE_ISAS = Set.of("AVX", "SSE41");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final CpuDescription cpu;
  private final Optional<String> maxCpuIsa;
  private final boolean allowUnsafe;

  private OneDnnGuard(CpuDescription cpu, Optional<String> maxCpuIsa, boolean allowUnsafe) {
    this.cpu = cpu;
    this.maxCpuIsa = maxCpuIsa;
    this.allowUnsafe = allowUnsafe;
  }

  /**
   * A guard for a given CPU and environment (tests, or checking another machine's settings).
   *
   * @param cpu the CPU
   * @param environment the environment variables the JVM was started with
   * @param allowUnsafe train anyway on an affected CPU without the safe setting
   * @return the guard
   */
  public static OneDnnGuard of(CpuDescription cpu, Map<String, String> environment, boolean allowUnsafe) {
    return new OneDnnGuard(cpu, effectiveIsa(environment), allowUnsafe);
  }

  /**
   * The guard of this JVM: {@link CpuDescription#current()}, {@link System#getenv()} and the system property
   * {@value #ALLOW_UNSAFE_PROPERTY}.
   *
   * @return the guard
   */
  public static OneDnnGuard current() {
    return of(CpuDescription.current(), System.getenv(), Boolean.getBoolean(ALLOW_UNSAFE_PROPERTY));
  }

  /** @return the CPU this guard judges */
  public CpuDescription cpu() {
    return cpu;
  }

  /** @return the instruction-set cap oneDNN will apply (upper case), empty when none is set */
  public Optional<String> maxCpuIsa() {
    return maxCpuIsa;
  }

  /** @return whether training on the CPU may give NaN or crash: an affected CPU without the safe setting */
  public boolean unsafe() {
    return cpu.affected() && !maxCpuIsa.map(SAFE_ISAS::contains).orElse(false);
  }

  /**
   * Checks that training on {@code device} is safe; call it before the model's first convolution. A GPU
   * device always passes (oneDNN is not used there).
   *
   * @param device the device the training runs on
   * @throws UnsafeOneDnnException on an affected CPU without the safe setting, unless allowed
   */
  public void checkTraining(Device device) {
    if (!Device.Type.CPU.equals(device.getDeviceType()) || !unsafe()) {
      return;
    }
    if (!allowUnsafe) {
      throw new UnsafeOneDnnException("cannot train on this CPU, " + cpu + ", with " + setting()
          + ": libtorch 2.7.1's oneDNN convolution backward gives NaN or kills the JVM (SIGFPE/SIGSEGV) on AMD"
          + " family " + CpuDescription.FIRST_AFFECTED_AMD_FAMILY + "+ (Zen 5) CPUs (" + UPSTREAM_ISSUE + ")."
          + " Export " + SAFE_SETTING + " before starting the JVM (./pneumo and ./mvnw do it for you), or set -D"
          + ALLOW_UNSAFE_PROPERTY + "=true to train anyway; see docs/troubleshooting.md");
    }
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("training on {} with {} because {}=true: expect NaN or a JVM crash ({}); {} is the safe setting",
          cpu, setting(), ALLOW_UNSAFE_PROPERTY, UPSTREAM_ISSUE, SAFE_SETTING);
    }
  }

  /**
   * What to suggest when the training loss is not finite: the oneDNN defect on an affected CPU without the
   * safe setting, otherwise {@value #LEARNING_RATE_ADVICE}.
   *
   * @return the advice, one clause without a final period
   */
  public String nonFiniteLossAdvice() {
    if (!unsafe()) {
      return LEARNING_RATE_ADVICE;
    }
    return "libtorch's oneDNN gives NaN on this CPU, " + cpu + ", with " + setting() + " (" + UPSTREAM_ISSUE
        + "): export " + SAFE_SETTING + " before starting the JVM; see docs/troubleshooting.md";
  }

  @Override
  public String toString() {
    return cpu + ", " + setting() + (unsafe() ? ": unsafe" : ": safe");
  }

  private String setting() {
    return maxCpuIsa.map(v -> ISA_VARIABLE + "=" + v).orElse(ISA_VARIABLE + " unset");
  }

  /** As oneDNN reads it: the first non-empty of the two names, upper-cased. */
  private static Optional<String> effectiveIsa(Map<String, String> environment) {
    for (String name : new String[] {ISA_VARIABLE, LEGACY_ISA_VARIABLE}) {
      String v = environment.get(name);
      if (v != null && !v.isEmpty()) {
        return Optional.of(v.toUpperCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }
}
