package io.github.pneumo.benchmarks;

import io.github.pneumo.augment.Sample;
import io.github.pneumo.data.cache.CacheFile;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.image.GreyImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Loading one 1024² training sample from disk (page cache warm), cycling through the 10 real SIIM
 * sample radiographs, each stored with a 150-pixel-radius lesion mask. Baseline: reading the raw 8-bit
 * image bytes (no mask, no decoding). Candidates: the {@code .ptc} cache file (image + mask) and a PNG of
 * the image alone through ImageIO. The setup prints the file sizes.
 *
 * <p>The sample folder is {@code -Dpneumo.siim.dir=…}, by default the copy of
 * {@code ../shared/data/siim-sample} vendored in pneumo-testdata.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class TrainingCacheBenchmark {
  private final List<Path> raw = new ArrayList<>();
  private final List<Path> ptc = new ArrayList<>();
  private final List<Path> png = new ArrayList<>();
  private Path dir;
  private int next;

  /** Decodes the sample DICOMs and writes them in the three formats to a temporary folder. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path samples = Path.of(System.getProperty("pneumo.siim.dir", BenchmarkData.VENDORED_SAMPLE));
    List<Path> files;
    try (Stream<Path> s = Files.list(samples)) {
      files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
    }
    dir = Files.createTempDirectory("pneumo-cache-bench");
    long ptcBytes = 0;
    long pngBytes = 0;
    for (int i = 0; i < files.size(); i++) {
      GreyImage image = Dicom.readGreyImage(files.get(i));
      int w = image.width();
      int h = image.height();
      byte[] m = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int dx = x - w * 2 / 5;
          int dy = y - h / 2;
          m[y * w + x] = (byte) (dx * dx + dy * dy < 150 * 150 ? 255 : 0);
        }
      }
      Path r = dir.resolve(i + ".raw");
      Files.write(r, image.pixels());
      raw.add(r);
      Path c = dir.resolve(i + CacheFile.EXTENSION);
      CacheFile.write(c, image, new GreyImage(w, h, m));
      ptc.add(c);
      ptcBytes += Files.size(c);
      BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      bi.getRaster().setDataElements(0, 0, w, h, image.pixels());
      Path p = dir.resolve(i + ".png");
      ImageIO.write(bi, "png", p.toFile());
      png.add(p);
      pngBytes += Files.size(p);
    }
    System.out.printf("%n%d images: .ptc (image + mask) %.0f KiB mean; PNG (image only) %.0f KiB mean%n",
        files.size(), ptcBytes / 1024.0 / files.size(), pngBytes / 1024.0 / files.size());
  }

  /** Deletes the temporary files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    for (List<Path> l : List.of(raw, ptc, png)) {
      for (Path p : l) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  private int advance() {
    int i = next;
    next = (next + 1) % raw.size();
    return i;
  }

  /** @return the raw image (baseline) */
  @Benchmark
  public GreyImage baselineRawImage() throws IOException {
    return new GreyImage(1024, 1024, Files.readAllBytes(raw.get(advance())));
  }

  /** @return image and mask from the cache file */
  @Benchmark
  public Sample cacheFile() {
    return CacheFile.read(ptc.get(advance()));
  }

  /** @return the image from a PNG */
  @Benchmark
  public BufferedImage pngImageOnly() throws IOException {
    return ImageIO.read(png.get(advance()).toFile());
  }
}
