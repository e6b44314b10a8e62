package io.github.pneumo.synth;

import com.google.common.collect.ImmutableList;
import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.RleFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Real pneumothorax shapes from a SIIM label file ({@code ImageId,EncodedPixels}, relative RLE in 1024²
 * chest coordinates, gzip or plain): every positive image becomes one case, keeping all its annotations.
 * Cases are resampled (nearest neighbour at pixel centres) to the output size; annotations that vanish
 * at a small size are dropped, and a case where all vanish is not drawn.
 */
final class LesionShapes {

  static final int SOURCE_SIZE = 1024;

  private final Path file;
  private final List<List<String>> cases;

  private LesionShapes(Path file, List<List<String>> cases) {
    this.file = file;
    this.cases = cases;
  }

  /**
   * Loads and validates a label file.
   *
   * @throws SyntheticDataException naming the file and line when it cannot be read or parsed
   */
  static LesionShapes load(Path file) {
    Map<String, List<String>> byImage = new LinkedHashMap<>();
    RleCodec codec = RleCodec.relative();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        if (comma < 0) {
          throw new SyntheticDataException(file + " line " + number + ": expected 'ImageId,EncodedPixels'");
        }
        String id = line.substring(0, comma).trim();
        String rle = line.substring(comma + 1).trim();
        if (number == 1 && id.equals("ImageId")) {
          continue;
        }
        if (rle.equals("-1") || rle.isEmpty()) {
          continue;
        }
        try {
          codec.decode(rle, SOURCE_SIZE, SOURCE_SIZE);
        } catch (RleFormatException e) {
          throw new SyntheticDataException(file + " line " + number + ": " + e.getMessage(), e);
        }
        byImage.computeIfAbsent(id, k -> new ArrayList<>()).add(rle);
      }
    } catch (IOException e) {
      throw new SyntheticDataException("cannot read shapes file " + file + ": " + e, e);
    }
    if (byImage.isEmpty()) {
      throw new SyntheticDataException("shapes file " + file + " has no pneumothorax annotation");
    }
    List<List<String>> cases = new ArrayList<>();
    byImage.values().forEach(v -> cases.add(ImmutableList.copyOf(v)));
    return new LesionShapes(file, ImmutableList.copyOf(cases));
  }

  private static InputStream open(Path file) throws IOException {
    PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 2);
    byte[] magic = new byte[2];
    int n = in.readNBytes(magic, 0, 2);
    in.unread(magic, 0, n);
    boolean gzip = n == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
    return gzip ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** The file the shapes came from. */
  Path file() {
    return file;
  }

  /** Number of positive cases. */
  int caseCount() {
    return cases.size();
  }

  /**
   * Draws a random case resampled to the output size.
   *
   * @return its annotations (at least one, none empty)
   */
  List<Mask> draw(SplittableRandom rng, int size) {
    for (int attempt = 0; ; attempt++) {
      List<String> rles = cases.get(rng.nextInt(cases.size()));
      List<Mask> out = new ArrayList<>();
      for (String rle : rles) {
        Mask m = resample(RleCodec.relative().decode(rle, SOURCE_SIZE, SOURCE_SIZE), size);
        if (!m.isEmpty()) {
          out.add(m);
        }
      }
      if (!out.isEmpty() || attempt > 1000) {
        if (out.isEmpty()) {
          throw new SyntheticDataException("no shape in " + file + " survives resampling to " + size + "²");
        }
        return out;
      }
    }
  }

  /** Nearest-neighbour resampling sampled at pixel centres. */
  static Mask resample(Mask m, int size) {
    if (m.width() == size && m.height() == size) {
      return m;
    }
    int[] src = new int[size];
    for (int i = 0; i < size; i++) {
      src[i] = (int) Math.floor((i + 0.5) * m.width() / size);
    }
    Mask.Builder b = Mask.builder(size, size);
    for (int x = 0; x < size; x++) {
      long column = (long) src[x] * m.height();
      for (int y = 0; y < size; y++) {
        if (m.getFlat(column + src[y])) {
          b.set(x, y);
        }
      }
    }
    return b.build();
  }
}
