package io.github.pneumo.djl.onednn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The cpuinfo texts under src/test/resources/io/github/pneumo/djl/onednn (provenance in their README). */
final class CpuInfoFixtures {
  static final String ZEN5 = "cpuinfo-amd-zen5.txt";
  static final String ZEN4 = "cpuinfo-amd-zen4.txt";
  static final String INTEL = "cpuinfo-intel-xeon.txt";
  static final String ARM64 = "cpuinfo-arm64.txt";

  private CpuInfoFixtures() {}

  static String text(String name) {
    try (InputStream in = Objects.requireNonNull(CpuInfoFixtures.class.getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CpuDescription cpu(String name) {
    return CpuDescription.parse(text(name));
  }
}
