package io.github.pneumo.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Allocations;
import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapStoreTest {
  @TempDir Path tmp;

  private static ProbabilityMap random(int w, int h, long seed) {
    Random r = new Random(seed);
    float[] v = new float[w * h];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat();
    }
    v[0] = 0f;
    v[1] = 1f;
    v[2] = 0.5f / 255; // exactly half a level
    return new ProbabilityMap(w, h, v);
  }

  @Test
  void quantisationErrorIsAtMostHalfALevel() {
    ProbabilityMap m = random(64, 48, 1);
    QuantizedMap q = QuantizedMap.quantize(m);
    float[] back = q.toProbabilityMap().values();
    double worst = 0;
    for (int i = 0; i < back.length; i++) {
      worst = Math.max(worst, Math.abs(back[i] - m.values()[i]));
    }
    assertThat(worst).isLessThanOrEqualTo(QuantizedMap.MAX_ERROR + 1e-7).isGreaterThan(QuantizedMap.MAX_ERROR * 0.95);
    assertThat(q.level(0, 0)).isZero();
    assertThat(q.level(1, 0)).isEqualTo(255);
    assertThat(q.level(2, 0)).isEqualTo(1);
  }

  @Test
  void rejectsProbabilitiesOutsideTheUnitInterval() {
    ProbabilityMap m = new ProbabilityMap(2, 2, new float[] {0, 0, 0, Float.NaN});
    assertThatThrownBy(() -> QuantizedMap.quantize(m)).isInstanceOf(PneumoException.class)
        .hasMessageContaining("(x=1, y=1)");
  }

  @Test
  void roundTripsAndListsLazily() {
    MapStore store = MapStore.open(tmp.resolve("maps"));
    ProbabilityMap a = random(30, 20, 2);
    store.write("b.id", a);
    store.write("a-id", random(8, 8, 3));
    assertThat(store.ids()).containsExactly("a-id", "b.id");
    assertThat(store.contains("b.id")).isTrue();
    assertThat(store.contains("c")).isFalse();
    assertThat(store.read("b.id")).isEqualTo(QuantizedMap.quantize(a));
    List<String> seen = new ArrayList<>();
    store.maps().forEach(m -> seen.add(m.id() + ":" + m.map().width()));
    assertThat(seen).containsExactly("a-id:8", "b.id:30");
  }

  @Test
  void a1024MapFitsInOneMebibyte() throws Exception {
    MapStore store = MapStore.open(tmp);
    ProbabilityMap noise = random(1024, 1024, 4); // incompressible: stored raw
    store.write("noise", noise);
    assertThat(Files.size(store.file("noise"))).isEqualTo((1 << 20) + 14);
    assertThat(store.read("noise")).isEqualTo(QuantizedMap.quantize(noise));
    float[] blob = new float[1024 * 1024]; // a typical map: mostly zero, one smooth blob
    for (int y = 0; y < 1024; y++) {
      for (int x = 0; x < 1024; x++) {
        blob[y * 1024 + x] = (float) Math.max(0, 1 - Math.hypot(x - 300, y - 600) / 150);
      }
    }
    store.write("blob", new ProbabilityMap(1024, 1024, blob));
    assertThat(Files.size(store.file("blob"))).isLessThan(64 * 1024);
    assertThat(store.read("blob")).isEqualTo(QuantizedMap.quantize(new ProbabilityMap(1024, 1024, blob)));
  }

  @Test
  void corruptFilesAreNamed() throws Exception {
    MapStore store = MapStore.open(tmp);
    store.write("x", new ProbabilityMap(16, 16, new float[256])); // compressible: zlib
    Path f = store.file("x");
    byte[] data = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(data, data.length - 6));
    assertThatThrownBy(() -> store.read("x")).isInstanceOf(MapFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("truncated");
    byte[] bad = data.clone();
    bad[0] = 'X';
    Files.write(f, bad);
    assertThatThrownBy(() -> store.read("x")).isInstanceOf(MapFormatException.class).hasMessageContaining("magic");
    byte[] flipped = data.clone();
    flipped[data.length - 1] ^= 0x55; // Adler-32 trailer
    Files.write(f, flipped);
    assertThatThrownBy(() -> store.read("x")).isInstanceOf(MapFormatException.class).hasMessageContaining("corrupt");
    store.write("raw", random(16, 16, 5)); // incompressible: raw
    byte[] raw = Files.readAllBytes(store.file("raw"));
    Files.write(store.file("raw"), Arrays.copyOf(raw, raw.length - 1));
    assertThatThrownBy(() -> store.read("raw")).isInstanceOf(MapFormatException.class)
        .hasMessageContaining("found 255");
    assertThatThrownBy(() -> store.read("missing")).isInstanceOf(MapFormatException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> store.file("../etc")).isInstanceOf(io.github.pneumo.io.UnsafeNameException.class)
        .hasMessage("image id '../etc' is not a safe file name (allowed: letters, digits, '.', '_', '-', not "
            + "starting with '.', at most 200 characters)");
  }

  @Test
  void aMapFileWithAnUnsafeNameIsNamedWhenListing() throws Exception {
    MapStore store = MapStore.open(tmp.resolve("spaced"));
    store.write("ok", random(4, 4, 1));
    Files.copy(store.file("ok"), store.directory().resolve("a b.pmap"));
    assertThatThrownBy(store::ids).isInstanceOf(MapFormatException.class).hasMessage(store.directory()
        .resolve("a b.pmap") + ": the file name is not a safe image id (allowed: letters, digits, '.', '_', '-', "
        + "not starting with '.'); rename or remove it");
  }

  @Test
  void blendIsAnUnnormalisedWeightedSum() {
    MapStore s1 = MapStore.open(tmp.resolve("one"));
    MapStore s2 = MapStore.open(tmp.resolve("two"));
    s1.write("i", new ProbabilityMap(2, 1, new float[] {1f, 51 / 255f}));
    s2.write("i", new ProbabilityMap(2, 1, new float[] {0.2f, 0f}));
    Map<MapStore, Double> w = new LinkedHashMap<>();
    w.put(s1, 0.4);
    w.put(s2, 0.8);
    ProbabilityMap b = MapBlend.of(w).read("i");
    assertThat(b.values()[0]).isCloseTo(0.4f + 0.8f * (51 / 255f), org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(b.values()[1]).isCloseTo(0.4f * 0.2f, org.assertj.core.data.Offset.offset(1e-6f));
    s1.write("only-one", new ProbabilityMap(1, 1, new float[] {0f}));
    assertThatThrownBy(() -> MapBlend.of(w).read("only-one")).isInstanceOf(PneumoException.class)
        .hasMessageContaining("only-one").hasMessageContaining(s2.directory().toString());
  }

  @Test
  void blendResizesSmallerMaps() {
    MapStore big = MapStore.open(tmp.resolve("big"));
    MapStore small = MapStore.open(tmp.resolve("small"));
    big.write("i", new ProbabilityMap(4, 4, new float[16]));
    small.write("i", new ProbabilityMap(2, 2, new float[] {1, 1, 1, 1}));
    Map<MapStore, Double> w = new LinkedHashMap<>();
    w.put(big, 0.5);
    w.put(small, 0.5);
    ProbabilityMap b = MapBlend.of(w).read("i");
    assertThat(b.width()).isEqualTo(4);
    for (float v : b.values()) {
      assertThat(v).isEqualTo(0.5f);
    }
  }

  private static byte[] header(int encoding, int width, int height, int dataBytes) {
    return java.nio.ByteBuffer.allocate(14 + dataBytes).put("PMAP".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .put((byte) 1).put((byte) encoding).putInt(width).putInt(height).array();
  }

  /** Issue 11 item 8: a 14-byte header declaring 32768x32768 used to allocate 1 GiB before reading data. */
  @Test
  void hostileHeaderIsRejectedBeforeAllocatingTheMap() {
    Path f = Path.of("bomb.pmap");
    Allocations.Outcome zlib = Allocations.failing(() -> MapStore.decode(f, header(1, 32768, 32768, 6)));
    assertThat(zlib.thrown()).isInstanceOf(MapFormatException.class).hasMessage("bomb.pmap: a zlib stream of 6"
        + " bytes cannot hold the 1073741824 pixels of a 32768x32768 map (zlib expands at most 1032-fold; from"
        + " byte offset 14)");
    assertThat(zlib.allocatedBytes()).isLessThan(16L << 20);
    Allocations.Outcome raw = Allocations.failing(() -> MapStore.decode(f, header(0, 32768, 32768, 0)));
    assertThat(raw.thrown()).isInstanceOf(MapFormatException.class)
        .hasMessage("bomb.pmap: raw map of 32768x32768 needs 1073741824 data bytes, found 0 from byte offset 14");
    assertThat(raw.allocatedBytes()).isLessThan(16L << 20);
  }
}
