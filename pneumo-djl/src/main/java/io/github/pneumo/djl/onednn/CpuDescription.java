package io.github.pneumo.djl.onednn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processor as oneDNN's defect depends on it: the CPUID vendor string, family and model (the
 * kernel's {@code /proc/cpuinfo} fields {@code vendor_id}, {@code cpu family}, {@code model}) and the
 * marketing name.
 *
 * <p>{@link #current()} reads the running machine, or the description the system property
 * {@value #PROPERTY} gives ({@code VENDOR:FAMILY:MODEL}, e.g. {@code AuthenticAMD:26:2}), so a test or a user
 * can check the behaviour of another CPU.
 *
 * @param vendor the CPUID vendor string ({@code AuthenticAMD}, {@code GenuineIntel}); empty when unknown
 * @param family the CPU family as the kernel prints it (base + extended family), -1 when unknown
 * @param model the CPU model as the kernel prints it, -1 when unknown
 * @param name the model name ({@code AMD EPYC}); empty when unknown
 */
public record CpuDescription(String vendor, int family, int model, String name) {
  /** The system property that replaces the machine's description: {@code VENDOR:FAMILY:MODEL}. */
  public static final String PROPERTY = "pneumo.onednn.cpu";
  /** The vendor string of AMD processors. */
  public static final String AMD = "AuthenticAMD";
  /**
   * The first AMD family with the defect: 26 (0x1A, Zen 5), measured on the developers' machine and the
   * issue author's (family 26 model 2). Family 25 (Zen 4) was measured fine; later families are presumed
   * affected until measured, because a crash costs more than a slower training.
   */
  public static final int FIRST_AFFECTED_AMD_FAMILY = 26;

  private static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");
  private static final Pattern SPEC = Pattern.compile("([A-Za-z]+):(\\d{1,4}):(\\d{1,4})");
  private static final CpuDescription UNKNOWN = new CpuDescription("", -1, -1, "");

  /**
   * Parses the text of {@code /proc/cpuinfo}: the fields of its first processor (all processors of a
   * machine share the vendor and family that matter here).
   *
   * @param cpuinfo the file's text; a text without the fields (another architecture) gives an unknown CPU
   * @return the description
   */
  public static CpuDescription parse(String cpuinfo) {
    String vendor = "";
    String name = "";
    int family = -1;
    int model = -1;
    for (String line : cpuinfo.split("\n", -1)) {
      if (line.isBlank()) {
        if (!vendor.isEmpty() || family >= 0) {
          break; // end of the first processor
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "vendor_id" -> vendor = value;
        case "cpu family" -> family = number(value);
        case "model" -> model = number(value);
        case "model name" -> name = value;
        default -> { }
      }
    }
    return new CpuDescription(vendor, family, model, name);
  }

  /**
   * Parses the compact form the system property {@value #PROPERTY} takes.
   *
   * @param spec {@code VENDOR:FAMILY:MODEL}, e.g. {@code AuthenticAMD:26:2}
   * @return the description (its name says it was given, not read)
   * @throws IllegalArgumentException when the text has another form
   */
  public static CpuDescription of(String spec) {
    Matcher m = SPEC.matcher(spec.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(PROPERTY + " is '" + spec
          + "': expected VENDOR:FAMILY:MODEL, e.g. AuthenticAMD:26:2");
    }
    return new CpuDescription(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        "given by " + PROPERTY);
  }

  /**
   * The CPU this JVM runs on: the system property {@value #PROPERTY} when set, else {@code /proc/cpuinfo}
   * (an unknown CPU where the file cannot be read, e.g. on macOS or Windows, where pneumo's libtorch does
   * not run anyway).
   *
   * @return the description
   */
  public static CpuDescription current() {
    String spec = System.getProperty(PROPERTY);
    if (spec != null && !spec.isBlank()) {
      return of(spec);
    }
    try {
      return parse(Files.readString(PROC_CPUINFO, StandardCharsets.UTF_8));
    } catch (IOException | SecurityException e) {
      return UNKNOWN;
    }
  }

  /**
   * Whether libtorch 2.7.1's oneDNN is known to fail on this CPU: an AMD processor of family
   * {@value #FIRST_AFFECTED_AMD_FAMILY} (Zen 5) or later.
   *
   * @return true on an affected CPU
   */
  public boolean affected() {
    return AMD.equals(vendor) && family >= FIRST_AFFECTED_AMD_FAMILY;
  }

  /** @return e.g. {@code AuthenticAMD family 26 model 2 (AMD EPYC)} */
  @Override
  public String toString() {
    String id = vendor.isEmpty() && family < 0 ? "unknown CPU"
        : String.format(Locale.ROOT, "%s family %d model %d", vendor.isEmpty() ? "unknown vendor" : vendor, family, model);
    return name.isEmpty() ? id : id + " (" + name + ")";
  }

  private static int number(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
