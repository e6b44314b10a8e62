package io.github.pneumo.threshold;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.maps.QuantizedMap;

/**
 * The counts one image contributes to the search, for a sorted list of distinct thresholds T: how many
 * pixels exceed each T[k], how many true pixels exceed each T[k], and the true area. Any triplet whose
 * top and bottom are among T is then scored in O(1).
 */
final class ImageHistogram {
  final int[] above;
  final int[] truthAbove;
  final int truthArea;

  private ImageHistogram(int[] above, int[] truthAbove, int truthArea) {
    this.above = above;
    this.truthAbove = truthAbove;
    this.truthArea = truthArea;
  }

  /** Counts for one sample. */
  static ImageHistogram of(ValidationSample sample, float[] thresholds) {
    QuantizedMap q = sample.quantized();
    if (q != null) {
      return ofLevels(q, sample.truth(), thresholds);
    }
    return ofFloats(sample.floatMap(), sample.truth(), thresholds);
  }

  /** Bin of p = number of thresholds strictly below p, so p &gt; T[k] ⇔ bin &gt; k. */
  private static int bin(float p, float[] t) {
    if (!(p > t[0])) {
      return 0;
    }
    int lo = 1;
    int hi = t.length;
    while (lo < hi) { // smallest i in [1, n] with !(p > t[i]) (i = n when p exceeds all)
      int mid = (lo + hi) >>> 1;
      if (p > t[mid]) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static ImageHistogram ofFloats(ProbabilityMap map, Mask truth, float[] t) {
    int bins = t.length + 1;
    int[] all = new int[bins];
    int[] pos = new int[bins];
    float[] v = map.values();
    float first = t[0];
    for (float p : v) {
      if (p > first) {
        all[bin(p, t)]++;
      } else {
        all[0]++;
      }
    }
    int w = map.width();
    int h = map.height();
    truth.forEachRun((start, length) -> {
      int x = (int) (start / h);
      int y = (int) (start % h);
      for (long i = 0; i < length; i++) {
        pos[bin(v[y * w + x], t)]++;
        if (++y == h) {
          y = 0;
          x++;
        }
      }
    });
    return cumulative(all, pos, truth.area());
  }

  private static ImageHistogram ofLevels(QuantizedMap map, Mask truth, float[] t) {
    int[] lut = new int[256];
    for (int q = 0; q < 256; q++) {
      lut[q] = bin(QuantizedMap.dequantize(q), t);
    }
    int[] levelCounts = new int[256];
    byte[] v = map.levels();
    for (byte b : v) {
      levelCounts[b & 0xFF]++;
    }
    int bins = t.length + 1;
    int[] all = new int[bins];
    for (int q = 0; q < 256; q++) {
      all[lut[q]] += levelCounts[q];
    }
    int[] pos = new int[bins];
    int w = map.width();
    int h = map.height();
    truth.forEachRun((start, length) -> {
      int x = (int) (start / h);
      int y = (int) (start % h);
      for (long i = 0; i < length; i++) {
        pos[lut[v[y * w + x] & 0xFF]]++;
        if (++y == h) {
          y = 0;
          x++;
        }
      }
    });
    return cumulative(all, pos, truth.area());
  }

  /** Turns bin counts into "strictly above T[k]" counts: above[k] = Σ_{b &gt; k} count[b]. */
  private static ImageHistogram cumulative(int[] all, int[] pos, int truthArea) {
    int n = all.length - 1;
    int[] above = new int[n];
    int[] truthAbove = new int[n];
    int a = 0;
    int p = 0;
    for (int k = n - 1; k >= 0; k--) {
      a += all[k + 1];
      p += pos[k + 1];
      above[k] = a;
      truthAbove[k] = p;
    }
    return new ImageHistogram(above, truthAbove, truthArea);
  }
}
