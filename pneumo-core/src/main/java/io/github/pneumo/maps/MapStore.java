package io.github.pneumo.maps;

import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.io.SafeNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A folder of probability maps, one file {@code <id>.pmap} per image id, so that inference streams its
 * results to disk and later steps read them back one at a time (memory stays flat in the number of
 * images).
 *
 * <p>File format (version 1): the ASCII magic {@code PMAP}, a version byte (1), an encoding byte, width
 * and height as big-endian 32-bit integers (14 header bytes), then the width·height row-major 8-bit
 * levels (see {@link QuantizedMap}: p ≈ level / 255, error ≤ 1/510), either as a zlib stream with its
 * Adler-32 check (encoding 1) or, when compression would not shrink them, raw (encoding 0). A 1024² map
 * therefore takes at most 1 MiB + 14 bytes, and typically a few tens of KiB, since most of a map is near
 * zero.
 *
 * <p>Writes are atomic (temporary file in the same folder, then an atomic move), so a crash never leaves
 * a truncated map behind and {@link #contains(String)} can drive resumption. Reads reject a truncated or
 * corrupt file with a {@link MapFormatException} naming it. Instances are thread-safe: distinct ids may
 * be written and read concurrently.
 */
public final class MapStore {
  /** File name suffix of stored maps. */
  public static final String SUFFIX = ".pmap";

  private static final byte[] MAGIC = "PMAP".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int ENCODING_U8_RAW = 0;
  private static final int ENCODING_U8_ZLIB = 1;
  private static final int HEADER = 14;
  private static final int MAX_SIDE = 1 << 15;
  /** Deflate's largest expansion: a 258-byte match per bit pair gives at most 1032 bytes per byte. */
  private static final long MAX_ZLIB_RATIO = 1032;

  private final Path dir;

  private MapStore(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens a folder of maps, creating it if needed.
   *
   * @param dir the folder
   * @return the store
   * @throws PneumoException if the folder cannot be created
   */
  public static MapStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new PneumoException("cannot create map folder " + dir + ": " + e.getMessage(), e);
    }
    return new MapStore(dir);
  }

  /**
   * Opens an existing folder of maps for reading.
   *
   * @param dir the folder
   * @return the store
   * @throws PneumoException if the folder does not exist
   */
  public static MapStore existing(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new PneumoException("map folder " + dir + " does not exist");
    }
    return new MapStore(dir);
  }

  /** @return the folder */
  public Path directory() {
    return dir;
  }

  /**
   * The file that holds (or will hold) an id's map.
   *
   * @param id image id: letters, digits, '.', '_' and '-', not starting with '.' ({@link SafeNames})
   * @return {@code <dir>/<id>.pmap}
   * @throws io.github.pneumo.io.UnsafeNameException for any other id
   */
  public Path file(String id) {
    SafeNames.require("image id", id);
    return dir.resolve(id + SUFFIX);
  }

  /**
   * Whether a map is stored for an id.
   *
   * @param id image id
   * @return true if its file exists
   */
  public boolean contains(String id) {
    return Files.isRegularFile(file(id));
  }

  /**
   * Stores a map, quantising it to 8 bits; replaces an existing one atomically.
   *
   * @param id image id
   * @param map probabilities in [0, 1]
   */
  public void write(String id, ProbabilityMap map) {
    write(id, QuantizedMap.quantize(map));
  }

  /**
   * Stores a quantised map; replaces an existing one atomically.
   *
   * @param id image id
   * @param map the levels
   */
  public void write(String id, QuantizedMap map) {
    Path target = file(id);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    header.put(MAGIC).put((byte) VERSION).put((byte) ENCODING_U8_ZLIB).putInt(map.width()).putInt(map.height());
    bytes.write(header.array(), 0, HEADER);
    byte[] levels = map.levels();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(map.levels());
      deflater.finish();
      byte[] buf = new byte[64 * 1024];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        bytes.write(buf, 0, n);
        if (bytes.size() - HEADER >= levels.length) {
          break;
        }
      }
    } finally {
      deflater.end();
    }
    if (bytes.size() - HEADER >= levels.length) {
      header.put(5, (byte) ENCODING_U8_RAW);
      bytes.reset();
      bytes.write(header.array(), 0, HEADER);
      bytes.write(levels, 0, levels.length);
    }
    AtomicFiles.write(target, bytes::writeTo);
  }

  /**
   * Reads a stored map.
   *
   * @param id image id
   * @return the quantised map
   * @throws MapFormatException if the file is missing, truncated or corrupt
   */
  public QuantizedMap read(String id) {
    Path f = file(id);
    byte[] data;
    try {
      data = Files.readAllBytes(f);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MapFormatException("no map for image id '" + id + "' in " + dir);
    } catch (IOException e) {
      throw new MapFormatException("cannot read map " + f + ": " + e.getMessage());
    }
    return decode(f, data);
  }

  /**
   * Reads one map file, wherever it lies (e.g. a map named on the command line).
   *
   * @param file a {@value #SUFFIX} file
   * @return the quantised map
   * @throws MapFormatException if the file is missing, truncated or corrupt
   */
  public static QuantizedMap readFile(Path file) {
    try {
      return decode(file, Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MapFormatException(file + ": no such map file");
    } catch (IOException e) {
      throw new MapFormatException("cannot read map " + file + ": " + e.getMessage());
    }
  }

  static QuantizedMap decode(Path f, byte[] data) {
    if (data.length < HEADER) {
      throw new MapFormatException(f + ": truncated header (" + data.length + " bytes, need " + HEADER + ")");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        throw new MapFormatException(f + ": not a pneumo map (bad magic at byte offset " + i + ")");
      }
    }
    if (data[4] != VERSION) {
      throw new MapFormatException(f + ": unsupported version " + data[4] + " at byte offset 4");
    }
    if (data[5] != ENCODING_U8_ZLIB && data[5] != ENCODING_U8_RAW) {
      throw new MapFormatException(f + ": unknown encoding " + data[5] + " at byte offset 5");
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    int w = b.getInt(6);
    int h = b.getInt(10);
    if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
      throw new MapFormatException(f + ": bad size " + w + "x" + h + " at byte offset 6");
    }
    long pixels = (long) w * h;
    long stored = data.length - HEADER;
    if (data[5] == ENCODING_U8_RAW && stored != pixels) {
      throw new MapFormatException(f + ": raw map of " + w + "x" + h + " needs " + pixels
          + " data bytes, found " + stored + " from byte offset " + HEADER);
    }
    if (data[5] == ENCODING_U8_ZLIB && pixels > MAX_ZLIB_RATIO * stored) {
      // checked before allocating: a 14-byte header must not cost a gigabyte
      throw new MapFormatException(f + ": a zlib stream of " + stored + " bytes cannot hold the " + pixels
          + " pixels of a " + w + "x" + h + " map (zlib expands at most " + MAX_ZLIB_RATIO + "-fold; from byte"
          + " offset " + HEADER + ")");
    }
    byte[] levels = new byte[(int) pixels];
    if (data[5] == ENCODING_U8_RAW) {
      System.arraycopy(data, HEADER, levels, 0, levels.length);
      return new QuantizedMap(w, h, levels);
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data, HEADER, data.length - HEADER);
      int n = 0;
      while (n < levels.length) {
        int k = inflater.inflate(levels, n, levels.length - n);
        if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      if (n < levels.length) {
        throw new MapFormatException(f + ": truncated data (" + n + " of " + levels.length + " pixels)");
      }
      if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
        throw new MapFormatException(f + ": more than " + levels.length + " pixels of data");
      }
      if (!inflater.finished()) {
        throw new MapFormatException(f + ": truncated compressed stream (no end-of-stream)");
      }
      if (inflater.getRemaining() > 0) {
        throw new MapFormatException(f + ": " + inflater.getRemaining() + " trailing bytes at byte offset "
            + (data.length - inflater.getRemaining()));
      }
    } catch (DataFormatException e) {
      throw new MapFormatException(f + ": corrupt compressed data: " + e.getMessage());
    } finally {
      inflater.end();
    }
    return new QuantizedMap(w, h, levels);
  }

  /**
   * The ids of the stored maps, sorted (temporary files of unfinished writes are ignored).
   *
   * @return the ids
   * @throws MapFormatException naming a {@code .pmap} file whose name is not a safe id
   */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX) && !n.startsWith("."))
          .map(n -> n.substring(0, n.length() - SUFFIX.length()))
          .sorted()
          .forEach(ids::add);
      for (String id : ids) {
        if (!SafeNames.isSafe(id)) {
          throw new MapFormatException(dir.resolve(id + SUFFIX) + ": the file name is not a safe image id (allowed: "
              + "letters, digits, '.', '_', '-', not starting with '.'); rename or remove it");
        }
      }
    } catch (IOException e) {
      throw new PneumoException("cannot list map folder " + dir + ": " + e.getMessage(), e);
    }
    return ids;
  }

  /**
   * Iterates over the stored maps in id order, reading each file only when it is reached.
   *
   * @return a lazy iterable; each iteration lists the folder afresh
   */
  public Iterable<StoredMap> maps() {
    return () -> {
      Iterator<String> ids = ids().iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public StoredMap next() {
          if (!ids.hasNext()) {
            throw new NoSuchElementException();
          }
          String id = ids.next();
          return new StoredMap(id, read(id));
        }
      };
    };
  }

  @Override
  public String toString() {
    return "MapStore[" + dir + "]";
  }

  /**
   * One stored map.
   *
   * @param id image id
   * @param map its levels
   */
  public record StoredMap(String id, QuantizedMap map) {}

}
