package io.github.pneumo.djl.experiment;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Device names of the configs and the CLI: {@code cpu}, {@code gpu}, {@code gpuN}, {@code cuda}, {@code cuda:N}. */
public final class Devices {
  private static final Pattern GPU = Pattern.compile("(?:gpu|cuda:?)(\\d*)");

  private Devices() {}

  /**
   * Parses a device name (case-insensitive).
   *
   * @param name the name
   * @return the device
   * @throws ConfigException for another name
   */
  public static Device parse(String name) {
    String s = name.trim().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) {
      return Device.cpu();
    }
    Matcher m = GPU.matcher(s);
    if (m.matches()) {
      return Device.gpu(m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1)));
    }
    throw new ConfigException("'" + name + "' is not a device (cpu, gpu, gpuN, cuda, cuda:N)");
  }
}
