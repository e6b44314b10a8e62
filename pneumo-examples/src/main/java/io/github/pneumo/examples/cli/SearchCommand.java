package io.github.pneumo.examples.cli;

import io.github.pneumo.RleCodec;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.maps.QuantizedMap;
import io.github.pneumo.report.HtmlReport;
import io.github.pneumo.report.Png;
import io.github.pneumo.report.ThresholdHeatmap;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.threshold.SearchResult;
import io.github.pneumo.threshold.ThresholdGrid;
import io.github.pneumo.threshold.ThresholdSearch;
import io.github.pneumo.threshold.ValidationSample;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import io.github.pneumo.PneumoException;

/**
 * {@code pneumo search}: exact grid search of triplet thresholds on a folder of validation maps against
 * their labels.
 */
public final class SearchCommand implements CliCommand {
  private final PrintStream out;

  /** Creates the command printing to standard output. */
  public SearchCommand() {
    this(System.out);
  }

  /**
   * Creates the command.
   *
   * @param out where results are printed
   */
  public SearchCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "search";
  }

  @Override
  public String summary() {
    return "find the best (top, area, bottom) triplet on validation maps, exactly";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo search --maps DIR --labels CSV [options]",
        "  --maps DIR        folder of probability maps (<id>.pmap, as written by pneumo infer)",
        "  --labels CSV      true labels, ImageId,EncodedPixels (several rows per id are united; .gz ok)",
        "  --codec NAME      RLE format of the labels: relative (stage 1, default) or standard",
        "  --tops LIST       top thresholds, 'a,b,c' or 'start:stop:step' (default 0.5:1.0:0.05)",
        "  --areas LIST      minimum areas (default 0:7250:250)",
        "  --bottoms LIST    bottom thresholds (default 0.1:0.6:0.05)",
        "  --threads N       worker threads (default: all processors)",
        "  --show N          print the N best triplets (default 10)",
        "  --out DIR         also write search.csv, threshold-heatmap.png and report.html there");
  }

  @Override
  public int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of());
    Path mapsDir = Path.of(args.required("maps"));
    Path labelsFile = Path.of(args.required("labels"));
    RleCodec codec = codec(args.string("codec", "relative"));
    ThresholdGrid def = ThresholdGrid.defaultGrid();
    ThresholdGrid grid;
    try {
      grid = new ThresholdGrid(
          args.optional("tops") == null ? def.tops() : ThresholdGrid.parseDoubles(args.required("tops")),
          args.optional("areas") == null ? def.areas() : ThresholdGrid.parseInts(args.required("areas")),
          args.optional("bottoms") == null ? def.bottoms() : ThresholdGrid.parseDoubles(args.required("bottoms")));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    int threads = args.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
    int show = args.integer("show", 10, 0, 100_000);
    Path outDir = args.path("out");
    args.finish();

    MapStore store = MapStore.existing(mapsDir);
    List<String> ids = store.ids();
    if (ids.isEmpty()) {
      throw new PneumoException("no maps (*" + MapStore.SUFFIX + ") in " + mapsDir);
    }
    QuantizedMap first = store.read(ids.get(0));
    SiimLabels labels = SiimLabels.read(labelsFile, codec, first.width(), first.height());
    List<String> unlabelled = new ArrayList<>();
    for (String id : ids) {
      if (!labels.contains(id)) {
        unlabelled.add(id);
      }
    }
    if (!unlabelled.isEmpty()) {
      throw new PneumoException(unlabelled.size() + " map(s) in " + mapsDir + " have no label in " + labelsFile
          + ": " + String.join(", ", unlabelled.subList(0, Math.min(10, unlabelled.size()))));
    }
    long start = System.nanoTime();
    SearchResult result = ThresholdSearch.of(grid, threads).search(ids.size(), i -> {
      String id = ids.get(i);
      QuantizedMap map = store.read(id);
      if (map.width() != first.width() || map.height() != first.height()) {
        throw new PneumoException(store.file(id) + " is " + map.width() + "x" + map.height() + ", other maps are "
            + first.width() + "x" + first.height());
      }
      return ValidationSample.of(id, map, labels.mask(id));
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "searched %d triplets over %d images in %.2f s%n", grid.size(), ids.size(), seconds);
    out.printf(Locale.ROOT, "best %s  mean Dice %.6f%n", result.best(), result.bestScore());
    for (SearchResult.Scored s : result.top(show)) {
      out.printf(Locale.ROOT, "  %-22s %.6f%n", s.triplet(), s.meanDice());
    }
    if (outDir != null) {
      writeOutputs(result, outDir);
      out.println("wrote " + outDir.resolve("report.html"));
    }
    return 0;
  }

  static RleCodec codec(String name) {
    try {
      return RleCodec.byName(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static void writeOutputs(SearchResult result, Path dir) {
    StringBuilder csv = new StringBuilder("top,area,bottom,mean_dice\n");
    double[] scores = result.scores();
    for (int i = 0; i < scores.length; i++) {
      var t = result.grid().triplet(i);
      csv.append(t.top()).append(',').append(t.minArea()).append(',').append(t.bottom()).append(',')
          .append(String.format(Locale.ROOT, "%.8f", scores[i])).append('\n');
    }
    AtomicFiles.writeString(dir.resolve("search.csv"), csv.toString());
    var heatmap = ThresholdHeatmap.render(result, 1200, 620);
    Png.write(heatmap, dir.resolve("threshold-heatmap.png"));
    HtmlReport.Builder report = HtmlReport.builder("Threshold search")
        .score("images", String.valueOf(result.imageCount()))
        .score("triplets", String.valueOf(result.grid().size()))
        .score("best triplet (top, area, bottom)", result.best().toString())
        .score("mean Dice of the best triplet", String.format(Locale.ROOT, "%.6f", result.bestScore()));
    for (var t : io.github.pneumo.TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS) {
      if (result.grid().indexOf(t) >= 0) {
        report.score("original triplet " + t, String.format(Locale.ROOT, "%.6f", result.score(t)));
      }
    }
    report.figure("Mean Dice by top and minimum area", heatmap,
        "At the best triplet's bottom; the outlined cell is the best of the slice.").build()
        .write(dir.resolve("report.html"));
  }
}
