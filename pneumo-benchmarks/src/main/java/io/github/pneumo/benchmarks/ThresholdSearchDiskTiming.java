package io.github.pneumo.benchmarks;

import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.maps.QuantizedMap;
import io.github.pneumo.threshold.SearchResult;
import io.github.pneumo.threshold.ThresholdGrid;
import io.github.pneumo.threshold.ThresholdSearch;
import io.github.pneumo.threshold.ValidationSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Scripted timing of the target: the default 3,630-triplet grid over N stored 1024² maps read
 * lazily from a {@link MapStore} (decompression included), truth masks from a label CSV, as {@code pneumo
 * search} does. Usage: {@code ThresholdSearchDiskTiming DIR N THREADS}; the maps are generated into DIR
 * on the first run. Prints one line per repetition.
 */
public final class ThresholdSearchDiskTiming {
  private ThresholdSearchDiskTiming() {}

  /**
   * Runs the timing.
   *
   * @param args folder, map count, threads
   * @throws Exception on I/O failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    MapStore store = MapStore.open(dir.resolve("maps"));
    Path labelsFile = dir.resolve("labels.csv");
    if (store.ids().size() != n || !Files.exists(labelsFile)) {
      long t0 = System.nanoTime();
      SiimLabels.Builder labels = SiimLabels.builder(RleCodec.standard(), 1024, 1024);
      for (int i = 0; i < n; i++) {
        ValidationSample s = SyntheticMaps.sample(i, 1024);
        store.write(s.id(), QuantizedMap.quantize(s.probabilities()));
        labels.add(s.id(), s.truth());
      }
      labels.build().write(labelsFile);
      System.out.printf(Locale.ROOT, "generated %d maps in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }
    List<String> ids = store.ids();
    SiimLabels labels = SiimLabels.read(labelsFile, RleCodec.standard());
    ThresholdGrid grid = ThresholdGrid.defaultGrid();
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      SearchResult r = ThresholdSearch.of(grid, threads).search(ids.size(),
          i -> ValidationSample.of(ids.get(i), store.read(ids.get(i)), labels.mask(ids.get(i))));
      System.out.printf(Locale.ROOT, "search %d triplets x %d maps, %d threads: %.2f s (best %s %.6f)%n",
          grid.size(), ids.size(), threads, (System.nanoTime() - t0) / 1e9, r.best(), r.bestScore());
    }
  }
}
