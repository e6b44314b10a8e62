package io.github.pneumo.benchmarks;

import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.image.GreyImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Reading a real SIIM-ACR DICOM (1024², 8-bit, JPEG Baseline, ~130 KB) into the model's 8-bit
 * {@link GreyImage}, on one thread, cycling through the 10 sample files (file reading included; the
 * files are in the page cache after warm-up). Target: ≥ 50 files/s.
 *
 * <p>The sample folder is {@code -Dpneumo.siim.dir=…}, by default the copy of
 * {@code ../shared/data/siim-sample} vendored in pneumo-testdata (a path relative to the working directory: the
 * repository root when run with {@code run.sh}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class DicomBenchmark {
  private List<Path> files;
  private List<byte[]> jpegs;
  private int next;

  /** Lists the sample files. */
  @Setup
  public void setUp() throws IOException {
    Path dir = Path.of(System.getProperty("pneumo.siim.dir", BenchmarkData.VENDORED_SAMPLE));
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no .dcm files in " + dir.toAbsolutePath());
    }
    jpegs = new ArrayList<>();
    for (Path f : files) {
      jpegs.add(jpegCodestream(Files.readAllBytes(f)));
    }
  }

  /** The bytes from the first JPEG SOI marker to the end (ImageIO stops at EOI). */
  private static byte[] jpegCodestream(byte[] file) {
    for (int i = 0; i + 2 < file.length; i++) {
      if ((file[i] & 0xFF) == 0xFF && (file[i + 1] & 0xFF) == 0xD8 && (file[i + 2] & 0xFF) == 0xFF) {
        return Arrays.copyOfRange(file, i, file.length);
      }
    }
    throw new IllegalStateException("no JPEG codestream");
  }

  /**
   * Baseline: only the JPEG codec (the JDK's ImageIO reader on the in-memory codestream), no file
   * reading, parsing or copying; the ratio to {@link #readSiimToGreyImage()} is pneumo's overhead.
   */
  @Benchmark
  public BufferedImage baselineImageIoJpegOnly() throws IOException {
    byte[] jpeg = jpegs.get(next);
    next = (next + 1) % jpegs.size();
    ImageReader reader = jdkJpegReader();
    try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in, true, true);
      return reader.read(0);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader jdkJpegReader() {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
    while (it.hasNext()) {
      ImageReader r = it.next();
      if (r.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReader")) {
        return r;
      }
    }
    throw new IllegalStateException("the JDK's JPEG reader is not registered");
  }

  /** One file to a grey image; throughput is files per second. */
  @Benchmark
  public GreyImage readSiimToGreyImage() {
    Path file = files.get(next);
    next = (next + 1) % files.size();
    return Dicom.readGreyImage(file);
  }
}
