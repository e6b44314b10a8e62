package io.github.pneumo.maps;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the {@code .pmap} reader: any input either decodes to a map whose size the
 * header declares and whose data the file holds, or fails with a {@link MapFormatException} naming the
 * file. Without {@code JAZZER_FUZZ} this runs the seed corpus {@code MapStoreFuzzTestInputs/decode}.
 */
class MapStoreFuzzTest {
  private static final Path NAME = Path.of("fuzzed.pmap");

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) {
    QuantizedMap map;
    try {
      map = MapStore.decode(NAME, data);
    } catch (MapFormatException e) {
      assertThat(e.getMessage()).startsWith(NAME.toString());
      return;
    }
    assertThat(map.levels()).hasSize(map.width() * map.height());
  }
}
