package io.github.pneumo.synth;

import io.github.pneumo.dicom.DicomUids;
import io.github.pneumo.dicom.DicomWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Scripted timing of the generator (not a unit test): {@code SynthTiming SIZE N [SHAPES]}. Prints the
 * CPU time per image of rendering alone, of JPEG/DICOM encoding alone, and the wall-clock throughput of
 * {@link SyntheticDataset#write} with 1 and 2 threads. CPU times are per thread, so they hold on a
 * loaded machine; wall-clock rates do not.
 */
final class SynthTiming {

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    int size = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    Path shapes = args.length > 2 ? Path.of(args[2]) : null;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ChestRadiographGenerator gen = ChestRadiographGenerator.builder().size(size).shapes(shapes).build();
    for (int i = 0; i < 20; i++) { // warm-up
      gen.generate(99, 0, i, i % 4 == 0);
    }
    long cpu = mx.getCurrentThreadCpuTime();
    SyntheticRadiograph last = null;
    for (int i = 0; i < n; i++) {
      last = gen.generate(1, 0, i, i % 9 < 2);
    }
    double renderMs = (mx.getCurrentThreadCpuTime() - cpu) / 1e6 / n;
    DicomWriter writer = DicomWriter.builder().sopInstanceUid(DicomUids.derive(1, "a"))
        .studyInstanceUid(DicomUids.derive(1, "b")).seriesInstanceUid(DicomUids.derive(1, "c")).build();
    for (int i = 0; i < 10; i++) {
      writer.encode(last.image());
    }
    cpu = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      writer.encode(last.image());
    }
    double encodeMs = (mx.getCurrentThreadCpuTime() - cpu) / 1e6 / n;
    System.out.printf(Locale.ROOT, "size %d: render %.1f ms CPU/image, DICOM encode %.1f ms CPU/image"
        + " -> %.1f images/s per core, %.1f on 2 idle cores%n",
        size, renderMs, encodeMs, 1000 / (renderMs + encodeMs), 2000 / (renderMs + encodeMs));
    for (int threads : new int[] {1, 2}) {
      Path out = Files.createTempDirectory("synth-timing");
      long t0 = System.nanoTime();
      long p0 = processCpu();
      SyntheticDataset.builder().train(n).test(0).size(size).seed(3).shapes(shapes).threads(threads).build()
          .write(out);
      double s = (System.nanoTime() - t0) / 1e9;
      double cpuMs = (processCpu() - p0) / 1e6 / n;
      System.out.printf(Locale.ROOT, "write %d images, %d thread(s): %.1f s wall, %.1f images/s; process CPU"
          + " %.1f ms/image -> %.1f images/s on 2 idle cores%n", n, threads, s, n / s, cpuMs, 2000 / cpuMs);
    }
    System.out.printf(Locale.ROOT, "load average: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
