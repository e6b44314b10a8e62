package io.github.pneumo.djl.weights;

import com.google.common.primitives.Longs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test access to a safetensors file's tensor names and shapes ({@link SafeTensors} is package-private). */
public final class SafeTensorsShapes {
  private SafeTensorsShapes() {}

  /**
   * The tensors of a safetensors file.
   *
   * @param file the file
   * @return name → shape, sorted by name
   */
  public static Map<String, List<Long>> of(Path file) {
    Map<String, List<Long>> shapes = new TreeMap<>();
    try (SafeTensors.Reader reader = SafeTensors.open(file)) {
      reader.tensors().values().forEach(t -> shapes.put(t.name(), Longs.asList(t.shape())));
    }
    return shapes;
  }
}
