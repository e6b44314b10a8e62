package io.github.pneumo.data.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.augment.Sample;
import io.github.pneumo.image.GreyImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFileTest {
  @TempDir Path dir;

  static GreyImage smooth(int w, int h, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = (int) (128 + 90 * Math.sin(x / 37.0 + seed) * Math.cos(y / 23.0)) + r.nextInt(9) - 4;
        px[y * w + x] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    return new GreyImage(w, h, px);
  }

  static GreyImage disc(int w, int h, int cx, int cy, int r, int value) {
    byte[] px = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
          px[y * w + x] = (byte) value;
        }
      }
    }
    return new GreyImage(w, h, px);
  }

  @Test
  void roundTripsImageAndMaskExactly() throws Exception {
    GreyImage image = smooth(97, 61, 3);
    GreyImage mask = disc(97, 61, 40, 30, 12, 255);
    Path file = dir.resolve("a" + CacheFile.EXTENSION);
    CacheFile.write(file, image, mask);
    Sample s = CacheFile.read(file);
    assertThat(s.image()).isEqualTo(image);
    assertThat(s.mask()).isEqualTo(mask);
    // soft masks and test images (no mask)
    GreyImage soft = disc(97, 61, 10, 10, 5, 77);
    CacheFile.write(file, image, soft);
    assertThat(CacheFile.read(file).mask()).isEqualTo(soft);
    CacheFile.write(file, image, null);
    assertThat(CacheFile.read(file).mask()).isNull();
    assertThat(CacheFile.read(file).image()).isEqualTo(image);
    try (var s2 = Files.list(dir)) {
      assertThat(s2.map(p -> p.getFileName().toString())).containsExactly("a" + CacheFile.EXTENSION);
    }
  }

  @Test
  void a1024ImageWithMaskStaysWellBelowOneMebibyte() {
    byte[] bytes = CacheFile.encode(smooth(1024, 1024, 9), disc(1024, 1024, 500, 400, 150, 255));
    assertThat(bytes.length).isLessThan(1 << 20);
  }

  @Test
  void corruptOrTruncatedFilesAreTypedErrors() throws Exception {
    byte[] good = CacheFile.encode(smooth(40, 30, 1), disc(40, 30, 20, 15, 5, 255));
    byte[] flipped = good.clone();
    flipped[flipped.length - 3] ^= 0x5A;
    assertThatThrownBy(() -> CacheFile.decode(flipped, "x.ptc"))
        .isInstanceOf(CacheFormatException.class).hasMessageContaining("x.ptc");
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 10);
    assertThatThrownBy(() -> CacheFile.decode(truncated, "y.ptc"))
        .isInstanceOf(CacheFormatException.class).hasMessageContaining("y.ptc").hasMessageContaining("header");
    byte[] png = java.util.Arrays.copyOf(good, good.length);
    png[0] = (byte) 0x89;
    assertThatThrownBy(() -> CacheFile.decode(png, "z.ptc")).hasMessageContaining("magic");
    byte[] version = good.clone();
    version[8] = 9;
    assertThatThrownBy(() -> CacheFile.decode(version, "v.ptc")).hasMessageContaining("version 9");
    byte[] crc = good.clone();
    crc[32] ^= 1;
    assertThatThrownBy(() -> CacheFile.decode(crc, "c.ptc")).hasMessageContaining("checksum");
    assertThatThrownBy(() -> CacheFile.read(dir.resolve("missing.ptc")))
        .isInstanceOf(CacheFormatException.class).hasMessageContaining("missing.ptc");
  }
}
