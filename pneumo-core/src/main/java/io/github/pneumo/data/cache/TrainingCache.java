package io.github.pneumo.data.cache;

import com.google.common.collect.ImmutableList;
import io.github.pneumo.augment.Sample;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * A prepared training cache: {@code cache.properties} (format, version, size) plus {@code train/<id>.ptc}
 * (image and union mask) and {@code test/<id>.ptc} (image only), each a {@link CacheFile}. Opening lists
 * the folders once; reads are thread-safe and independent, so loader threads can share one instance.
 */
public final class TrainingCache {
  /** Name of the manifest file. */
  public static final String MANIFEST = "cache.properties";
  /** Sub-folder of the training images. */
  public static final String TRAIN = "train";
  /** Sub-folder of the test images. */
  public static final String TEST = "test";
  static final String FORMAT = "pneumo-training-cache";
  /** Manifest key: what the train masks were made from (label file hash, codec). */
  static final String LABELS_KEY = "labels";

  private final Path dir;
  private final int size;
  private final List<String> ids;
  private final List<String> testIds;

  private TrainingCache(Path dir, int size, List<String> ids, List<String> testIds) {
    this.dir = dir;
    this.size = size;
    this.ids = ids;
    this.testIds = testIds;
  }

  /**
   * Opens a cache folder written by {@code pneumo prepare} ({@link CachePreparer}).
   *
   * @param dir the cache folder
   * @return the cache
   * @throws CacheFormatException when the folder or its manifest is missing or of another format
   */
  public static TrainingCache open(Path dir) {
    int size = readManifest(dir).size();
    return new TrainingCache(dir, size, list(dir.resolve(TRAIN)), list(dir.resolve(TEST)));
  }

  /** The manifest's contents; {@code labels} is what the train masks were made from, when recorded. */
  record Manifest(int version, int size, @Nullable String labels) {}

  static Manifest readManifest(Path dir) {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new CacheFormatException("not a training cache (no " + MANIFEST + "): " + dir);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new CacheFormatException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(p.getProperty("format"))) {
      throw new CacheFormatException(file + ": key 'format' must be '" + FORMAT + "', got '" + p.getProperty("format") + "'");
    }
    int version = intKey(p, "version", file);
    if (version != CacheFile.VERSION) {
      throw new CacheFormatException(file + ": cache version " + version + ", this pneumo reads " + CacheFile.VERSION);
    }
    int size = intKey(p, "size", file);
    if (size <= 0) {
      throw new CacheFormatException(file + ": key 'size' must be positive, got " + size);
    }
    String labels = p.getProperty(LABELS_KEY);
    return new Manifest(version, size, labels == null || labels.isBlank() ? null : labels);
  }

  static void writeManifest(Path dir, int size, @Nullable String labels) {
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("version", Integer.toString(CacheFile.VERSION));
    p.setProperty("size", Integer.toString(size));
    if (labels != null) {
      p.setProperty(LABELS_KEY, labels);
    }
    Writer w = new StringWriter();
    try {
      p.store(w, "pneumo training cache");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    AtomicFiles.writeString(dir.resolve(MANIFEST), w.toString());
  }

  private static int intKey(Properties p, String key, Path file) {
    String v = p.getProperty(key);
    try {
      return Integer.parseInt(v == null ? "" : v.trim());
    } catch (NumberFormatException e) {
      throw new CacheFormatException(file + ": key '" + key + "' must be an integer, got '" + v + "'", e);
    }
  }

  static List<String> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + CacheFile.EXTENSION)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".")) {
          out.add(name.substring(0, name.length() - CacheFile.EXTENSION.length()));
        }
      }
    } catch (IOException e) {
      throw new CacheFormatException("cannot list " + dir + ": " + e, e);
    }
    out.sort(null);
    return ImmutableList.copyOf(out);
  }

  /** @return the cache folder */
  public Path directory() {
    return dir;
  }

  /** @return the side length of every image and mask */
  public int size() {
    return size;
  }

  /** @return the training image IDs (with masks), sorted */
  public List<String> ids() {
    return ids;
  }

  /** @return the test image IDs (no masks), sorted */
  public List<String> testIds() {
    return testIds;
  }

  /**
   * Image and mask of a training ID, or image alone of a test ID, in one read.
   *
   * @param id an image ID
   * @return the sample
   * @throws CacheFormatException when the ID is not in the cache or its file is corrupt
   */
  public Sample sample(String id) {
    Path train = dir.resolve(TRAIN).resolve(id + CacheFile.EXTENSION);
    Path file = Files.exists(train) ? train : dir.resolve(TEST).resolve(id + CacheFile.EXTENSION);
    if (!Files.exists(file)) {
      throw new CacheFormatException("image '" + id + "' is not in the training cache " + dir);
    }
    Sample s = CacheFile.read(file);
    if (s.image().width() != size || s.image().height() != size) {
      throw new CacheFormatException(file + ": image is " + s.image().width() + "x" + s.image().height()
          + " but the cache size is " + size);
    }
    return s;
  }

  /**
   * The image of an ID.
   *
   * @param id a training or test image ID
   * @return the size×size image
   */
  public GreyImage image(String id) {
    return sample(id).image();
  }

  /**
   * The 8-bit mask (0/255, soft at sizes other than the source size) of a training ID.
   *
   * @param id a training image ID
   * @return the size×size mask
   * @throws CacheFormatException when the ID has no mask (a test image) or is absent
   */
  public GreyImage mask(String id) {
    GreyImage m = sample(id).mask();
    if (m == null) {
      throw new CacheFormatException("image '" + id + "' is a test image without a mask in " + dir);
    }
    return m;
  }
}
