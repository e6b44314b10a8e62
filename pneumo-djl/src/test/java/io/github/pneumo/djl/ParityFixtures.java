package io.github.pneumo.djl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The parity fixtures (vendored in pneumo-testdata from ../shared/fixtures/parity): the manifest, the raw float32 files and the
 * closed-form weight formula of its README, written once here.
 */
final class ParityFixtures {

  private static @Nullable JsonObject manifest;

  private ParityFixtures() {}

  static Path dir() {
    return TestData.vendored("fixtures/parity");
  }

  static synchronized JsonObject manifest() {
    if (manifest == null) {
      try {
        manifest = JsonParser.parseString(Files.readString(dir().resolve("manifest.json"))).getAsJsonObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return manifest;
  }

  static JsonObject model(String architecture) {
    return manifest().getAsJsonObject("models").getAsJsonObject(architecture);
  }

  /** Reads a raw little-endian float32 file. */
  static float[] readF32(String file) {
    try {
      byte[] bytes = Files.readAllBytes(dir().resolve(file));
      float[] out = new float[bytes.length / 4];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One state_dict entry of the manifest. */
  record Entry(String name, long[] shape, String kind, @Nullable String aliasOf, double sum, float v0) {
    long size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    boolean isCanonicalTensor() {
      return aliasOf == null && !kind.equals("num_batches_tracked");
    }
  }

  static List<Entry> stateDict(String architecture) {
    List<Entry> out = new ArrayList<>();
    for (JsonElement e : model(architecture).getAsJsonArray("state_dict")) {
      JsonObject o = e.getAsJsonObject();
      JsonArray shape = o.getAsJsonArray("shape");
      long[] dims = new long[shape.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shape.get(i).getAsLong();
      }
      out.add(new Entry(o.get("name").getAsString(), dims, o.get("kind").getAsString(),
          o.has("alias_of") ? o.get("alias_of").getAsString() : null,
          o.has("sum") ? o.get("sum").getAsDouble() : Double.NaN,
          o.has("v0") ? o.get("v0").getAsFloat() : Float.NaN));
    }
    return out;
  }

  /** The README's closed-form weights for a tensor, generated from its own name. */
  static float[] closedForm(Entry entry) {
    CRC32 crc = new CRC32();
    crc.update(entry.name().getBytes(StandardCharsets.UTF_8));
    long seed = crc.getValue();
    int n = Math.toIntExact(entry.size());
    long fanIn = entry.shape().length >= 2 ? entry.size() / entry.shape()[0] : 0;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      seed = (seed * 1664525L + 1013904223L) & 0xFFFFFFFFL;
      double u = seed / 4294967296.0 - 0.5;
      double v = switch (entry.kind()) {
        case "conv_weight", "linear_weight" -> u * Math.sqrt(24.0 / fanIn);
        case "bias", "bn_bias", "bn_running_mean" -> 0.2 * u;
        case "bn_weight" -> 1 + 0.2 * u;
        case "bn_running_var" -> 1 + 0.4 * u;
        default -> throw new IllegalArgumentException("no formula for kind " + entry.kind());
      };
      out[i] = (float) v;
    }
    return out;
  }

  static double sum(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }
}
