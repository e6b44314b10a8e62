package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.dicom.SegmentationExport;
import io.github.pneumo.dicom.SegmentationWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code pneumo export-seg}: writes the DICOM Segmentation of one image's mask, given as RLE or as a
 * probability map with a triplet ({@link SegmentationExport}).
 */
public final class ExportSegCommand implements CliCommand {
  private final PrintStream out;

  /**
   * Creates the command.
   *
   * @param out where the written file is reported
   */
  public ExportSegCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "export-seg";
  }

  @Override
  public String summary() {
    return "write one image's mask as a DICOM Segmentation (SEG) over its source DICOM";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo export-seg --dicom FILE (--mask-rle RLE [--codec standard|relative]"
            + " | --map FILE --triplet t,a,b) --out FILE",
        "  --dicom FILE         the source radiograph (single frame)",
        "  --mask-rle RLE       the mask's runs at the source's size (-1 for none), quoted",
        "  --codec C            RLE format: standard (default, Kaggle's 1-based starts) or relative",
        "  --map FILE           a .pmap probability map (pneumo infer) at the source's size",
        "  --triplet t,a,b      binarises the map: top, min area, bottom (e.g. 0.75,1000,0.3)",
        "  --out FILE           the SEG to write (an empty mask gives a SEG with an empty frame)");
  }

  @Override
  public int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of());
    if (!args.positionals().isEmpty()) {
      throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
    }
    Path dicom = Path.of(args.required("dicom"));
    Path target = Path.of(args.required("out"));
    String rle = args.optional("mask-rle");
    String map = args.optional("map");
    String codec = args.optional("codec");
    String triplet = args.optional("triplet");
    args.finish();
    if ((rle == null) == (map == null)) {
      throw new UsageException("give exactly one of --mask-rle and --map");
    }
    SegmentationWriter writer = SegmentationWriter.builder().build();
    SegmentationExport.Result r;
    if (rle != null) {
      if (triplet != null) {
        throw new UsageException("--triplet goes with --map, not --mask-rle");
      }
      r = SegmentationExport.fromRle(writer, dicom, rle, codec(codec), target);
    } else {
      if (codec != null) {
        throw new UsageException("--codec goes with --mask-rle, not --map");
      }
      if (triplet == null) {
        throw new UsageException("--map needs --triplet t,a,b");
      }
      r = SegmentationExport.fromMap(writer, dicom, Path.of(map), triplet(triplet), target);
    }
    out.println("wrote " + target + ": binary SEG of " + dicom + ", " + r.mask().area() + " pixels in the mask");
    return 0;
  }

  private static RleCodec codec(@Nullable String name) {
    if (name == null) {
      return RleCodec.standard();
    }
    return switch (name) {
      case "standard" -> RleCodec.standard();
      case "relative" -> RleCodec.relative();
      default -> throw new UsageException("--codec must be standard or relative, got '" + name + "'");
    };
  }

  private static TripletThreshold triplet(String text) {
    try {
      return TripletThreshold.parse("(" + text + ")");
    } catch (PneumoException e) {
      throw new UsageException("--triplet must be t,a,b (e.g. 0.75,1000,0.3): " + e.getMessage());
    }
  }
}
